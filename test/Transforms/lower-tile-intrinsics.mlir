// RUN: tilett-opt --tt-lower-tile-intrinsics --split-input-file %s | FileCheck %s

// GEMM C = A * B: bf16 inputs, f32 fragment accumulator, bf16 output; 64x64
// blocks, K in steps of 32 pipelined over 3 stages. Input as it is after
// TTTilesToCoreMap.

module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @gemm
  // CHECK-SAME: tt.cb_desc = [{{.*}}#tt.cb_desc<index = 17, dtype = bf16, page_size = 2048, num_pages = 4, buffer = "C_local_to_C">]
  // CHECK-SAME: tt.compute_config = {fp32_dest_acc_en = true, math_approx_mode = false, math_fidelity = "HiFi4"}
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
    // C_local (CB 16) is one sub-block of 4 tiles (fp32 DST: budget 4). The
    // clear is left to the gemm: each K step reads 2 tiles of A and B, then
    // reloads C (except in the first step, which starts from the zeroed DST
    // with C's CB still empty), runs matmul_tiles and packs C back; A and B
    // are popped after the gemm. The store converts f32 -> bf16 through
    // staging CB 17, which the writer drains. A's and B's reads are one run:
    // A's thread only reserves and issues its reads, B's issues its own,
    // waits once for both and pushes both.
    // CHECK:      tl.kernel
    // CHECK-NOT:  tt.fill_tile
    // CHECK:      scf.for %[[K:.*]] = %[[K0:.*]] to
    // CHECK:        tt.thread <reader> {
    // CHECK:          tt.buffer_address %arg0
    // CHECK:          tt.interleaved_accessor {{.*}} {cta_offset = 0 : i32, dtype = bf16} : !tt.accessor
    // CHECK:          tt.cb_reserve_back %[[CBA:.*]], %{{.*}}
    // CHECK:          tt.get_write_ptr
    // CHECK:          scf.for
    // CHECK:            tt.noc_async_read_tile
    // CHECK-NOT:      tt.noc_async_read_barrier
    // CHECK:        tt.thread <reader> {
    // CHECK:          tt.buffer_address %arg1
    // CHECK:          tt.interleaved_accessor {{.*}} {cta_offset = 1 : i32, dtype = bf16} : !tt.accessor
    // CHECK:          tt.cb_reserve_back %[[CBB:.*]], %{{.*}}
    // CHECK:          tt.noc_async_read_tile
    // CHECK:          tt.noc_async_read_barrier
    // CHECK-NOT:      tt.noc_async_read_tile
    // CHECK:          tt.cb_push_back
    // CHECK:          tt.cb_push_back
    // CHECK:        tt.thread <compute> {
    // CHECK:          tt.cb_wait_front
    // CHECK:          tt.cb_wait_front
    // CHECK:          %[[LATER:.*]] = arith.cmpi ne, %[[K]], %[[K0]]
    // CHECK:          %[[ACC:.*]] = arith.extui %[[LATER]]
    // CHECK:          tt.mm_init
    // CHECK:          scf.for
    // CHECK:            tt.tile_regs_acquire
    // CHECK:            scf.if %[[LATER]] {
    // CHECK-NEXT:         tt.cb_wait_front
    // CHECK-NEXT:         tt.cb_pop_front
    // CHECK-NEXT:       }
    // CHECK-NOT:        tt.copy_tile
    // CHECK:            tt.matmul_tiles
    // CHECK:            tt.tile_regs_commit
    // CHECK:            tt.tile_regs_wait
    // CHECK:            tt.cb_reserve_back
    // CHECK-NEXT:       tt.pack_reconfig_l1_acc %[[ACC]]
    // CHECK:            tt.pack_tile
    // CHECK:            tt.cb_push_back
    // CHECK:            tt.tile_regs_release
    // CHECK:        tt.thread <compute> {
    // CHECK-NEXT:     %[[CA:.*]] = arith.constant 0 : i32
    // CHECK-NEXT:     %[[NA:.*]] = arith.constant 2 : i32
    // CHECK-NEXT:     tt.cb_wait_front %[[CA]], %[[NA]]
    // CHECK-NEXT:     tt.cb_pop_front %[[CA]], %[[NA]]
    // CHECK:        tt.thread <compute> {
    // CHECK:          tt.cb_pop_front
    // CHECK:      tt.thread <compute> {
    // CHECK-DAG:    %[[S:.*]] = arith.constant 17 : i32
    // CHECK-DAG:    %[[F:.*]] = arith.constant 16 : i32
    // CHECK:        tt.copy_tile_init %[[F]]
    // CHECK:        tt.copy_tile %[[F]]
    // CHECK:        tt.pack_tile %{{.*}}, %[[S]]
    // CHECK:      tt.thread <writer> {
    // CHECK:        tt.buffer_address %arg2
    // CHECK:        tt.interleaved_accessor {{.*}} {cta_offset = 0 : i32, dtype = bf16} : !tt.accessor
    // CHECK:        tt.cb_wait_front
    // CHECK:        tt.get_read_ptr
    // CHECK:        tt.noc_async_write_tile
    // CHECK:        tt.noc_async_write_barrier
    // CHECK:        tt.cb_pop_front
    // CHECK:      tt.thread <compute> {
    // CHECK:        tt.cb_pop_front
    // CHECK-NOT:  tl.copy
    // CHECK-NOT:  tl.gemm
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

