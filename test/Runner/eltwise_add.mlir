// End to end: compile, run on the emulator, compare with the reference.
// 40x72 is not a multiple of the 32x32 tile, so padding and cropping are
// exercised; a 3x2 grid of blocks.
// RUN: tilett run %s --seed 1 | FileCheck %s
// A relative tolerance of zero must fail (exit 1), proving the check can fail.
// RUN: not tilett run %s --seed 1 --tolerance 0 | FileCheck %s --check-prefix=FAIL

// CHECK-LABEL: kernel add
// CHECK: output C  max_abs_err {{.*}}  tolerance {{.*}}  PASS
// CHECK: {{^}}PASS
// FAIL: output C  max_abs_err {{.*}}  FAIL
// FAIL: {{^}}FAIL
func.func @add(%A: memref<40x72xbf16> {tl.name = "A"},
               %B: memref<40x72xbf16> {tl.name = "B"},
               %C: memref<40x72xbf16> {tl.name = "C"}) {
  tl.kernel grid [3, 2] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %a = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
    %b = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
    %c = tl.alloc_fragment : memref<32x32xbf16, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c32 : index
    %col = arith.muli %bx, %c32 : index
    tl.copy %A[%row, %col] to %a : memref<40x72xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
    tl.copy %B[%row, %col] to %b : memref<40x72xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
    tl.parallel (%i, %j) in [32, 32] {
      %x = memref.load %a[%i, %j] : memref<32x32xbf16, #tl.memory_space<shared>>
      %y = memref.load %b[%i, %j] : memref<32x32xbf16, #tl.memory_space<shared>>
      %s = arith.addf %x, %y : bf16
      memref.store %s, %c[%i, %j] : memref<32x32xbf16, #tl.memory_space<fragment>>
    }
    tl.copy %c to %C[%row, %col] : memref<32x32xbf16, #tl.memory_space<fragment>> to memref<40x72xbf16>
  }
  return
}
