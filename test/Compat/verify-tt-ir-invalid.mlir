// RUN: tilett-opt --verify_tt_ir="silence-deprecation=true" --split-input-file --verify-diagnostics %s

// verify_tt_ir: the IR and attribute verifiers, then the facts that span
// several attributes.

// expected-error @+1 {{expected no legacy attributes after infer_default_tt_schedule (tt-infer-layout) but found 'tt.grid'}}
func.func @legacy_left(%A: memref<64x64xbf16>) attributes {tt.grid = [2, 2]} {
  return
}

// -----

// expected-error @+1 {{expected every core of tt.work_partition inside tt.core_ranges but core (1,0) is not}}
func.func @outside_ranges() attributes {
    tt.core_grid = #tt.core_grid<2, 2>,
    tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (1, 1)>],
    tt.work_partition = {"(1,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major>]}} {
  return
}

// -----

// expected-error @+1 {{expected disjoint core ranges but #tt.core_range<start = (0, 0), extent = (2, 2)> overlaps #tt.core_range<start = (1, 1), extent = (1, 1)>}}
func.func @overlap() attributes {
    tt.core_grid = #tt.core_grid<2, 2>,
    tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (2, 2)>, #tt.core_range<start = (1, 1), extent = (1, 1)>]} {
  return
}

// -----

// expected-error @+1 {{expected one work item per block (4) in tt.work_partition but got 1}}
func.func @missing_items() attributes {
    tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major>]}} {
  tl.kernel grid [2, 2] (%bx, %by) {
  }
  return
}
