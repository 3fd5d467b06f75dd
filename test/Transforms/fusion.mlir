// RUN: tilett-opt --tt-lower-tile-intrinsics --split-input-file %s | FileCheck %s
// RUN: tilett-opt --tt-lower-tile-intrinsics --split-input-file %s | FileCheck %s --check-prefix=PACKS

// Element-wise chains stay in DST (KernelLowering.h, "Fusion"): a copy is
// forwarded to its readers, an op on a reduce's result runs on the reduce's
// DST tiles, an op whose result is stored right after packs into the
// writer's CB, an intermediate only the next op reads is never packed, and
// inits that repeat are hoisted out of the tile loops.

// Softmax as TileLang writes it (the frontend's IR before the lowering).
// Without fusion: 9 packs (a copy of x_shared into x, a separate 1 / sum,
// a copy of x into the staging CB for the writer); with it: 6.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @softmax
  // CHECK-SAME: #tt.cb_desc<index = 17, dtype = f32, page_size = 4096, num_pages = 2, buffer = "x_to_Y">
  // reduce_max reads the load's CB 0: the copy into x is gone.
  // CHECK:      tt.thread <compute>
  // CHECK:        tt.reduce_init <max> <row> %c0_i32{{[_0-9]*}}, %c26_i32, %c24_i32
  // exp(x - max) reads CB 0 too and is the first write of x (CB 16).
  // CHECK:      tt.thread <compute>
  // CHECK:        tt.copy_tile %c0_i32{{[_0-9]*}},
  // CHECK:        tt.sub_binary_tile
  // CHECK:        tt.exp_tile
  // CHECK:        tt.pack_tile %{{.*}}, %c16_i32
  // 1 / sum in DST right after the reduction, before the one pack.
  // CHECK:      tt.thread <compute>
  // CHECK:        tt.reduce_init <sum> <row> %c16_i32, %c26_i32, %c25_i32
  // CHECK:        tt.reduce_uninit
  // CHECK-NOT:    tt.pack_tile
  // CHECK:        tt.recip_tile_init
  // CHECK-NEXT:   scf.for
  // CHECK-NOT:    tt.pack_tile
  // CHECK:        tt.recip_tile
  // CHECK-NOT:    tt.mul_unary_tile
  // CHECK:        tt.pack_tile %{{.*}}, %c25_i32
  // x * (1 / sum) packs into the writer's staging CB 17; the SFPU product's
  // init is set once, before the sub-block loop.
  // CHECK:      tt.thread <compute>
  // CHECK:        tt.mul_binary_tile_init
  // CHECK-NEXT:   scf.for
  // CHECK-NOT:    tt.mul_binary_tile_init
  // CHECK:        tt.mul_binary_tile
  // CHECK:        tt.pack_tile %{{.*}}, %c17_i32
  // CHECK:      tt.thread <writer>
  // CHECK:        tt.cb_wait_front %c17_i32
  // CHECK-NOT:  tt.pack_tile
  // CHECK:      return
  // PACKS-LABEL: func.func @softmax
  // PACKS-COUNT-6: tt.pack_tile
  // PACKS-NOT:     tt.pack_tile
  // PACKS:         return
  func.func @softmax(%arg0: memref<64x64xf32> {tl.name = "X"}, %arg1: memref<64x64xf32> {tl.name = "Y"}) attributes {tt.cb_desc = [#tt.cb_desc<index = 0, dtype = f32, page_size = 4096, num_pages = 2, buffer = "x_shared">, #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 2, buffer = "x">, #tt.cb_desc<index = 24, dtype = f32, page_size = 4096, num_pages = 1, buffer = "row_max">, #tt.cb_desc<index = 25, dtype = f32, page_size = 4096, num_pages = 1, buffer = "row_sum">], tt.core_grid = #tt.core_grid<2, 1>, tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (2, 1)>], tt.layout_desc = {X = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>, Y = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>}, tt.partition_strategy = #tt.partition_strategy<contiguous>, tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_n = 2>], "(1,0)" = [#tt.work_item<io = 0, jo = 2, len_k = 0, tile_order = row_major, len_n = 2>]}} {
    tl.kernel grid [2] threads 128 (%arg2) {
      %0 = tl.alloc_shared {tl.name = "x_shared"} : memref<32x64xf32, #tl.memory_space<shared>>
      %1 = tl.alloc_fragment {tl.name = "x"} : memref<32x64xf32, #tl.memory_space<fragment>>
      %2 = tl.alloc_fragment {tl.name = "row_max"} : memref<32xf32, #tl.memory_space<fragment>>
      %3 = tl.alloc_fragment {tl.name = "row_sum"} : memref<32xf32, #tl.memory_space<fragment>>
      %c32 = arith.constant 32 : index
      %4 = arith.muli %arg2, %c32 : index
      %c0 = arith.constant 0 : index
      tl.copy %arg0[%4, %c0] to %0 : memref<64x64xf32> to memref<32x64xf32, #tl.memory_space<shared>>
      tl.copy %0 to %1 : memref<32x64xf32, #tl.memory_space<shared>> to memref<32x64xf32, #tl.memory_space<fragment>>
      tl.reduce <max> %1 to %2 {dim = 1 : i64} : memref<32x64xf32, #tl.memory_space<fragment>> to memref<32xf32, #tl.memory_space<fragment>>
      tl.parallel (%arg3, %arg4) in [32, 64] {
        %6 = memref.load %1[%arg3, %arg4] : memref<32x64xf32, #tl.memory_space<fragment>>
        %7 = memref.load %2[%arg3] : memref<32xf32, #tl.memory_space<fragment>>
        %8 = arith.subf %6, %7 : f32
        %9 = math.exp %8 : f32
        memref.store %9, %1[%arg3, %arg4] : memref<32x64xf32, #tl.memory_space<fragment>>
      }
      tl.reduce <sum> %1 to %3 {dim = 1 : i64} : memref<32x64xf32, #tl.memory_space<fragment>> to memref<32xf32, #tl.memory_space<fragment>>
      tl.parallel (%arg3) in [32] {
        %6 = memref.load %3[%arg3] : memref<32xf32, #tl.memory_space<fragment>>
        %cst = arith.constant 1.000000e+00 : f32
        %7 = arith.divf %cst, %6 : f32
        memref.store %7, %3[%arg3] : memref<32xf32, #tl.memory_space<fragment>>
      }
      tl.parallel (%arg3, %arg4) in [32, 64] {
        %6 = memref.load %1[%arg3, %arg4] : memref<32x64xf32, #tl.memory_space<fragment>>
        %7 = memref.load %3[%arg3] : memref<32xf32, #tl.memory_space<fragment>>
        %8 = arith.mulf %6, %7 : f32
        memref.store %8, %1[%arg3, %arg4] : memref<32x64xf32, #tl.memory_space<fragment>>
      }
      %c32_0 = arith.constant 32 : index
      %5 = arith.muli %arg2, %c32_0 : index
      %c0_1 = arith.constant 0 : index
      tl.copy %1 to %arg1[%5, %c0_1] : memref<32x64xf32, #tl.memory_space<fragment>> to memref<64x64xf32>
    }
    return
  }
}

