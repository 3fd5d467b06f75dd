// RUN: tilett-opt --tt-infer-layout --tt-propagate-layout --tt-tiles-to-core-map="strategy=owner_computes" --split-input-file --verify-diagnostics %s

// expected-error @+1 {{strategy=owner_computes needs a sharded output buffer but 'C' is interleaved}}
func.func @not_sharded(%A: memref<64x64xf32> {tl.name = "A"}, %C: memref<64x64xf32> {tl.name = "C"}) {
  tl.kernel grid [1] (%bx) {
    %c0 = arith.constant 0 : index
    %s = tl.alloc_shared : memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %A[%c0, %c0] to %s : memref<64x64xf32> to memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %s to %C[%c0, %c0] : memref<64x64xf32, #tl.memory_space<shared>> to memref<64x64xf32>
  }
  return
}

// -----

// expected-error @+1 {{expected the kernel to store a block to a global buffer, but it has no store tl.copy}}
func.func @no_store(%A: memref<64x64xf32> {tl.name = "A"}) {
  tl.kernel grid [1] (%bx) {
    %c0 = arith.constant 0 : index
    %s = tl.alloc_shared : memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %A[%c0, %c0] to %s : memref<64x64xf32> to memref<64x64xf32, #tl.memory_space<shared>>
  }
  return
}

// -----

// The number of blocks is bounded before any per-block work: a 100000x100000
// grid is refused at once, not listed.
func.func @huge_grid(%A: memref<64x64xf32> {tl.name = "A"}, %C: memref<64x64xf32> {tl.name = "C"}) {
  // expected-error @+1 {{launch grid [100000, 100000] has 10000000000 blocks, more than the 1048576 a program can list (64 cores, each listing its blocks in its 256 runtime arguments, run far fewer); use larger blocks}}
  tl.kernel grid [100000, 100000] (%bx, %by) {
    %c0 = arith.constant 0 : index
    %s = tl.alloc_shared : memref<32x32xf32, #tl.memory_space<shared>>
    tl.copy %A[%c0, %c0] to %s : memref<64x64xf32> to memref<32x32xf32, #tl.memory_space<shared>>
    tl.copy %s to %C[%c0, %c0] : memref<32x32xf32, #tl.memory_space<shared>> to memref<64x64xf32>
  }
  return
}
