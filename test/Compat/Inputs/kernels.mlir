// Kernels for the legacy-vs-pipeline equivalence tests (not a test itself).

func.func @gemm(%A: memref<128x128xbf16> {tl.name = "A"}, %B: memref<128x128xbf16> {tl.name = "B"}, %C: memref<128x128xbf16> {tl.name = "C"}) {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c64 = arith.constant 64 : index
    %c32 = arith.constant 32 : index
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    %a = tl.alloc_shared {tl.name = "A_shared"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %b = tl.alloc_shared {tl.name = "B_shared"} : memref<32x64xbf16, #tl.memory_space<shared>>
    %acc = tl.alloc_fragment {tl.name = "C_local"} : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.clear %acc : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.pipelined %k = 0 to 4 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%row, %kk] to %a : memref<128x128xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %b : memref<128x128xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
      tl.gemm %a, %b, %acc : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %acc to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<128x128xbf16>
  }
  return
}

func.func @copy(%X: memref<64x64xbf16> {tl.name = "X"}, %Y: memref<64x64xbf16> {tl.name = "Y"}) {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %r = arith.muli %by, %c32 : index
    %c = arith.muli %bx, %c32 : index
    %x = tl.alloc_shared {tl.name = "X_shared"} : memref<32x32xbf16, #tl.memory_space<shared>>
    tl.copy %X[%r, %c] to %x : memref<64x64xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
    tl.copy %x to %Y[%r, %c] : memref<32x32xbf16, #tl.memory_space<shared>> to memref<64x64xbf16>
  }
  return
}
