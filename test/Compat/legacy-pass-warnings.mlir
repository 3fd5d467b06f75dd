// RUN: tilett-opt --infer_default_tt_schedule --infer_default_tt_shard --tile_pad_tt --verify_tt_ir --split-input-file --verify-diagnostics %s | FileCheck %s

// Each legacy pass name warns once that it is deprecated and runs its new
// pass; tile_pad_tt runs TTTilesToCoreMap, verify_tt_ir only checks.

// CHECK-LABEL: func.func @copy
// CHECK-SAME: tt.core_grid
// CHECK-SAME: tt.work_partition
// expected-warning @+4 {{'infer_default_tt_schedule' is deprecated, use '--tt-infer-layout'; legacy names are removed in tilett 0.3}}
// expected-warning @+3 {{'infer_default_tt_shard' is deprecated, use '--tt-propagate-layout'; legacy names are removed in tilett 0.3}}
// expected-warning @+2 {{'tile_pad_tt' is deprecated, use '--tt-tiles-to-core-map'; legacy names are removed in tilett 0.3}}
// expected-warning @+1 {{'verify_tt_ir' is deprecated, use the verifiers; legacy names are removed in tilett 0.3}}
module {
  func.func @copy(%X: memref<64x64xbf16> {tl.name = "X"}, %Y: memref<64x64xbf16> {tl.name = "Y"}) {
    tl.kernel grid [2, 2] (%bx, %by) {
      %c32 = arith.constant 32 : index
      %r = arith.muli %by, %c32 : index
      %c = arith.muli %bx, %c32 : index
      %x = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
      tl.copy %X[%r, %c] to %x : memref<64x64xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
      tl.copy %x to %Y[%r, %c] : memref<32x32xbf16, #tl.memory_space<shared>> to memref<64x64xbf16>
    }
    return
  }
}