// -----

// Element-wise C = A + B on 64x64 bf16 blocks of a 128x128 tensor.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @eltwise_add
  // CHECK-SAME: tt.compute_config = {fp32_dest_acc_en = false, math_approx_mode = false, math_fidelity = "HiFi4"}
  func.func @eltwise_add(%A: memref<128x128xbf16> {tl.name = "A"},
                         %B: memref<128x128xbf16> {tl.name = "B"},
                         %C: memref<128x128xbf16> {tl.name = "C"}) attributes {
      tt.core_grid = #tt.core_grid<2, 2>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (2, 2)>],
      tt.layout_desc = {
        A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [128, 128], padded_shape = [128, 128], page_size = 2048>,
        B = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [128, 128], padded_shape = [128, 128], page_size = 2048>,
        C = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [128, 128], padded_shape = [128, 128], page_size = 2048>},
      tt.cb_desc = [
        #tt.cb_desc<index = 0, dtype = bf16, page_size = 2048, num_pages = 4, buffer = "A_shared">,
        #tt.cb_desc<index = 1, dtype = bf16, page_size = 2048, num_pages = 4, buffer = "B_shared">,
        #tt.cb_desc<index = 16, dtype = bf16, page_size = 2048, num_pages = 4, buffer = "C_local">],
      tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>],
                           "(1,0)" = [#tt.work_item<io = 0, jo = 2, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>],
                           "(0,1)" = [#tt.work_item<io = 2, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>],
                           "(1,1)" = [#tt.work_item<io = 2, jo = 2, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}} {
    // Two loads, an SFPU add per tile (two DST slots each), and a direct store:
    // C_local is bf16 like C, so the writer drains its CB.
    // CHECK:      tt.thread <reader> {
    // CHECK:        tt.noc_async_read_tile
    // CHECK:      tt.thread <reader> {
    // CHECK:        tt.noc_async_read_tile
    // The add's init is the same for every tile: it is set once, before
    // the sub-block loop (InitHoisting.cpp); the two copy_tile inits
    // alternate and stay with their tiles.
    // CHECK:      tt.thread <compute> {
    // CHECK:        tt.init_sfpu
    // CHECK-NOT:    scf.for
    // CHECK:        tt.add_binary_tile_init
    // CHECK-NEXT:   scf.for
    // CHECK:        tt.cb_wait_front
    // CHECK:        tt.cb_wait_front
    // CHECK:        tt.tile_regs_acquire
    // CHECK:        tt.copy_tile_init
    // CHECK:        tt.copy_tile
    // CHECK:        tt.copy_tile_init
    // CHECK:        tt.copy_tile
    // CHECK-NOT:    tt.add_binary_tile_init
    // CHECK:        tt.add_binary_tile
    // CHECK:        tt.tile_regs_commit
    // CHECK:        tt.pack_tile
    // CHECK:        tt.tile_regs_release
    // CHECK:      tt.thread <writer> {
    // CHECK:        tt.cb_wait_front
    // CHECK:        tt.noc_async_write_tile
    // CHECK:        tt.noc_async_write_barrier
    // CHECK:        tt.cb_pop_front
    // CHECK-NOT:  tl.parallel
    tl.kernel grid [2, 2] (%bx, %by) {
      %c64 = arith.constant 64 : index
      %A_s = tl.alloc_shared {tl.name = "A_shared"} : memref<64x64xbf16, #tl.memory_space<shared>>
      %B_s = tl.alloc_shared {tl.name = "B_shared"} : memref<64x64xbf16, #tl.memory_space<shared>>
      %C_l = tl.alloc_fragment {tl.name = "C_local"} : memref<64x64xbf16, #tl.memory_space<fragment>>
      %row = arith.muli %by, %c64 : index
      %col = arith.muli %bx, %c64 : index
      tl.copy %A[%row, %col] to %A_s : memref<128x128xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
      tl.copy %B[%row, %col] to %B_s : memref<128x128xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
      tl.parallel (%i, %j) in [64, 64] {
        %a = memref.load %A_s[%i, %j] : memref<64x64xbf16, #tl.memory_space<shared>>
        %b = memref.load %B_s[%i, %j] : memref<64x64xbf16, #tl.memory_space<shared>>
        %s = arith.addf %a, %b : bf16
        memref.store %s, %C_l[%i, %j] : memref<64x64xbf16, #tl.memory_space<fragment>>
      }
      tl.copy %C_l to %C[%row, %col] : memref<64x64xbf16, #tl.memory_space<fragment>> to memref<128x128xbf16>
    }
    return
  }
}

// -----

// GEMM + ReLU epilogue on a padded problem (100x100x64 padded to 128), one
// 128x128 block, K in two steps of 32.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @gemm_relu
  func.func @gemm_relu(%A: memref<100x64xbf16> {tl.name = "A"},
                       %B: memref<64x100xbf16> {tl.name = "B"},
                       %C: memref<100x100xbf16> {tl.name = "C"}) attributes {
      tt.core_grid = #tt.core_grid<1, 1>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (1, 1)>],
      tt.layout_desc = {
        A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [100, 64], padded_shape = [128, 64], page_size = 2048>,
        B = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [64, 100], padded_shape = [64, 128], page_size = 2048>,
        C = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [100, 100], padded_shape = [128, 128], page_size = 2048>},
      tt.cb_desc = [
        #tt.cb_desc<index = 0, dtype = bf16, page_size = 2048, num_pages = 8, buffer = "A_shared">,
        #tt.cb_desc<index = 1, dtype = bf16, page_size = 2048, num_pages = 8, buffer = "B_shared">,
        #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 16, buffer = "C_local">],
      tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 2, tile_order = row_major, len_m = 4, len_n = 4>]}} {
    // 16 C tiles in 4 sub-blocks of 4; the ReLU epilogue reloads C_local per
    // sub-block, applies relu_tile and packs the bf16 result straight into
    // the store's staging CB 17 (no second copy for the writer); its inits
    // are set once before the loop.
    // CHECK-NOT:  tt.fill_tile
    // CHECK:      tt.matmul_tiles
    // CHECK:      tt.thread <compute> {
    // CHECK:        tt.copy_tile_init %c16_i32
    // CHECK:        tt.relu_tile_init
    // CHECK:        scf.for
    // CHECK:          tt.cb_wait_front %c16_i32
    // CHECK:          tt.tile_regs_acquire
    // CHECK:          tt.copy_tile %c16_i32
    // CHECK:          tt.relu_tile
    // CHECK:          tt.cb_pop_front %c16_i32
    // CHECK:          tt.tile_regs_commit
    // CHECK:          tt.cb_reserve_back %c17_i32
    // CHECK:          tt.pack_tile %{{.*}}, %c17_i32
    // CHECK:          tt.cb_push_back %c17_i32
    // CHECK:      tt.thread <writer> {
    // CHECK:        tt.cb_wait_front %c17_i32
    // CHECK:        tt.noc_async_write_tile
    // CHECK-NOT:  tt.copy_tile
    tl.kernel grid [1, 1] (%bx, %by) {
      %c128 = arith.constant 128 : index
      %c32 = arith.constant 32 : index
      %A_s = tl.alloc_shared {tl.name = "A_shared"} : memref<128x32xbf16, #tl.memory_space<shared>>
      %B_s = tl.alloc_shared {tl.name = "B_shared"} : memref<32x128xbf16, #tl.memory_space<shared>>
      %C_l = tl.alloc_fragment {tl.name = "C_local"} : memref<128x128xf32, #tl.memory_space<fragment>>
      %row = arith.muli %by, %c128 : index
      %col = arith.muli %bx, %c128 : index
      tl.clear %C_l : memref<128x128xf32, #tl.memory_space<fragment>>
      tl.pipelined %k = 0 to 2 step 1 stages 2 {
        %kk = arith.muli %k, %c32 : index
        tl.copy %A[%row, %kk] to %A_s : memref<100x64xbf16> to memref<128x32xbf16, #tl.memory_space<shared>>
        tl.copy %B[%kk, %col] to %B_s : memref<64x100xbf16> to memref<32x128xbf16, #tl.memory_space<shared>>
        tl.gemm %A_s, %B_s, %C_l : memref<128x32xbf16, #tl.memory_space<shared>>, memref<32x128xbf16, #tl.memory_space<shared>>, memref<128x128xf32, #tl.memory_space<fragment>>
      }
      tl.parallel (%i, %j) in [128, 128] {
        %v = memref.load %C_l[%i, %j] : memref<128x128xf32, #tl.memory_space<fragment>>
        %zero = arith.constant 0.0 : f32
        %r = arith.maximumf %v, %zero : f32
        memref.store %r, %C_l[%i, %j] : memref<128x128xf32, #tl.memory_space<fragment>>
      }
      tl.copy %C_l to %C[%row, %col] : memref<128x128xf32, #tl.memory_space<fragment>> to memref<100x100xbf16>
    }
    return
  }
}

