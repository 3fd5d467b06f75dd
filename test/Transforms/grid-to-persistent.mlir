// RUN: tilett-opt --tt-lower-tile-intrinsics --tt-grid-to-persistent %s | FileCheck %s

// The GEMM of lower-tile-intrinsics.mlir, sliced into persistent reader,
// compute and writer kernels. Core (0,0) has two work items.

// CHECK-LABEL: func.func private @gemm(memref<256x256xbf16> {tl.name = "A"}
// CHECK-SAME: tt.compile_args = {compute = [], reader = ["accessor:A", "accessor:B"], writer = ["accessor:C"]}
// CHECK-SAME: tt.kernel_args = {compute = ["num_items", "items:bx,by"], reader = ["addr:A", "addr:B", "num_items", "items:bx,by"], writer = ["addr:C", "num_items", "items:bx,by"]}
// CHECK-SAME: tt.kernels = [@gemm_reader, @gemm_compute, @gemm_writer]
// CHECK-NOT: tl.kernel

// Reader: addresses in args 0 and 1, num_items in 2, item i's bx/by in
// 3 + 2i and 4 + 2i; per K step two tile batches into CBs 0 and 1.
// CHECK-LABEL: func.func @gemm_reader()
// CHECK-SAME: tt.kernel_kind = #tt.kernel_kind<reader>
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : i32
// CHECK-DAG: %[[A:.*]] = tt.get_arg_val 0 : i32
// CHECK-DAG: %[[B:.*]] = tt.get_arg_val 1 : i32
// CHECK: %[[N:.*]] = tt.get_arg_val 2 : i32
// CHECK: %[[NI:.*]] = arith.index_cast %[[N]] : i32 to index
// CHECK: scf.for %[[ITEM:.*]] = %{{.*}} to %[[NI]]
// CHECK: %[[BXI:.*]] = arith.addi %{{.*}}, %[[C3]] : i32
// CHECK: tt.get_arg_val_dyn %[[BXI]] : i32
// CHECK: tt.get_arg_val_dyn
// CHECK: scf.for
// CHECK: tt.interleaved_accessor %[[A]], %{{.*}} {cta_offset = 0 : i32, dtype = bf16}
// CHECK: tt.cb_reserve_back
// CHECK: tt.get_write_ptr
// CHECK: tt.noc_async_read_tile
// CHECK: tt.interleaved_accessor %[[B]], %{{.*}} {cta_offset = 1 : i32, dtype = bf16}
// CHECK: tt.noc_async_read_tile
// CHECK: tt.noc_async_read_barrier
// CHECK: tt.cb_push_back
// CHECK: tt.cb_push_back
// CHECK-NOT: tt.matmul_tiles
// CHECK-NOT: tt.noc_async_write_tile
// CHECK: return

// CHECK-LABEL: func.func @gemm_compute()
// CHECK-SAME: tt.kernel_kind = #tt.kernel_kind<compute>
// CHECK: %[[N:.*]] = tt.get_arg_val 0 : i32
// CHECK: scf.for
// CHECK-NOT: tt.fill_tile
// CHECK: scf.for
// CHECK: tt.cb_wait_front
// CHECK: tt.mm_init
// CHECK: tt.tile_regs_acquire
// CHECK: scf.if
// CHECK: tt.cb_pop_front
// CHECK: tt.matmul_tiles
// CHECK: tt.tile_regs_commit
// CHECK: tt.tile_regs_wait
// CHECK: tt.pack_tile
// CHECK: tt.tile_regs_release
// CHECK: tt.cb_pop_front
// CHECK: tt.cb_pop_front
// CHECK: }
// CHECK: tt.copy_tile
// CHECK: tt.pack_tile
// CHECK-NOT: tt.noc_async
// CHECK: return

// CHECK-LABEL: func.func @gemm_writer()
// CHECK-SAME: tt.kernel_kind = #tt.kernel_kind<writer>
// CHECK: %[[C:.*]] = tt.get_arg_val 0 : i32
// CHECK: tt.get_arg_val 1 : i32
// CHECK: scf.for
// CHECK: tt.get_arg_val_dyn
// CHECK: tt.interleaved_accessor %[[C]], %{{.*}} {cta_offset = 0 : i32, dtype = bf16}
// CHECK: tt.cb_wait_front
// CHECK: tt.get_read_ptr
// CHECK: tt.noc_async_write_tile
// CHECK: tt.noc_async_write_barrier
// CHECK: tt.cb_pop_front
// CHECK-NOT: tt.noc_async_read_tile
// CHECK: return

module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  func.func @gemm(%A: memref<256x256xbf16> {tl.name = "A"},
                  %B: memref<256x256xbf16> {tl.name = "B"},
                  %C: memref<256x256xbf16> {tl.name = "C"}) attributes {
      tt.core_grid = #tt.core_grid<4, 4>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (4, 4)>],
      tt.layout_desc = {
        A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [256, 256], padded_shape = [256, 256], page_size = 2048>,
        B = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [256, 256], padded_shape = [256, 256], page_size = 2048>,
        C = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [256, 256], padded_shape = [256, 256], page_size = 2048>},
      tt.cb_desc = [
        #tt.cb_desc<index = 0, dtype = bf16, page_size = 2048, num_pages = 6, buffer = "A_shared">,
        #tt.cb_desc<index = 1, dtype = bf16, page_size = 2048, num_pages = 6, buffer = "B_shared">,
        #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "C_local">],
      tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 8, tile_order = row_major, len_m = 2, len_n = 2>,
                                      #tt.work_item<io = 0, jo = 2, len_k = 8, tile_order = row_major, len_m = 2, len_n = 2>]}} {
    tl.kernel grid [4, 4] threads 128 (%bx, %by) {
      %c64 = arith.constant 64 : index
      %c32 = arith.constant 32 : index
      %A_s = tl.alloc_shared {tl.name = "A_shared"} : memref<64x32xbf16, #tl.memory_space<shared>>
      %B_s = tl.alloc_shared {tl.name = "B_shared"} : memref<32x64xbf16, #tl.memory_space<shared>>
      %C_l = tl.alloc_fragment {tl.name = "C_local"} : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.clear %C_l : memref<64x64xf32, #tl.memory_space<fragment>>
      %row = arith.muli %by, %c64 : index
      %col = arith.muli %bx, %c64 : index
      tl.pipelined %k = 0 to 8 step 1 stages 3 {
        %kk = arith.muli %k, %c32 : index
        tl.copy %A[%row, %kk] to %A_s : memref<256x256xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
        tl.copy %B[%kk, %col] to %B_s : memref<256x256xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
        tl.gemm %A_s, %B_s, %C_l : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
      }
      tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<256x256xbf16>
    }
    return
  }
}

