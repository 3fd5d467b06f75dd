// RUN: tilett-opt --tt-infer-layout --tt-propagate-layout --tt-tiles-to-core-map %s | FileCheck %s
// RUN: tilett-opt --tt-pipeline %s | FileCheck %s --check-prefix=PERSIST

// A 3-D launch grid (batch in z) is partitioned with its z blocks stacked
// along y: block (x, y, z) is item row z * gy + y, so io is the tile row of
// C viewed as (2 * 64) x 32.
// CHECK-LABEL: func.func @batched_copy
// CHECK-SAME: "(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major>]
// CHECK-SAME: "(1,0)" = [#tt.work_item<io = 1, jo = 0, len_k = 0, tile_order = row_major>]
// CHECK-SAME: "(2,0)" = [#tt.work_item<io = 2, jo = 0, len_k = 0, tile_order = row_major>]
// CHECK-SAME: "(3,0)" = [#tt.work_item<io = 3, jo = 0, len_k = 0, tile_order = row_major>]

// Each persistent kernel recovers (y, z) from the stacked row.
// PERSIST-LABEL: func.func @batched_copy_reader
// PERSIST: %[[C2:.*]] = arith.constant 2 : index
// PERSIST: arith.remsi %{{.*}}, %[[C2]] : index
// PERSIST: arith.divsi %{{.*}}, %[[C2]] : index
module {
  func.func @batched_copy(%A: memref<2x64x32xf32> {tl.name = "A"},
                          %C: memref<2x64x32xf32> {tl.name = "C"}) {
    tl.kernel grid [1, 2, 2] (%bx, %by, %bz) {
      %c32 = arith.constant 32 : index
      %c0 = arith.constant 0 : index
      %row = arith.muli %by, %c32 : index
      %s = tl.alloc_shared {tl.name = "s"} : memref<32x32xf32, #tl.memory_space<shared>>
      tl.copy %A[%bz, %row, %c0] to %s : memref<2x64x32xf32> to memref<32x32xf32, #tl.memory_space<shared>>
      tl.copy %s to %C[%bz, %row, %c0] : memref<32x32xf32, #tl.memory_space<shared>> to memref<2x64x32xf32>
    }
    return
  }
}