// -----

// t = 2 a; y = exp(t) + a; Y = bf16(y). t is read only by the next op and
// y only by the store: one compute thread evaluates the whole chain per tile
// and packs once, into the bf16 staging CB; neither t's CB (16) nor y's
// (17) is ever packed.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @chain
  // CHECK-SAME: #tt.cb_desc<index = 18, dtype = bf16, page_size = 2048, num_pages = 4, buffer = "y_to_Y">
  // CHECK:      tt.thread <compute>
  // CHECK:        tt.mul_unary_tile
  // CHECK:        tt.exp_tile
  // CHECK:        tt.add_binary_tile
  // CHECK:        tt.pack_tile %{{.*}}, %c18_i32
  // CHECK:      tt.thread <writer>
  // PACKS-LABEL: func.func @chain
  // PACKS-COUNT-1: tt.pack_tile
  // PACKS-NOT:     tt.pack_tile
  // PACKS:         return
  func.func @chain(%A: memref<64x64xf32> {tl.name = "A"}, %Y: memref<64x64xbf16> {tl.name = "Y"}) attributes {
      tt.core_grid = #tt.core_grid<1, 1>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (1, 1)>],
      tt.layout_desc = {
        A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>,
        Y = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 2048>},
      tt.cb_desc = [
        #tt.cb_desc<index = 0, dtype = f32, page_size = 4096, num_pages = 4, buffer = "a_shared">,
        #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "t">,
        #tt.cb_desc<index = 17, dtype = f32, page_size = 4096, num_pages = 4, buffer = "y">],
      tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}} {
    tl.kernel grid [1, 1] (%bx, %by) {
      %c0 = arith.constant 0 : index
      %a = tl.alloc_shared {tl.name = "a_shared"} : memref<64x64xf32, #tl.memory_space<shared>>
      %t = tl.alloc_fragment {tl.name = "t"} : memref<64x64xf32, #tl.memory_space<fragment>>
      %y = tl.alloc_fragment {tl.name = "y"} : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.copy %A[%c0, %c0] to %a : memref<64x64xf32> to memref<64x64xf32, #tl.memory_space<shared>>
      tl.parallel (%i, %j) in [64, 64] {
        %v = memref.load %a[%i, %j] : memref<64x64xf32, #tl.memory_space<shared>>
        %c2 = arith.constant 2.0 : f32
        %m = arith.mulf %v, %c2 : f32
        memref.store %m, %t[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      }
      tl.parallel (%i, %j) in [64, 64] {
        %v = memref.load %t[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
        %w = memref.load %a[%i, %j] : memref<64x64xf32, #tl.memory_space<shared>>
        %e = math.exp %v : f32
        %s = arith.addf %e, %w : f32
        memref.store %s, %y[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      }
      tl.copy %y to %Y[%c0, %c0] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xbf16>
    }
    return
  }
}

// -----

// The same chain with t stored after y: t is needed by a later op, so it
// goes through its CB (16), and the store of y (same dtype, written once)
// hands y's own CB (17) to the writer.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @chain_live
  // CHECK:      tt.thread <compute>
  // CHECK:        tt.mul_unary_tile
  // CHECK-NOT:    tt.exp_tile
  // CHECK:        tt.pack_tile %{{.*}}, %c16_i32
  // CHECK:      tt.thread <compute>
  // CHECK:        tt.copy_tile %c16_i32
  // CHECK:        tt.exp_tile
  // CHECK:        tt.pack_tile %{{.*}}, %c17_i32
  // PACKS-LABEL: func.func @chain_live
  // PACKS-COUNT-2: tt.pack_tile
  // PACKS-NOT:     tt.pack_tile
  // PACKS:         return
  func.func @chain_live(%A: memref<64x64xf32> {tl.name = "A"}, %T: memref<64x64xf32> {tl.name = "T"}, %Y: memref<64x64xf32> {tl.name = "Y"}) attributes {
      tt.core_grid = #tt.core_grid<1, 1>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (1, 1)>],
      tt.layout_desc = {
        A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>,
        T = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>,
        Y = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>},
      tt.cb_desc = [
        #tt.cb_desc<index = 0, dtype = f32, page_size = 4096, num_pages = 4, buffer = "a_shared">,
        #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "t">,
        #tt.cb_desc<index = 17, dtype = f32, page_size = 4096, num_pages = 4, buffer = "y">],
      tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}} {
    tl.kernel grid [1, 1] (%bx, %by) {
      %c0 = arith.constant 0 : index
      %a = tl.alloc_shared {tl.name = "a_shared"} : memref<64x64xf32, #tl.memory_space<shared>>
      %t = tl.alloc_fragment {tl.name = "t"} : memref<64x64xf32, #tl.memory_space<fragment>>
      %y = tl.alloc_fragment {tl.name = "y"} : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.copy %A[%c0, %c0] to %a : memref<64x64xf32> to memref<64x64xf32, #tl.memory_space<shared>>
      tl.parallel (%i, %j) in [64, 64] {
        %v = memref.load %a[%i, %j] : memref<64x64xf32, #tl.memory_space<shared>>
        %c2 = arith.constant 2.0 : f32
        %m = arith.mulf %v, %c2 : f32
        memref.store %m, %t[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      }
      tl.parallel (%i, %j) in [64, 64] {
        %v = memref.load %t[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
        %e = math.exp %v : f32
        memref.store %e, %y[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      }
      tl.copy %y to %Y[%c0, %c0] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xf32>
      tl.copy %t to %T[%c0, %c0] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xf32>
    }
    return
  }
}

// -----

// A copy whose source is overwritten while the copy's value is still read
// is kept: x must hold s's first value (1.0) when y = x + s reads it.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @copy_kept
  // CHECK:      tt.fill_tile %{{.*}}, 1.0
  // CHECK:        tt.pack_tile %{{.*}}, %c16_i32
  // CHECK:      tt.thread <compute>
  // CHECK:        tt.copy_tile %c16_i32
  // CHECK:        tt.pack_tile %{{.*}}, %c17_i32
  // CHECK:      tt.fill_tile %{{.*}}, 2.0
  func.func @copy_kept(%Y: memref<64x64xf32> {tl.name = "Y"}) attributes {
      tt.core_grid = #tt.core_grid<1, 1>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (1, 1)>],
      tt.layout_desc = {
        Y = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>},
      tt.cb_desc = [
        #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "s">,
        #tt.cb_desc<index = 17, dtype = f32, page_size = 4096, num_pages = 4, buffer = "x">,
        #tt.cb_desc<index = 18, dtype = f32, page_size = 4096, num_pages = 4, buffer = "y">],
      tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}} {
    tl.kernel grid [1, 1] (%bx, %by) {
      %c0 = arith.constant 0 : index
      %s = tl.alloc_fragment {tl.name = "s"} : memref<64x64xf32, #tl.memory_space<fragment>>
      %x = tl.alloc_fragment {tl.name = "x"} : memref<64x64xf32, #tl.memory_space<fragment>>
      %y = tl.alloc_fragment {tl.name = "y"} : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.fill %s, 1.0 : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.copy %s to %x : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xf32, #tl.memory_space<fragment>>
      tl.fill %s, 2.0 : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.parallel (%i, %j) in [64, 64] {
        %v = memref.load %x[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
        %w = memref.load %s[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
        %a = arith.addf %v, %w : f32
        memref.store %a, %y[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      }
      tl.copy %y to %Y[%c0, %c0] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xf32>
    }
    return
  }
}

// -----

// A copy inside a loop whose value the next iteration reads before the
// copy runs again is kept (x is live around the back edge).
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @copy_loop_carried
  // CHECK:      scf.for
  // CHECK:        tt.thread <compute>
  // CHECK:          tt.add_unary_tile
  // CHECK:        tt.thread <compute>
  // CHECK:          tt.copy_tile %c16_i32
  // CHECK:          tt.pack_tile %{{.*}}, %c17_i32
  func.func @copy_loop_carried(%Y: memref<64x64xf32> {tl.name = "Y"}) attributes {
      tt.core_grid = #tt.core_grid<1, 1>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (1, 1)>],
      tt.layout_desc = {
        Y = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>},
      tt.cb_desc = [
        #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "s">,
        #tt.cb_desc<index = 17, dtype = f32, page_size = 4096, num_pages = 4, buffer = "x">],
      tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}} {
    tl.kernel grid [1, 1] (%bx, %by) {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c3 = arith.constant 3 : index
      %s = tl.alloc_fragment {tl.name = "s"} : memref<64x64xf32, #tl.memory_space<fragment>>
      %x = tl.alloc_fragment {tl.name = "x"} : memref<64x64xf32, #tl.memory_space<fragment>>
      tl.fill %x, 0.0 : memref<64x64xf32, #tl.memory_space<fragment>>
      scf.for %k = %c0 to %c3 step %c1 {
        tl.parallel (%i, %j) in [64, 64] {
          %v = memref.load %x[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
          %c1f = arith.constant 1.0 : f32
          %a = arith.addf %v, %c1f : f32
          memref.store %a, %s[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
        }
        tl.copy %s to %x : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xf32, #tl.memory_space<fragment>>
      }
      tl.copy %x to %Y[%c0, %c0] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xf32>
    }
    return
  }
}

// -----

// r = r * r after a row sum reads the result twice: it cannot stand in for
// the result's DST slot, so it stays a separate op on the packed result.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // CHECK-LABEL: func.func @epilogue_twice
  // CHECK:      tt.reduce_uninit
  // CHECK-NOT:  tt.mul_binary_tile
  // CHECK:        tt.pack_tile
  // CHECK:      tt.thread <compute>
  // CHECK:        tt.copy_tile
  // CHECK:        tt.mul_binary_tile
  func.func @epilogue_twice(%A: memref<64x64xf32> {tl.name = "A"}, %R: memref<64xf32> {tl.name = "R"}) attributes {
      tt.core_grid = #tt.core_grid<1, 1>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (1, 1)>],
      tt.layout_desc = {
        A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>,
        R = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64], padded_shape = [64], page_size = 4096>},
      tt.cb_desc = [
        #tt.cb_desc<index = 0, dtype = f32, page_size = 4096, num_pages = 4, buffer = "a_shared">,
        #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 2, buffer = "r">],
      tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}} {
    tl.kernel grid [1, 1] (%bx, %by) {
      %c0 = arith.constant 0 : index
      %a = tl.alloc_shared {tl.name = "a_shared"} : memref<64x64xf32, #tl.memory_space<shared>>
      %r = tl.alloc_fragment {tl.name = "r"} : memref<64xf32, #tl.memory_space<fragment>>
      tl.copy %A[%c0, %c0] to %a : memref<64x64xf32> to memref<64x64xf32, #tl.memory_space<shared>>
      tl.reduce <sum> %a to %r {dim = 1 : i64} : memref<64x64xf32, #tl.memory_space<shared>> to memref<64xf32, #tl.memory_space<fragment>>
      tl.parallel (%i) in [64] {
        %v = memref.load %r[%i] : memref<64xf32, #tl.memory_space<fragment>>
        %m = arith.mulf %v, %v : f32
        memref.store %m, %r[%i] : memref<64xf32, #tl.memory_space<fragment>>
      }
      tl.copy %r to %R[%c0] : memref<64xf32, #tl.memory_space<fragment>> to memref<64xf32>
    }
    return
  }
}
