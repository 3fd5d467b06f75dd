// RUN: tilett-opt --tt-infer-layout="k-block=1 coarsen-grid=false" --tt-propagate-layout %S/Inputs/kernels.mlir | FileCheck %s

// Load-filled buffers take CBs from 0, stored ones from 16; pages are the
// tiles times the pipeline depth (3 stages here), the accumulator outside
// any streaming loop has one page per tile.
// CHECK-LABEL: func.func @gemm_aligned
// CHECK-SAME: tt.cb_desc = [#tt.cb_desc<index = 0, dtype = bf16, page_size = 2048, num_pages = 6, buffer = "A_shared">, #tt.cb_desc<index = 1, dtype = bf16, page_size = 2048, num_pages = 6, buffer = "B_shared">, #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "C_local">]
// CHECK-SAME: A_shared = #tt.layout_desc<memory = l1, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [64, 32], padded_shape = [64, 32], page_size = 2048>
// CHECK-SAME: C_local = #tt.layout_desc<memory = l1, {{.*}}dtype = f32, tile = [32, 32], shape = [64, 64]

// Padded shapes grow to whole copy windows: M and N to 64, K to 32.
// CHECK-LABEL: func.func @gemm_padded
// CHECK-SAME: tt.cb_desc = [#tt.cb_desc<index = 0, dtype = f32, page_size = 4096, num_pages = 4, buffer = "shared0">, #tt.cb_desc<index = 1, dtype = f32, page_size = 4096, num_pages = 4, buffer = "shared1">, #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "fragment2">]
// CHECK-SAME: arg0 = #tt.layout_desc<{{.*}}shape = [100, 70], padded_shape = [128, 96]
// CHECK-SAME: arg1 = #tt.layout_desc<{{.*}}shape = [70, 200], padded_shape = [96, 256]
// CHECK-SAME: arg2 = #tt.layout_desc<{{.*}}shape = [100, 200], padded_shape = [128, 256]

// CHECK-LABEL: func.func @gemm_many_blocks
// CHECK-SAME: num_pages = 2, buffer = "shared0"
// CHECK-SAME: num_pages = 1, buffer = "fragment2"

// Copies outside any loop stream one page per tile.
// CHECK-LABEL: func.func @gemm_few_blocks
// CHECK-SAME: #tt.cb_desc<index = 0, dtype = bf16, page_size = 2048, num_pages = 4, buffer = "shared0">

// CHECK-LABEL: func.func @eltwise_add
// CHECK-SAME: tt.cb_desc = [#tt.cb_desc<index = 0, dtype = bf16, page_size = 2048, num_pages = 2, buffer = "shared0">, #tt.cb_desc<index = 1, dtype = bf16, page_size = 2048, num_pages = 2, buffer = "shared1">, #tt.cb_desc<index = 16, dtype = bf16, page_size = 2048, num_pages = 2, buffer = "fragment2">]

// CHECK-LABEL: func.func @gemm_relu
// CHECK-SAME: #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "fragment2">