// -----

// transpose_b with clear_accum, then an epilogue with scalar and unary SFPU
// ops: out = exp(acc * 0.5 - 1.0) max acc, and 2 / acc.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @sfpu_epilogue
  func.func @sfpu_epilogue(%A: memref<64x64xbf16> {tl.name = "A"},
                           %B: memref<64x64xbf16> {tl.name = "B"}) attributes {
      tt.layout_desc = {
        A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 2048>,
        B = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 2048>},
      tt.cb_desc = [
        #tt.cb_desc<index = 0, dtype = bf16, page_size = 2048, num_pages = 4, buffer = "a">,
        #tt.cb_desc<index = 1, dtype = bf16, page_size = 2048, num_pages = 4, buffer = "b">,
        #tt.cb_desc<index = 24, dtype = f32, page_size = 4096, num_pages = 4, buffer = "acc">,
        #tt.cb_desc<index = 25, dtype = f32, page_size = 4096, num_pages = 4, buffer = "out">]} {
    // CHECK:      tt.thread <compute> {
    // CHECK:        tt.fill_tile %{{.*}}, 0.000000e+00
    // CHECK:      tt.thread <compute> {
    // CHECK:        tt.mm_init %{{.*}}, %{{.*}}, %{{.*}} {transpose = true}
    // CHECK:        tt.matmul_tiles {{.*}} {transpose = true}
    // CHECK:      tt.thread <compute> {
    // CHECK:        tt.copy_tile
    // CHECK:        tt.binop_with_scalar_tile_init
    // CHECK:        %[[HALF:.*]] = arith.constant 1056964608 : i32
    // CHECK:        tt.mul_unary_tile %{{.*}}, %[[HALF]]
    // CHECK:        %[[ONE:.*]] = arith.constant 1065353216 : i32
    // CHECK:        tt.sub_unary_tile %{{.*}}, %[[ONE]]
    // CHECK:        tt.exp_tile_init
    // CHECK:        tt.exp_tile
    // CHECK:        tt.copy_tile
    // CHECK:        tt.max_binary_tile_init
    // CHECK:        tt.max_binary_tile
    // CHECK:        tt.pack_tile
    // CHECK:      tt.thread <compute> {
    // CHECK:        tt.recip_tile
    // CHECK:        tt.mul_unary_tile
    tl.kernel grid [1] (%bx) {
      %c0 = arith.constant 0 : index
      %a = tl.alloc_shared {tl.name = "a"} : memref<64x64xbf16, #tl.memory_space<shared>>
      %b = tl.alloc_shared {tl.name = "b"} : memref<64x64xbf16, #tl.memory_space<shared>>
      %acc = tl.alloc_fragment {tl.name = "acc"} : memref<64x64xf32, #tl.memory_space<fragment>>
      %out = tl.alloc_fragment {tl.name = "out"} : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.copy %A[%c0, %c0] to %a : memref<64x64xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
      tl.copy %B[%c0, %c0] to %b : memref<64x64xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
      tl.gemm %a, %b, %acc {transpose_b = true, clear_accum = true} : memref<64x64xbf16, #tl.memory_space<shared>>, memref<64x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
      tl.parallel (%i, %j) in [64, 64] {
        %x = memref.load %acc[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
        %h = arith.constant 0.5 : f32
        %one = arith.constant 1.0 : f32
        %m = arith.mulf %x, %h : f32
        %s = arith.subf %m, %one : f32
        %e = math.exp %s : f32
        %r = arith.maximumf %e, %x : f32
        memref.store %r, %out[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      }
      tl.parallel (%i, %j) in [64, 64] {
        %x = memref.load %acc[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
        %two = arith.constant 2.0 : f32
        %r = arith.divf %two, %x : f32
        memref.store %r, %out[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      }
    }
    return
  }
}
