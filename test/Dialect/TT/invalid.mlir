// RUN: tilett-opt %s -split-input-file -verify-diagnostics

func.func @compute_op_in_reader() attributes {tt.kernel_kind = #tt.kernel_kind<reader>} {
  %c0 = arith.constant 0 : i32
  // expected-error @+1 {{'tt.copy_tile' op is a compute op but is placed in a reader kernel}}
  tt.copy_tile %c0, %c0, %c0
  return
}

// -----

func.func @dm_op_in_compute() {
  tt.thread <compute> {
    // expected-error @+1 {{'tt.noc_async_read_barrier' op is a data-movement op but is placed in a compute kernel}}
    tt.noc_async_read_barrier
  }
  return
}

// -----

// expected-error @+1 {{core range start must be non-negative but got (-1, 0)}}
func.func @bad_range() attributes {tt.core_ranges = [#tt.core_range<start = (-1, 0), extent = (1, 1)>]} {
  return
}

// -----

// expected-error @+1 {{core range #tt.core_range<start = (1, 0), extent = (2, 1)> exceeds the core grid #tt.core_grid<2, 2>}}
func.func @range_past_grid() attributes {tt.core_grid = #tt.core_grid<2, 2>, tt.core_ranges = [#tt.core_range<start = (1, 0), extent = (2, 1)>]} {
  return
}

// -----

// expected-error @+1 {{expected tt.work_partition keys of the form "(x,y)" but got "core0"}}
func.func @bad_key() attributes {tt.work_partition = {core0 = []}} {
  return
}

// -----

// expected-error @+1 {{work item extent must be positive but got 0x1}}
func.func @bad_item() attributes {tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 1, tile_order = row_major, len_m = 0>]}} {
  return
}

// -----

// expected-error @+1 {{layout page_size must be 2048 bytes (one tile) but got 4096}}
func.func @bad_page() attributes {tt.layout_desc = {A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [32, 32], padded_shape = [32, 32], page_size = 4096>}} {
  return
}

// -----

// expected-error @+1 {{circular buffer index must be in [0, 31] but got 40}}
func.func @bad_cb() attributes {tt.cb_desc = [#tt.cb_desc<index = 40, dtype = bf16, page_size = 2048, num_pages = 2, buffer = "x">]} {
  return
}

// -----

// expected-error @+1 {{core grid must be positive but got (0, 8)}}
func.func @bad_grid() attributes {tt.core_grid = #tt.core_grid<0, 8>} {
  return
}

// -----

// expected-error @+1 {{unknown tt dialect attribute 'tt.bogus'}}
func.func @unknown() attributes {tt.bogus = 1} {
  return
}

// -----

// expected-error @+1 {{expected tt.buffer_roles to be a dictionary from buffer name to "input", "output" or "inout"}}
func.func @bad_role() attributes {tt.buffer_roles = {A = "read"}} {
  return
}

// -----

// expected-error @+1 {{expected tt.mcast_groups to be a list of #tt.mcast_group}}
func.func @bad_mcast_groups() attributes {tt.mcast_groups = [1]} {
  return
}

// -----

func.func @empty_dst_section() {
  // expected-error @+1 {{'tt.dst_section' op attribute 'dst_tiles' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  tt.dst_section tiles 0 {
  } pack {
  }
  return
}

// -----

func.func @dst_section_in_writer() attributes {tt.kernel_kind = #tt.kernel_kind<writer>} {
  // expected-error @+1 {{'tt.dst_section' op is a compute op but is placed in a writer kernel}}
  tt.dst_section tiles 1 {
  } pack {
  }
  return
}
