// RUN: tilett-opt --tt-infer-layout %S/Inputs/kernels.mlir | FileCheck %s
// RUN: tilett-opt --tt-infer-layout="core-grid=2x2" %S/Inputs/kernels.mlir | FileCheck %s --check-prefix=GRID
// RUN: tilett-opt --tt-infer-layout="arch=blackhole coarsen-grid=false" %S/Inputs/kernels.mlir | FileCheck %s --check-prefix=BH
// RUN: tilett-opt --tt-infer-layout="k-block=1" %S/Inputs/kernels.mlir | FileCheck %s --check-prefix=KEEP
// RUN: tilett-opt --tt-infer-layout="coarsen-grid=false" %S/Inputs/kernels.mlir | FileCheck %s --check-prefix=NOCOARSEN

// CHECK: module attributes {tt.arch = #tt.arch<wormhole_b0>}
// BH: module attributes {tt.arch = #tt.arch<blackhole>}

// 4x4 blocks whose rows share A and columns share B (Multicast.h): the
// grid keeps the launch grid's shape, so that a row of cores can multicast.
// CHECK-LABEL: func.func @gemm_aligned
// CHECK-SAME: tt.core_grid = #tt.core_grid<4, 4>
// CHECK-SAME: tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (4, 4)>]
// CHECK-SAME: A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [256, 256], padded_shape = [256, 256], page_size = 2048>
// GRID-LABEL: func.func @gemm_aligned
// GRID-SAME: tt.core_grid = #tt.core_grid<2, 2>
// BH-LABEL: func.func @gemm_aligned
// BH-SAME: tt.core_grid = #tt.core_grid<4, 4>

// K blocking: 16 blocks on 64 cores is one a core, which keeps 4 steps to
// overlap load and compute: the 8 one-tile K steps become 4 of 2 tiles, A
// and B twice as wide along K, double-buffered (2 stages instead of the 3
// asked for); with k-block=1 the loop stays as written.
// CHECK: tl.alloc_shared {tl.name = "A_shared"} : memref<64x64xbf16
// CHECK: tl.alloc_shared {tl.name = "B_shared"} : memref<64x64xbf16
// CHECK: tl.pipelined %{{.*}} = 0 to 8 step 2 stages 2
// CHECK: tl.gemm %{{.*}} : memref<64x64xbf16, {{.*}}>, memref<64x64xbf16, {{.*}}>, memref<64x64xf32
// KEEP-LABEL: func.func @gemm_aligned
// KEEP: tl.alloc_shared {tl.name = "A_shared"} : memref<64x32xbf16
// KEEP: tl.pipelined %{{.*}} = 0 to 8 step 1 stages 3

// Unnamed buffers are arg<i>; padding to whole f32 tiles only (windows
// are the next pass's business).
// CHECK-LABEL: func.func @gemm_padded
// CHECK-SAME: tt.core_grid = #tt.core_grid<4, 2>
// CHECK-SAME: arg0 = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [100, 70], padded_shape = [128, 96], page_size = 4096>
// CHECK-SAME: arg1 = #tt.layout_desc<{{.*}}shape = [70, 200], padded_shape = [96, 224]
// CHECK-SAME: arg2 = #tt.layout_desc<{{.*}}shape = [100, 200], padded_shape = [128, 224]
// A gemm that clears C at every step is not a K loop: kept as written.
// CHECK: tl.pipelined %{{.*}} = 0 to 3 step 1 stages 2

// More blocks than cores: the whole device.
// CHECK-LABEL: func.func @gemm_many_blocks
// CHECK-SAME: tt.core_grid = #tt.core_grid<8, 8>
// CHECK-SAME: tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (8, 8)>]
// GRID-LABEL: func.func @gemm_many_blocks
// GRID-SAME: tt.core_grid = #tt.core_grid<2, 2>
// BH-LABEL: func.func @gemm_many_blocks
// BH-SAME: tt.core_grid = #tt.core_grid<13, 10>

// 1024 blocks of 32x32, 16 a core: neighbouring blocks share their A
// (along bx) and B (along by) windows, so 4x4 of them run as one 128x128
// block a core (no core gets more work): each window offset advances by
// the coarse block's extent (128) per block index, windows and buffers
// grow 4-fold along M and N, K stays. Then the K blocking widens the
// coarse block's steps (4 steps a core).
// CHECK: tl.kernel grid [8, 8] (%[[BX:.*]], %[[BY:.*]]) {
// CHECK: tl.alloc_shared : memref<128x256xbf16
// CHECK: tl.alloc_shared : memref<256x128xbf16
// CHECK: tl.alloc_fragment : memref<128x128xf32
// CHECK: tl.pipelined %{{.*}} = 0 to 32 step 8 stages 2
// CHECK: %[[FY:.*]] = arith.constant 128 : index
// CHECK-NEXT: arith.muli %[[BY]], %[[FY]] : index
// CHECK: %[[FX:.*]] = arith.constant 128 : index
// CHECK-NEXT: arith.muli %[[BX]], %[[FX]] : index
// Without the coarsening: 16 blocks a core, widened to 4 steps of 8 tiles
// (the k-block cap).
// NOCOARSEN-LABEL: func.func @gemm_many_blocks
// NOCOARSEN: tl.kernel grid [32, 32]
// NOCOARSEN: tl.pipelined %{{.*}} = 0 to 32 step 8 stages 2

// Fewer blocks than cores: only as many cores as blocks, in the launch
// grid's shape.
// CHECK-LABEL: func.func @gemm_few_blocks
// CHECK-SAME: tt.core_grid = #tt.core_grid<2, 2>

// CHECK-LABEL: func.func @eltwise_add
// CHECK-SAME: tt.core_grid = #tt.core_grid<8, 4>
// CHECK-SAME: X = #tt.layout_desc<memory = dram
// CHECK-SAME: Z = #tt.layout_desc<memory = dram

// CHECK-LABEL: func.func @gemm_relu
// CHECK-SAME: tt.core_grid = #tt.core_grid<2, 2>
