// The kernel LOWERING_ARCHITECTURE.md follows through the passes: C = A + B
// on 64x64 bf16 tensors, one 32x32 block per launch block (2x2 grid).
// scripts/gen-lowering-doc.sh runs tilett-opt on it.
func.func @add(%A: memref<64x64xbf16> {tl.name = "A"}, %B: memref<64x64xbf16> {tl.name = "B"}, %C: memref<64x64xbf16> {tl.name = "C"}) {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %r = arith.muli %by, %c32 : index
    %c = arith.muli %bx, %c32 : index
    %a = tl.alloc_shared {tl.name = "A_shared"} : memref<32x32xbf16, #tl.memory_space<shared>>
    %b = tl.alloc_shared {tl.name = "B_shared"} : memref<32x32xbf16, #tl.memory_space<shared>>
    %s = tl.alloc_fragment {tl.name = "C_local"} : memref<32x32xbf16, #tl.memory_space<fragment>>
    tl.copy %A[%r, %c] to %a : memref<64x64xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
    tl.copy %B[%r, %c] to %b : memref<64x64xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
    tl.parallel (%i, %j) in [32, 32] {
      %x = memref.load %a[%i, %j] : memref<32x32xbf16, #tl.memory_space<shared>>
      %y = memref.load %b[%i, %j] : memref<32x32xbf16, #tl.memory_space<shared>>
      %z = arith.addf %x, %y : bf16
      memref.store %z, %s[%i, %j] : memref<32x32xbf16, #tl.memory_space<fragment>>
    }
    tl.copy %s to %C[%r, %c] : memref<32x32xbf16, #tl.memory_space<fragment>> to memref<64x64xbf16>
  }
  return
}
