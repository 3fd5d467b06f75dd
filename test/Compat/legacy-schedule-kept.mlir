// An upgraded legacy schedule must reach the end of the metadata passes:
// TTTilesToCoreMap keeps an input tt.work_partition (IR_CONTRACTS.md, "After
// TTTilesToCoreMap").
// RUN: env TT_SILENCE_DEPRECATION=1 tilett-opt --apply_tt_metadata_passes %s 2>/dev/null | FileCheck %s

// CHECK-LABEL: func.func @copy
// CHECK-SAME: tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major>, #tt.work_item<io = 0, jo = 1, len_k = 0, tile_order = row_major>, #tt.work_item<io = 1, jo = 0, len_k = 0, tile_order = row_major>], "(1,0)" = [#tt.work_item<io = 1, jo = 1, len_k = 0, tile_order = row_major>]}
func.func @copy(%X: memref<64x64xbf16> {tl.name = "X"}, %Y: memref<64x64xbf16> {tl.name = "Y"}) attributes {tt.grid = [2, 1], tt_tiles_per_core = [[0, 3], [3, 1]]} {
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
