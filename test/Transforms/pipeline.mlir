// RUN: tilett-opt --tt-pipeline="core-grid=2x2 strategy=contiguous k-block=1" --split-input-file %s | FileCheck %s

// The whole pipeline from tl input: a 256x256x256 GEMM with 16 blocks on a
// 2x2 core grid (4 work items per core), bf16 in, f32 accumulate, bf16 out.

// CHECK-LABEL: func.func private @matmul
// CHECK-SAME: tt.kernels = [@matmul_reader, @matmul_compute, @matmul_writer]
// CHECK-SAME: tt.work_partition = {"(0,0)" = [#tt.work_item<{{[^>]*}}>, #tt.work_item<{{[^>]*}}>, #tt.work_item<{{[^>]*}}>, #tt.work_item<{{[^>]*}}>]
// Contiguous blocks give core (x, 0) and core (x, 1) the same bx at every
// step, so the two cores of a column share B: the first reads it and
// multicasts it. Runtime args: A, B, 8 multicast fields, num_items, items.
// A's reads and B's (its sender's) or B's room (a receiver's) first, one
// barrier for both, then B's multicast or its wait, then both pushes.
// CHECK-LABEL: func.func @matmul_reader()
// CHECK: tt.get_arg_val 10 : i32
// CHECK: scf.for
// CHECK: tt.get_arg_val_dyn
// CHECK: tt.cb_reserve_back %c0_i32
// CHECK: tt.noc_async_read_tile
// CHECK-NOT: tt.noc_async_read_barrier
// CHECK: tt.cb_reserve_back %c1_i32
// CHECK: scf.if
// CHECK: tt.noc_async_read_tile
// CHECK: } else {
// CHECK: tt.noc_semaphore_inc
// CHECK: tt.noc_async_read_barrier
// CHECK: scf.if
// CHECK: tt.noc_async_write_multicast
// CHECK: scf.if
// CHECK: tt.noc_semaphore_wait
// CHECK: tt.cb_push_back %c0_i32
// CHECK: tt.cb_push_back %c1_i32
// CHECK-LABEL: func.func @matmul_compute()
// CHECK: tt.cb_wait_front
// CHECK: tt.mm_init
// CHECK: tt.tile_regs_acquire
// CHECK: tt.matmul_tiles
// CHECK: tt.tile_regs_commit
// CHECK: tt.tile_regs_wait
// CHECK: tt.pack_tile
// CHECK: tt.tile_regs_release
// CHECK: tt.cb_pop_front
// CHECK-LABEL: func.func @matmul_writer()
// CHECK: tt.cb_wait_front
// CHECK: tt.noc_async_write_tile
// CHECK: tt.noc_async_write_barrier
// CHECK: tt.cb_pop_front
func.func @matmul(%A: memref<256x256xbf16> {tl.name = "A"}, %B: memref<256x256xbf16> {tl.name = "B"},
                  %C: memref<256x256xbf16> {tl.name = "C"}) {
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

// -----

// CHECK-LABEL: func.func private @eltwise_add
// CHECK-LABEL: func.func @eltwise_add_reader()
// CHECK: tt.noc_async_read_tile
// CHECK-LABEL: func.func @eltwise_add_compute()
// CHECK: tt.add_binary_tile
// CHECK: tt.pack_tile
// CHECK-LABEL: func.func @eltwise_add_writer()
// CHECK: tt.noc_async_write_tile
func.func @eltwise_add(%A: memref<128x128xbf16> {tl.name = "A"}, %B: memref<128x128xbf16> {tl.name = "B"},
                       %C: memref<128x128xbf16> {tl.name = "C"}) {
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

// -----

// CHECK-LABEL: func.func private @gemm_relu
// CHECK-SAME: padded_shape = [128, 128]
// CHECK-LABEL: func.func @gemm_relu_reader()
// CHECK-LABEL: func.func @gemm_relu_compute()
// CHECK: tt.matmul_tiles
// CHECK: tt.relu_tile
// CHECK-LABEL: func.func @gemm_relu_writer()
// CHECK: tt.noc_async_write_tile
func.func @gemm_relu(%A: memref<100x64xbf16> {tl.name = "A"}, %B: memref<64x100xbf16> {tl.name = "B"},
                     %C: memref<100x100xbf16> {tl.name = "C"}) {
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
