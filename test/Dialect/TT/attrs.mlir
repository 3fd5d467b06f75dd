// RUN: tilett-opt %s | FileCheck %s
// RUN: tilett-opt %s | tilett-opt | FileCheck %s

// CHECK: module attributes {tt.arch = #tt.arch<wormhole_b0>}
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @meta
  // CHECK-SAME: tt.cb_desc = [#tt.cb_desc<index = 0, dtype = bf16, page_size = 2048, num_pages = 2, buffer = "A_shared">]
  // CHECK-SAME: tt.core_grid = #tt.core_grid<2, 2>
  // CHECK-SAME: tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (2, 1)>, #tt.core_range<start = (0, 1), extent = (1, 1)>]
  // CHECK-SAME: tt.layout_desc = {A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [100, 64], padded_shape = [128, 64], page_size = 2048>}
  // CHECK-SAME: tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 4, tile_order = row_major>, #tt.work_item<io = 2, jo = 0, len_k = 4, tile_order = row_major, len_m = 2, len_n = 2>]}
  func.func @meta(%A: memref<100x64xbf16>) attributes {
      tt.core_grid = #tt.core_grid<2, 2>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (2, 1)>,
                        #tt.core_range<start = (0, 1), extent = (1, 1)>],
      tt.layout_desc = {A = #tt.layout_desc<memory = dram, layout = interleaved,
          tile_id_order = row_major, dtype = bf16, tile = [32, 32],
          shape = [100, 64], padded_shape = [128, 64], page_size = 2048>},
      tt.cb_desc = [#tt.cb_desc<index = 0, dtype = bf16, page_size = 2048,
                                num_pages = 2, buffer = "A_shared">],
      tt.work_partition = {"(0,0)" = [
          #tt.work_item<io = 0, jo = 0, len_k = 4, tile_order = row_major>,
          #tt.work_item<io = 2, jo = 0, len_k = 4, tile_order = row_major, len_m = 2, len_n = 2>]}} {
    return
  }
}

// The multicast metadata round-trips.
// CHECK-LABEL: func.func @mcast
// CHECK-SAME: tt.mcast_groups = [#tt.mcast_group<buffer = "A_s", axis = 0, sender_semaphore = 0, receiver_semaphore = 1>]
// CHECK-SAME: tt.partition_strategy = #tt.partition_strategy<cyclic_2d>
func.func @mcast() attributes {tt.mcast_groups = [#tt.mcast_group<buffer = "A_s", axis = 0, sender_semaphore = 0, receiver_semaphore = 1>], tt.partition_strategy = #tt.partition_strategy<cyclic_2d>} {
  return
}

// The persistent kernels' metadata (GridToPersistentTT's record) and the
// compute config round-trip: all verified, none merely tolerated by name.
// CHECK-LABEL: func.func private @launch
// CHECK-SAME: tt.compile_args = {compute = [], reader = ["accessor:A"]}
// CHECK-SAME: tt.compute_config = {fp32_dest_acc_en = true, math_approx_mode = false, math_fidelity = "LoFi"}
// CHECK-SAME: tt.kernel_args = {reader = ["addr:A", "num_items"]}
// CHECK-SAME: tt.kernels = [@launch_reader]
func.func private @launch() attributes {tt.compile_args = {compute = [], reader = ["accessor:A"]}, tt.compute_config = {fp32_dest_acc_en = true, math_approx_mode = false, math_fidelity = "LoFi"}, tt.kernel_args = {reader = ["addr:A", "num_items"]}, tt.kernels = [@launch_reader]}
func.func private @launch_reader() attributes {tt.kernel_kind = #tt.kernel_kind<reader>}
