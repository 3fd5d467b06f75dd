// RUN: tilett-opt --tt-infer-layout="coarsen-grid=false" --tt-propagate-layout --tt-tiles-to-core-map="strategy=contiguous" %S/Inputs/kernels.mlir | FileCheck %s
// RUN: tilett-opt --tt-infer-layout="coarsen-grid=false" --tt-propagate-layout --tt-tiles-to-core-map %S/Inputs/kernels.mlir | FileCheck %s --check-prefix=AUTO
// RUN: tilett-opt --tt-infer-layout="coarsen-grid=false" --tt-propagate-layout --tt-tiles-to-core-map="strategy=cyclic_2d" %S/Inputs/kernels.mlir | FileCheck %s --check-prefix=CYCLIC
// RUN: tilett-opt --tt-infer-layout="coarsen-grid=false" --tt-propagate-layout --tt-tiles-to-core-map="strategy=block_2d" %S/Inputs/kernels.mlir | FileCheck %s --check-prefix=B2D
// RUN: tilett-opt --tt-infer-layout="core-grid=3x1 coarsen-grid=false" --tt-propagate-layout --tt-tiles-to-core-map %S/Inputs/kernels.mlir | FileCheck %s --check-prefix=UNEVEN
// RUN: tilett-opt --tt-infer-layout="coarsen-grid=false" --tt-propagate-layout --tt-tiles-to-core-map="report-imbalance=true" %S/Inputs/kernels.mlir 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK

// One item per 64x64 block (2x2 tiles), io = by*2, jo = bx*2, len_k = 8 K
// steps x 1 tile (one step of 8 once InferTTLayout widened it). A and B
// are shared along rows and columns of blocks, so the core grid keeps the
// 4x4 launch grid's shape.
// CHECK-LABEL: func.func @gemm_aligned
// CHECK-SAME: tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (4, 4)>]
// CHECK-SAME: tt.partition_strategy = #tt.partition_strategy<contiguous>
// CHECK-SAME: "(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 8, tile_order = row_major, len_m = 2, len_n = 2>]
// CHECK-SAME: "(0,1)" = [#tt.work_item<io = 2, jo = 0, len_k = 8, tile_order = row_major, len_m = 2, len_n = 2>]
// CHECK-SAME: "(3,0)" = [#tt.work_item<io = 0, jo = 6, len_k = 8, tile_order = row_major, len_m = 2, len_n = 2>]
// CHECK-SAME: "(3,3)" = [#tt.work_item<io = 6, jo = 6, len_k = 8, tile_order = row_major, len_m = 2, len_n = 2>]

// Padded: 3 K steps of one tile.
// CHECK-LABEL: func.func @gemm_padded
// CHECK-SAME: "(3,1)" = [#tt.work_item<io = 2, jo = 6, len_k = 3, tile_order = row_major, len_m = 2, len_n = 2>]

// 1024 blocks over 64 cores: 16 consecutive blocks each.
// CHECK-LABEL: func.func @gemm_many_blocks
// CHECK-SAME: tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (8, 8)>]
// CHECK-SAME: "(1,0)" = [#tt.work_item<io = 0, jo = 16, len_k = 32, tile_order = row_major>, #tt.work_item<io = 0, jo = 17,
// CHECK-SAME: "(7,7)" = [#tt.work_item<io = 31, jo = 16, len_k = 32, tile_order = row_major>,
// CHECK-SAME: #tt.work_item<io = 31, jo = 31, len_k = 32, tile_order = row_major>]}

// CHECK-LABEL: func.func @gemm_few_blocks
// CHECK-SAME: tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (2, 2)>]
// CHECK-SAME: "(1,1)" = [#tt.work_item<io = 2, jo = 2, len_k = 2, tile_order = row_major, len_m = 2, len_n = 2>]

// Element-wise: a 32x64 block is 1x2 tiles and there is no reduction.
// CHECK-LABEL: func.func @eltwise_add
// CHECK-SAME: "(1,0)" = [#tt.work_item<io = 0, jo = 2, len_k = 0, tile_order = row_major, len_n = 2>]

// CHECK-LABEL: func.func @gemm_relu
// CHECK-SAME: "(0,1)" = [#tt.work_item<io = 2, jo = 0, len_k = 4, tile_order = row_major, len_m = 2, len_n = 2>]

// auto: cyclic_2d where rows and columns of blocks share loads, contiguous
// for the element-wise kernel, whose loads every block makes differently.
// AUTO-LABEL: func.func @gemm_aligned
// AUTO-SAME: tt.partition_strategy = #tt.partition_strategy<cyclic_2d>
// AUTO-LABEL: func.func @gemm_many_blocks
// AUTO-SAME: tt.partition_strategy = #tt.partition_strategy<cyclic_2d>
// AUTO-LABEL: func.func @eltwise_add
// AUTO-SAME: tt.partition_strategy = #tt.partition_strategy<contiguous>

// cyclic_2d: 32x32 blocks dealt over 8x8 cores, core (x, y) taking blocks
// (x + 8i, y + 8j), j outer: every core of a row sees the same by at each
// step, every core of a column the same bx.
// CYCLIC-LABEL: func.func @gemm_many_blocks
// CYCLIC-SAME: "(1,0)" = [#tt.work_item<io = 0, jo = 1, {{[^>]*}}>, #tt.work_item<io = 0, jo = 9, {{[^>]*}}>, #tt.work_item<io = 0, jo = 17, {{[^>]*}}>, #tt.work_item<io = 0, jo = 25, {{[^>]*}}>, #tt.work_item<io = 8, jo = 1,
// CYCLIC-SAME: "(2,1)" = [#tt.work_item<io = 1, jo = 2, {{[^>]*}}>, #tt.work_item<io = 1, jo = 10,

// block_2d: the 32x32 block grid in 4x4 rectangles, one per core.
// B2D-LABEL: func.func @gemm_many_blocks
// B2D-SAME: tt.partition_strategy = #tt.partition_strategy<block_2d>
// B2D-SAME: "(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 32, tile_order = row_major>, #tt.work_item<io = 0, jo = 1, {{.*}}, #tt.work_item<io = 0, jo = 3, {{.*}}, #tt.work_item<io = 1, jo = 0,
// B2D-SAME: "(1,0)" = [#tt.work_item<io = 0, jo = 4,

// 16 blocks over 3 cores: 6, 5, 5; 8 blocks: 3, 3, 2.
// UNEVEN-LABEL: func.func @gemm_aligned
// UNEVEN-SAME: tt.core_grid = #tt.core_grid<3, 1>
// UNEVEN-SAME: "(2,0)" = [#tt.work_item<io = 4, jo = 6, {{[^]]*}}>, #tt.work_item<io = 6, jo = 0, {{[^]]*}}>, #tt.work_item<io = 6, jo = 2, {{[^]]*}}>, #tt.work_item<io = 6, jo = 4, {{[^]]*}}>, #tt.work_item<io = 6, jo = 6, {{[^]]*}}>]
// UNEVEN-LABEL: func.func @gemm_padded
// UNEVEN-SAME: "(0,0)" = [{{[^]]*}}, {{[^]]*}}, {{[^]]*}}]
// UNEVEN-SAME: "(2,0)" = [#tt.work_item<io = 2, jo = 4, {{[^]]*}}>, #tt.work_item<io = 2, jo = 6, {{[^]]*}}>]

// REMARK: remark: work partition: 16 items over 16 cores, max/min items per core = 1/1
// REMARK: remark: work partition: 1024 items over 64 cores, max/min items per core = 16/16
