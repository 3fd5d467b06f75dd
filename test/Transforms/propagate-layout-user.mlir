// RUN: tilett-opt --tt-infer-layout --tt-propagate-layout --split-input-file --verify-diagnostics %s | FileCheck %s

// The original backend's spellings: DDR is DRAM, SRAM is L1; interleave
// false shards over the core grid (4x1 for 2x2 blocks); a load's buffer inherits tile_id_order.
// CHECK-LABEL: func.func @user_spellings
// CHECK-SAME: A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = column_major
// CHECK-SAME: B = #tt.layout_desc<memory = l1, layout = block_sharded, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [128, 128], padded_shape = [128, 128], page_size = 2048, shard_grid = [4, 1], shard_shape = [128, 32]>
// CHECK-SAME: shared0 = #tt.layout_desc<memory = l1, layout = interleaved, tile_id_order = column_major
func.func @user_spellings(%A: memref<128x128xbf16> {tl.name = "A"},
                          %B: memref<128x128xbf16> {tl.name = "B"})
    attributes {tt.layout_desc = {A = {shard = "DDR", interleave = true, tile_id_order = "column_major"},
                                  B = {shard = "SRAM", interleave = false}}} {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c64 = arith.constant 64 : index
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    %s = tl.alloc_shared : memref<64x64xbf16, #tl.memory_space<shared>>
    tl.copy %A[%row, %col] to %s : memref<128x128xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
    tl.copy %s to %B[%row, %col] : memref<64x64xbf16, #tl.memory_space<shared>> to memref<128x128xbf16>
  }
  return
}

// -----

// CHECK-LABEL: func.func @unknown_order
// CHECK-SAME: A = #tt.layout_desc<memory = l1, layout = interleaved, tile_id_order = row_major
// CHECK-NOT: ghost
// expected-warning @+2 {{tt.layout_desc names 'ghost', which is not a global buffer of @unknown_order; ignoring it}}
// expected-warning @+1 {{unknown tile_id_order "spiral" for buffer 'A'; using row_major}}
func.func @unknown_order(%A: memref<64x64xf32> {tl.name = "A"}, %B: memref<64x64xf32> {tl.name = "B"})
    attributes {tt.layout_desc = {A = {shard = "L1", tile_id_order = "spiral"}, ghost = {shard = "DRAM"}}} {
  tl.kernel grid [1] (%bx) {
    %c0 = arith.constant 0 : index
    %s = tl.alloc_shared : memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %A[%c0, %c0] to %s : memref<64x64xf32> to memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %s to %B[%c0, %c0] : memref<64x64xf32, #tl.memory_space<shared>> to memref<64x64xf32>
  }
  return
}

// -----

// A copy between a global and a local buffer may convert (bf16 -> f32).
// CHECK-LABEL: func.func @converting_copy
// CHECK-SAME: #tt.cb_desc<index = 0, dtype = f32, page_size = 4096, num_pages = 1, buffer = "shared0">
func.func @converting_copy(%A: memref<32x32xbf16> {tl.name = "A"}, %B: memref<32x32xf32> {tl.name = "B"}) {
  tl.kernel grid [1] (%bx) {
    %c0 = arith.constant 0 : index
    %s = tl.alloc_shared : memref<32x32xf32, #tl.memory_space<shared>>
    tl.copy %A[%c0, %c0] to %s : memref<32x32xbf16> to memref<32x32xf32, #tl.memory_space<shared>>
    tl.copy %s to %B[%c0, %c0] : memref<32x32xf32, #tl.memory_space<shared>> to memref<32x32xf32>
  }
  return
}
