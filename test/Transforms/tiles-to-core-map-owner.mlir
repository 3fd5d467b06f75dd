// RUN: tilett-opt --tt-infer-layout --tt-propagate-layout --tt-tiles-to-core-map="strategy=owner_computes" %s | FileCheck %s
// RUN: not tilett-opt --tt-infer-layout --tt-propagate-layout --tt-tiles-to-core-map="strategy=diagonal" %s 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not tilett-opt --tt-tiles-to-core-map %s 2>&1 | FileCheck %s --check-prefix=ORDER

// BAD: error: invalid value 'diagonal' for option 'strategy'; expected one of: auto, contiguous, block_2d, owner_computes, cyclic_2d
// ORDER: error: expected tt.core_grid and tt.core_ranges on kernel function; run tt-infer-layout first

// C is block-sharded 2x2 over 64x64 shards: the block at (bx, by) is
// computed by core (bx, by), whatever the launch order.
// CHECK-LABEL: func.func @owner
// CHECK-SAME: tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (2, 2)>]
// CHECK-SAME: tt.partition_strategy = #tt.partition_strategy<owner_computes>
// CHECK-SAME: "(0,1)" = [#tt.work_item<io = 2, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]
// CHECK-SAME: "(1,1)" = [#tt.work_item<io = 2, jo = 2, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]
func.func @owner(%A: memref<128x128xbf16> {tl.name = "A"}, %C: memref<128x128xbf16> {tl.name = "C"})
    attributes {tt.core_grid = #tt.core_grid<2, 2>,
                tt.layout_desc = {C = {shard = "L1", interleave = false, layout = "block_sharded",
                                       shard_grid = [2, 2], shard_shape = [64, 64]}}} {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c64 = arith.constant 64 : index
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    %s = tl.alloc_shared : memref<64x64xbf16, #tl.memory_space<shared>>
    tl.copy %A[%row, %col] to %s : memref<128x128xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
    tl.copy %s to %C[%row, %col] : memref<64x64xbf16, #tl.memory_space<shared>> to memref<128x128xbf16>
  }
  return
}
