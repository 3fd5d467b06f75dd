// RUN: tilett-opt --tt-infer-layout %S/Inputs/kernels.mlir | FileCheck %s
// RUN: tilett-opt --tt-infer-layout="core-grid=2x2" %S/Inputs/kernels.mlir | FileCheck %s --check-prefix=GRID
// RUN: tilett-opt --tt-infer-layout="arch=blackhole" %S/Inputs/kernels.mlir | FileCheck %s --check-prefix=BH

// CHECK: module attributes {tt.arch = #tt.arch<wormhole_b0>}
// BH: module attributes {tt.arch = #tt.arch<blackhole>}

// 16 blocks on the 8x8 grid: clamped to two full rows.
// CHECK-LABEL: func.func @gemm_aligned
// CHECK-SAME: tt.core_grid = #tt.core_grid<8, 2>
// CHECK-SAME: tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (8, 2)>]
// CHECK-SAME: A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [256, 256], padded_shape = [256, 256], page_size = 2048>
// GRID-LABEL: func.func @gemm_aligned
// GRID-SAME: tt.core_grid = #tt.core_grid<2, 2>
// BH-LABEL: func.func @gemm_aligned
// BH-SAME: tt.core_grid = #tt.core_grid<13, 2>

// Unnamed buffers are arg<i>; padding to whole f32 tiles only (windows
// are the next pass's business).
// CHECK-LABEL: func.func @gemm_padded
// CHECK-SAME: tt.core_grid = #tt.core_grid<8, 1>
// CHECK-SAME: arg0 = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [100, 70], padded_shape = [128, 96], page_size = 4096>
// CHECK-SAME: arg1 = #tt.layout_desc<{{.*}}shape = [70, 200], padded_shape = [96, 224]
// CHECK-SAME: arg2 = #tt.layout_desc<{{.*}}shape = [100, 200], padded_shape = [128, 224]

// More blocks than cores: the whole device.
// CHECK-LABEL: func.func @gemm_many_blocks
// CHECK-SAME: tt.core_grid = #tt.core_grid<8, 8>
// CHECK-SAME: tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (8, 8)>]
// GRID-LABEL: func.func @gemm_many_blocks
// GRID-SAME: tt.core_grid = #tt.core_grid<2, 2>
// BH-LABEL: func.func @gemm_many_blocks
// BH-SAME: tt.core_grid = #tt.core_grid<13, 10>

// Fewer blocks than cores: only as many cores as blocks.
// CHECK-LABEL: func.func @gemm_few_blocks
// CHECK-SAME: tt.core_grid = #tt.core_grid<4, 1>

// CHECK-LABEL: func.func @eltwise_add
// CHECK-SAME: tt.core_grid = #tt.core_grid<8, 4>
// CHECK-SAME: X = #tt.layout_desc<memory = dram
// CHECK-SAME: Z = #tt.layout_desc<memory = dram

// CHECK-LABEL: func.func @gemm_relu
// CHECK-SAME: tt.core_grid = #tt.core_grid<4, 1>
