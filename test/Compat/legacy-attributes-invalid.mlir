// RUN: tilett-opt --tt-infer-layout --split-input-file --verify-diagnostics %s

// A legacy attribute that disagrees with its new equivalent is an error
// naming both.

// expected-error @+1 {{legacy attribute 'tt.grid' = [4, 4] conflicts with 'tt.core_grid' = #tt.core_grid<2, 2>}}
func.func @grid_conflict(%A: memref<64x64xbf16>) attributes {
    tt.grid = [4, 4], tt.core_grid = #tt.core_grid<2, 2>} {
  tl.kernel grid [2, 2] (%bx, %by) {
  }
  return
}

// -----

// expected-error @+1 {{legacy attribute 'tt.core_range' = {extent = [1, 1], start = [0, 0]} conflicts with 'tt.core_ranges' = [#tt.core_range<start = (0, 0), extent = (2, 2)>]}}
func.func @range_conflict(%A: memref<64x64xbf16>) attributes {
    tt.core_range = {start = [0, 0], extent = [1, 1]},
    tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (2, 2)>]} {
  tl.kernel grid [2, 2] (%bx, %by) {
  }
  return
}

// -----

// expected-error @+1 {{legacy attribute 'tt_buffer_A_layout' = "l1_interleaved" conflicts with 'tt.layout_desc[A]' = {interleave = true, shard = "DRAM"}}}
func.func @layout_conflict(%A: memref<64x64xbf16> {tl.name = "A"}) attributes {
    tt_buffer_A_layout = "l1_interleaved",
    tt.layout_desc = {A = {shard = "DRAM", interleave = true}}} {
  tl.kernel grid [2, 2] (%bx, %by) {
  }
  return
}

// -----

// expected-error @+1 {{legacy attribute 'tt.runtime_args' = {core_assignments = {"(0,0)" = [{k_len = 0 : i64, m_idx = 0 : i64, n_idx = 0 : i64}]}} conflicts with 'tt.work_partition' = {"(0,0)" = [#tt.work_item<io = 1, jo = 0, len_k = 0, tile_order = row_major>]}}}
func.func @partition_conflict(%A: memref<64x64xbf16>) attributes {
    tt.runtime_args = {core_assignments = {"(0,0)" = [{m_idx = 0, n_idx = 0, k_len = 0}]}},
    tt.work_partition = {"(0,0)" = [#tt.work_item<io = 1, jo = 0, len_k = 0, tile_order = row_major>]}} {
  tl.kernel grid [1] (%bx) {
  }
  return
}

// -----

// tt_num_tiles is recomputed (blocks of the launch grid) and checked.
// expected-error @+1 {{legacy attribute 'tt_num_tiles' = 5 disagrees with the 4 blocks in the kernel's grid}}
func.func @num_tiles_mismatch(%A: memref<64x64xbf16>) attributes {tt_num_tiles = 5 : i32} {
  tl.kernel grid [2, 2] (%bx, %by) {
  }
  return
}

// -----

// expected-error @+1 {{expected legacy attribute 'tt.grid' to be two positive integers [gx, gy] but got [8]}}
func.func @bad_grid(%A: memref<64x64xbf16>) attributes {tt.grid = [8]} {
  tl.kernel grid [2, 2] (%bx, %by) {
  }
  return
}

// -----

// expected-error @+1 {{expected legacy attribute 'tt_buffer_A_layout' to be "dram_interleaved", "l1_interleaved" or a layout dictionary but got "hbm"}}
func.func @bad_layout(%A: memref<64x64xbf16> {tl.name = "A"}) attributes {tt_buffer_A_layout = "hbm"} {
  tl.kernel grid [2, 2] (%bx, %by) {
  }
  return
}

// -----

// expected-error @+1 {{expected [start, count] within the kernel's 4 blocks in legacy attribute 'tt_tiles_per_core' but got [2, 3]}}
func.func @bad_tiles_per_core(%A: memref<64x64xbf16>) attributes {tt_tiles_per_core = [[0, 2], [2, 3]]} {
  tl.kernel grid [2, 2] (%bx, %by) {
  }
  return
}
