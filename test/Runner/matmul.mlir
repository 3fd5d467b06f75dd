// End to end: a bf16 GEMM with fp32 accumulation, 2x2 blocks of 32x32,
// K = 64 in two pipelined steps.
// RUN: tilett run %s | FileCheck %s

// CHECK-LABEL: kernel matmul
// CHECK-SAME: K 64
// CHECK: output C  max_abs_err {{.*}}  PASS
// CHECK: {{^}}PASS
func.func @matmul(%A: memref<64x64xbf16> {tl.name = "A"},
                  %B: memref<64x64xbf16> {tl.name = "B"},
                  %C: memref<64x64xbf16> {tl.name = "C"}) {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %A_s = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment : memref<32x32xf32, #tl.memory_space<fragment>>
    tl.clear %C_l : memref<32x32xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c32 : index
    %col = arith.muli %bx, %c32 : index
    tl.pipelined %k = 0 to 2 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%row, %kk] to %A_s : memref<64x64xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %B_s : memref<64x64xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l : memref<32x32xbf16, #tl.memory_space<shared>>, memref<32x32xbf16, #tl.memory_space<shared>>, memref<32x32xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<32x32xf32, #tl.memory_space<fragment>> to memref<64x64xbf16>
  }
  return
}
