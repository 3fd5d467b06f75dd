// RUN: tilett-opt --tt-infer-layout="block-factor=2x2" --split-input-file --verify-diagnostics %s

// A forced per-core block is the user's schedule: one the blocks cannot be
// grouped by is an error at the kernel, in the option's terms, never a
// silently different schedule.

// The grid's second dimension has 3 blocks: no whole pairs.
func.func @ragged(%A: memref<192x32xbf16> {tl.name = "A"}, %B: memref<32x256xbf16> {tl.name = "B"},
                  %C: memref<192x256xf32> {tl.name = "C"}) {
  // expected-error @below {{block-factor 2x2 does not divide the kernel grid [4, 3]: its second (by) dimension has 3 blocks, not a multiple of 2}}
  tl.kernel grid [4, 3] (%bx, %by) {
    %c0 = arith.constant 0 : index
    %c64 = arith.constant 64 : index
    %A_s = tl.alloc_shared {tl.name = "A_s"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared {tl.name = "B_s"} : memref<32x64xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment {tl.name = "C_l"} : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.copy %A[%row, %c0] to %A_s : memref<192x32xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
    tl.copy %B[%c0, %col] to %B_s : memref<32x256xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
    tl.gemm %A_s, %B_s, %C_l {clear_accum = true} : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<192x256xf32>
  }
  return
}

// -----

// The epilogue masks by the parallel's column index: a block twice as wide
// along bx would mask other columns.
func.func @index_arithmetic(%A: memref<128x32xbf16> {tl.name = "A"}, %B: memref<32x128xbf16> {tl.name = "B"},
                            %C: memref<128x128xf32> {tl.name = "C"}) {
  // expected-error @below {{block-factor 2x2 cannot group the kernel's blocks along the grid's first (bx) dimension: its block index must only offset windows that advance by their own extent}}
  tl.kernel grid [2, 2] (%bx, %by) {
    %c64 = arith.constant 64 : index
    %c0 = arith.constant 0 : index
    %A_s = tl.alloc_shared {tl.name = "A_s"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared {tl.name = "B_s"} : memref<32x64xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment {tl.name = "C_l"} : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.copy %A[%row, %c0] to %A_s : memref<128x32xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
    tl.copy %B[%c0, %col] to %B_s : memref<32x128xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
    tl.gemm %A_s, %B_s, %C_l {clear_accum = true} : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    tl.parallel (%i, %j) in [64, 64] {
      %v = memref.load %C_l[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      %c32 = arith.constant 32 : index
      %lo = arith.cmpi ult, %j, %c32 : index
      %zero = arith.constant 0.0 : f32
      %r = arith.select %lo, %v, %zero : f32
      memref.store %r, %C_l[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<128x128xf32>
  }
  return
}

// -----

// A one-dimensional grid has no second dimension to group along.
func.func @one_dim(%X: memref<256x32xf32> {tl.name = "X"}, %Y: memref<256x32xf32> {tl.name = "Y"}) {
  // expected-error @below {{block-factor 2x2 groups blocks along the grid's second (by) dimension but the kernel grid [4] has 1}}
  tl.kernel grid [4] (%bx) {
    %c0 = arith.constant 0 : index
    %c64 = arith.constant 64 : index
    %x = tl.alloc_shared {tl.name = "x"} : memref<64x32xf32, #tl.memory_space<shared>>
    %row = arith.muli %bx, %c64 : index
    tl.copy %X[%row, %c0] to %x : memref<256x32xf32> to memref<64x32xf32, #tl.memory_space<shared>>
    tl.copy %x to %Y[%row, %c0] : memref<64x32xf32, #tl.memory_space<shared>> to memref<256x32xf32>
  }
  return
}
