// RUN: tilett-opt --tt-lower-tile-intrinsics --split-input-file %s | FileCheck %s

// Which CB the writer of a store drains. The writer waits for all tiles at
// the front of that CB, so it may only drain a compute-resident buffer's own
// CB when one op filled it once; an accumulator that compute re-packs every K
// step goes through a staging CB even when no dtype conversion is needed
// (otherwise the writer takes the partial sums of the first K step and both
// sides block).

// f32 in, f32 accumulate, f32 out.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @gemm_f32
  // CHECK-SAME: tt.cb_desc = [{{.*}}#tt.cb_desc<index = 17, dtype = f32, page_size = 4096, num_pages = 4, buffer = "C_local_to_C">]
  func.func @gemm_f32(%A: memref<64x64xf32> {tl.name = "A"},
                      %B: memref<64x64xf32> {tl.name = "B"},
                      %C: memref<64x64xf32> {tl.name = "C"}) attributes {
      tt.core_grid = #tt.core_grid<1, 1>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (1, 1)>],
      tt.layout_desc = {
        A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>,
        B = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>,
        C = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>},
      tt.cb_desc = [
        #tt.cb_desc<index = 0, dtype = f32, page_size = 4096, num_pages = 2, buffer = "A_shared">,
        #tt.cb_desc<index = 1, dtype = f32, page_size = 4096, num_pages = 2, buffer = "B_shared">,
        #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "C_local">],
      tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 2, tile_order = row_major, len_m = 2, len_n = 2>]}} {
    // The gemm re-packs CB 16 every K step; after the loop compute copies
    // CB 16 into staging CB 17, the writer drains 17 and compute drops 16.
    // CHECK:      scf.for
    // CHECK:        tt.matmul_tiles
    // CHECK:        tt.pack_tile %{{.*}}, %{{.*}}
    // CHECK:      tt.thread <compute> {
    // CHECK-DAG:    %[[S:.*]] = arith.constant 17 : i32
    // CHECK-DAG:    %[[F:.*]] = arith.constant 16 : i32
    // CHECK:        tt.copy_tile %[[F]]
    // CHECK:        tt.pack_tile %{{.*}}, %[[S]]
    // CHECK:      tt.thread <writer> {
    // CHECK-DAG:    %[[WS:.*]] = arith.constant 17 : i32
    // CHECK-DAG:    %[[WN:.*]] = arith.constant 4 : i32
    // CHECK:        tt.cb_wait_front %[[WS]], %[[WN]]
    // CHECK:        tt.noc_async_write_tile
    // CHECK:        tt.cb_pop_front %[[WS]], %[[WN]]
    // CHECK:      tt.thread <compute> {
    // CHECK-NEXT:   %[[D:.*]] = arith.constant 16 : i32
    // CHECK-NEXT:   %[[DN:.*]] = arith.constant 4 : i32
    // CHECK-NEXT:   tt.cb_wait_front %[[D]], %[[DN]]
    // CHECK-NEXT:   tt.cb_pop_front %[[D]], %[[DN]]
    tl.kernel grid [1, 1] (%bx, %by) {
      %c32 = arith.constant 32 : index
      %A_s = tl.alloc_shared {tl.name = "A_shared"} : memref<64x32xf32, #tl.memory_space<shared>>
      %B_s = tl.alloc_shared {tl.name = "B_shared"} : memref<32x64xf32, #tl.memory_space<shared>>
      %C_l = tl.alloc_fragment {tl.name = "C_local"} : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.clear %C_l : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.pipelined %k = 0 to 2 step 1 stages 2 {
        %kk = arith.muli %k, %c32 : index
        tl.copy %A[%bx, %kk] to %A_s : memref<64x64xf32> to memref<64x32xf32, #tl.memory_space<shared>>
        tl.copy %B[%kk, %by] to %B_s : memref<64x64xf32> to memref<32x64xf32, #tl.memory_space<shared>>
        tl.gemm %A_s, %B_s, %C_l : memref<64x32xf32, #tl.memory_space<shared>>, memref<32x64xf32, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
      }
      tl.copy %C_l to %C[%bx, %by] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xf32>
    }
    return
  }
}

// -----

// One fill, then a store of the same dtype: the writer drains the buffer's
// own CB (no staging CB), and nothing is left to drop.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @fill_store
  // CHECK-NOT:  C_local_to_C
  // CHECK:      tt.thread <compute> {
  // CHECK:        tt.fill_tile
  // CHECK:        tt.pack_tile
  // CHECK:      tt.thread <writer> {
  // CHECK-DAG:    %[[W:.*]] = arith.constant 16 : i32
  // CHECK:        tt.cb_wait_front %[[W]]
  // CHECK:        tt.cb_pop_front %[[W]]
  // CHECK-NOT:  tt.thread
  // CHECK:      return
  func.func @fill_store(%C: memref<64x64xf32> {tl.name = "C"}) attributes {
      tt.core_grid = #tt.core_grid<1, 1>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (1, 1)>],
      tt.layout_desc = {
        C = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>},
      tt.cb_desc = [
        #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "C_local">],
      tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}} {
    tl.kernel grid [1, 1] (%bx, %by) {
      %C_l = tl.alloc_fragment {tl.name = "C_local"} : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.fill %C_l, 1.0 : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.copy %C_l to %C[%bx, %by] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xf32>
    }
    return
  }
}

// -----

// A fill then an in-place update: written twice, so the store stages.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @fill_update_store
  // CHECK-SAME: buffer = "C_local_to_C"
  func.func @fill_update_store(%C: memref<64x64xf32> {tl.name = "C"}) attributes {
      tt.core_grid = #tt.core_grid<1, 1>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (1, 1)>],
      tt.layout_desc = {
        C = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>},
      tt.cb_desc = [
        #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "C_local">],
      tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}} {
    tl.kernel grid [1, 1] (%bx, %by) {
      %C_l = tl.alloc_fragment {tl.name = "C_local"} : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.fill %C_l, 1.0 : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.fill %C_l, 2.0 : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.copy %C_l to %C[%bx, %by] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xf32>
    }
    return
  }
}

// -----

// A store inside a loop of a value that lives around the loop: each
// iteration's writer drains a staging copy and the value stays resident.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @store_in_loop
  // CHECK-SAME: buffer = "c_to_C"
  // CHECK:      scf.for
  // CHECK:        tt.thread <compute> {
  // CHECK:          %[[S:.*]] = arith.constant 17 : i32
  // CHECK:          tt.pack_tile %{{.*}}, %[[S]]
  // CHECK:        tt.thread <writer> {
  // CHECK:          %[[W:.*]] = arith.constant 17 : i32
  // CHECK:          tt.cb_wait_front %[[W]]
  // CHECK:      }
  // CHECK:      tt.thread <compute> {
  // CHECK:        arith.constant 16 : i32
  // CHECK:        tt.cb_pop_front
  func.func @store_in_loop(%C: memref<64x64xf32> {tl.name = "C"}) attributes {
      tt.layout_desc = {C = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>},
      tt.cb_desc = [#tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "c">]} {
    tl.kernel grid [1] (%bx) {
      %c0 = arith.constant 0 : index
      %c = tl.alloc_fragment {tl.name = "c"} : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.fill %c, 1.0 : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.pipelined %k = 0 to 2 step 1 stages 2 {
        tl.copy %c to %C[%c0, %c0] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xf32>
      }
    }
    return
  }
}
