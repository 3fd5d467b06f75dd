// RUN: tilett-opt --tt-infer-layout %s | FileCheck %s

// An existing module tt.arch wins over the default option.
// CHECK: module attributes {tt.arch = #tt.arch<blackhole>}
module attributes {tt.arch = #tt.arch<blackhole>} {
  // User annotations are kept as written: the dictionary for A (normalised
  // by tt-propagate-layout), the core grid and its ranges.
  // CHECK-LABEL: func.func @annotated
  // CHECK-SAME: tt.core_grid = #tt.core_grid<2, 1>
  // CHECK-SAME: tt.core_ranges = [#tt.core_range<start = (1, 0), extent = (1, 1)>]
  // CHECK-SAME: A = {interleave = true, shard = "DDR"}
  // CHECK-SAME: B = #tt.layout_desc<memory = dram
  func.func @annotated(%A: memref<64x64xbf16> {tl.name = "A"},
                       %B: memref<64x64xbf16> {tl.name = "B"})
      attributes {tt.core_grid = #tt.core_grid<2, 1>,
                  tt.core_ranges = [#tt.core_range<start = (1, 0), extent = (1, 1)>],
                  tt.layout_desc = {A = {shard = "DDR", interleave = true}}} {
    tl.kernel grid [1] (%bx) {
      %c0 = arith.constant 0 : index
      %s = tl.alloc_shared : memref<64x64xbf16, #tl.memory_space<shared>>
      tl.copy %A[%c0, %c0] to %s : memref<64x64xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
      tl.copy %s to %B[%c0, %c0] : memref<64x64xbf16, #tl.memory_space<shared>> to memref<64x64xbf16>
    }
    return
  }

  // Functions without a tl.kernel are not kernels and stay untouched.
  // CHECK-LABEL: func.func @helper
  // CHECK-NOT: tt.
  func.func @helper(%x: memref<4xi1>) {
    return
  }
}
