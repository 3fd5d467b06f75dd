// RUN: tilett-opt --tt-infer-layout --split-input-file --verify-diagnostics %s | FileCheck %s
// RUN: tilett-opt --infer_default_tt_schedule="silence-deprecation=true" --split-input-file --verify-diagnostics %s | FileCheck %s

// Legacy attributes of the original TileLang-TT backend are upgraded to the
// typed tt.* metadata on input, with one warning each.

// CHECK-LABEL: func.func @grid_range_layout
// CHECK-SAME: tt.core_grid = #tt.core_grid<2, 2>
// CHECK-SAME: tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (2, 2)>]
// CHECK-SAME: tt.layout_desc = {A = {{.*}}C = #tt.layout_desc<memory = dram, layout = interleaved
// CHECK-NOT: tt.grid =
// CHECK-NOT: tt.core_range =
// CHECK-NOT: tt_buffer_
// CHECK-NOT: tt_num_tiles
// expected-warning @+5 {{upgraded legacy attribute 'tt.grid' to 'tt.core_grid'}}
// expected-warning @+4 {{upgraded legacy attribute 'tt.core_range' to 'tt.core_ranges'}}
// expected-warning @+3 {{dropped legacy attribute 'tt_buffer_A_tile_shape': it is derived from 'tt.layout_desc' and recomputed}}
// expected-warning @+2 {{upgraded legacy attribute 'tt_buffer_A_layout' to 'tt.layout_desc[A]'}}
// expected-warning @+1 {{dropped legacy attribute 'tt_num_tiles': the tile count is recomputed from 'tt.work_partition'}}
func.func @grid_range_layout(%A: memref<64x64xbf16> {tl.name = "A"}, %C: memref<64x64xbf16> {tl.name = "C"}) attributes {
    tt.grid = [2, 2],
    tt.core_range = {start = [0, 0], extent = [2, 2]},
    tt_buffer_A_layout = "dram_interleaved",
    tt_buffer_A_tile_shape = [32, 32],
    tt_num_tiles = 4 : i32} {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %r = arith.muli %by, %c32 : index
    %c = arith.muli %bx, %c32 : index
    %a = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
    tl.copy %A[%r, %c] to %a : memref<64x64xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
    tl.copy %a to %C[%r, %c] : memref<32x32xbf16, #tl.memory_space<shared>> to memref<64x64xbf16>
  }
  return
}

// -----

// The dense-array spelling of tt.grid, and core assignments {m_idx, n_idx,
// k_len} per core -> work items (io, jo, len_k).
// CHECK-LABEL: func.func @core_assignments
// CHECK-SAME: tt.core_grid = #tt.core_grid<2, 1>
// CHECK-SAME: tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major>, #tt.work_item<io = 0, jo = 1, len_k = 0, tile_order = row_major>], "(1,0)" = [#tt.work_item<io = 1, jo = 0, len_k = 0, tile_order = row_major>, #tt.work_item<io = 1, jo = 1, len_k = 0, tile_order = row_major>]}
// CHECK-NOT: tt.runtime_args
// expected-warning @+2 {{upgraded legacy attribute 'tt.grid' to 'tt.core_grid'}}
// expected-warning @+1 {{upgraded legacy attribute 'tt.runtime_args.core_assignments' to 'tt.work_partition'}}
func.func @core_assignments(%A: memref<64x64xbf16> {tl.name = "A"}, %C: memref<64x64xbf16> {tl.name = "C"}) attributes {
    tt.grid = array<i64: 2, 1>,
    tt.runtime_args = {core_assignments = {
      "(0,0)" = [{m_idx = 0, n_idx = 0, k_len = 0}, {m_idx = 0, n_idx = 1, k_len = 0}],
      "(1,0)" = [{m_idx = 1, n_idx = 0, k_len = 0}, {m_idx = 1, n_idx = 1, k_len = 0}]}}} {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %r = arith.muli %by, %c32 : index
    %c = arith.muli %bx, %c32 : index
    %a = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
    tl.copy %A[%r, %c] to %a : memref<64x64xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
    tl.copy %a to %C[%r, %c] : memref<32x32xbf16, #tl.memory_space<shared>> to memref<64x64xbf16>
  }
  return
}

// -----

// tt_tiles_per_core: [start, count] of launch blocks per row-major core id;
// block t is (bx, by) = (t % 2, t / 2) here, so io = by * 2, jo = bx * 2
// with 64x64 output blocks.
// CHECK-LABEL: func.func @tiles_per_core
// CHECK-SAME: tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>, #tt.work_item<io = 0, jo = 2, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>], "(1,0)" = [#tt.work_item<io = 2, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>, #tt.work_item<io = 2, jo = 2, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}
// expected-warning @+2 {{upgraded legacy attribute 'tt.grid' to 'tt.core_grid'}}
// expected-warning @+1 {{upgraded legacy attribute 'tt_tiles_per_core' to 'tt.work_partition'}}
func.func @tiles_per_core(%A: memref<128x128xbf16> {tl.name = "A"}, %C: memref<128x128xbf16> {tl.name = "C"}) attributes {
    tt.grid = [2, 1],
    tt_tiles_per_core = [[0, 2], [2, 2]]} {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c64 = arith.constant 64 : index
    %r = arith.muli %by, %c64 : index
    %c = arith.muli %bx, %c64 : index
    %a = tl.alloc_shared : memref<64x64xbf16, #tl.memory_space<shared>>
    tl.copy %A[%r, %c] to %a : memref<128x128xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
    tl.copy %a to %C[%r, %c] : memref<64x64xbf16, #tl.memory_space<shared>> to memref<128x128xbf16>
  }
  return
}

// -----

// A single-core legacy kernel: tt.start_tile and tt.block_shape make one
// work item on core (0,0); len_k comes from the gemm (2 steps x 1 K tile).
// CHECK-LABEL: func.func @start_tile
// CHECK-SAME: tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 2, tile_order = row_major, len_m = 2, len_n = 2>]}
// expected-warning @+2 {{upgraded legacy attribute 'tt.block_shape' to 'tt.work_partition'}}
// expected-warning @+1 {{upgraded legacy attribute 'tt.start_tile' to 'tt.work_partition'}}
func.func @start_tile(%A: memref<64x64xbf16> {tl.name = "A"}, %B: memref<64x64xbf16> {tl.name = "B"}, %C: memref<64x64xf32> {tl.name = "C"}) attributes {
    tt.start_tile = [0, 0], tt.block_shape = [2, 2]} {
  tl.kernel grid [1, 1] (%bx, %by) {
    %c0 = arith.constant 0 : index
    %c32 = arith.constant 32 : index
    %a = tl.alloc_shared : memref<64x32xbf16, #tl.memory_space<shared>>
    %b = tl.alloc_shared : memref<32x64xbf16, #tl.memory_space<shared>>
    %acc = tl.alloc_fragment : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.clear %acc : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.pipelined %k = 0 to 2 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%c0, %kk] to %a : memref<64x64xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %c0] to %b : memref<64x64xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
      tl.gemm %a, %b, %acc : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %acc to %C[%c0, %c0] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xf32>
  }
  return
}
