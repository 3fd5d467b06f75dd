// tl-level 256x256x256 GEMM (from test/Transforms/pipeline.mlir) for the end-to-end compile test.

// The whole pipeline from tl input: a 256x256x256 GEMM with 16 blocks on a
// 2x2 core grid (4 work items per core), bf16 in, f32 accumulate, bf16 out.

// CHECK-LABEL: func.func private @matmul
// CHECK-SAME: tt.kernels = [@matmul_reader, @matmul_compute, @matmul_writer]
// CHECK-SAME: tt.work_partition = {"(0,0)" = [#tt.work_item<{{[^>]*}}>, #tt.work_item<{{[^>]*}}>, #tt.work_item<{{[^>]*}}>, #tt.work_item<{{[^>]*}}>]
// CHECK-LABEL: func.func @matmul_reader()
// CHECK: tt.get_arg_val 2 : i32
// CHECK: scf.for
// CHECK: tt.get_arg_val_dyn
// CHECK: tt.cb_reserve_back
// CHECK: tt.noc_async_read_tile
// CHECK: tt.noc_async_read_barrier
// CHECK: tt.cb_push_back
// CHECK-LABEL: func.func @matmul_compute()
// CHECK: tt.cb_wait_front
// CHECK: tt.tile_regs_acquire
// CHECK: tt.mm_init
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

