// RUN: tilett-opt --tt-infer-layout --tt-propagate-layout --tt-tiles-to-core-map --split-input-file --verify-diagnostics %s | FileCheck %s

// A tt.work_partition given on input is checked and kept (here the reverse
// of what contiguous would pick); tt.core_ranges is narrowed to its cores.
// CHECK-LABEL: func.func @kept
// CHECK-SAME: tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (2, 1)>]
// CHECK-SAME: tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 2, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>], "(1,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}
func.func @kept(%A: memref<64x128xf32> {tl.name = "A"}, %C: memref<64x128xf32> {tl.name = "C"}) attributes {
    tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 2, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>],
                         "(1,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}} {
  tl.kernel grid [2] (%bx) {
    %c0 = arith.constant 0 : index
    %c64 = arith.constant 64 : index
    %col = arith.muli %bx, %c64 : index
    %s = tl.alloc_shared : memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %A[%c0, %col] to %s : memref<64x128xf32> to memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %s to %C[%c0, %col] : memref<64x64xf32, #tl.memory_space<shared>> to memref<64x128xf32>
  }
  return
}

// -----

// expected-error @+1 {{tt.work_partition has no item for block (1, 0)}}
func.func @missing(%A: memref<64x128xf32> {tl.name = "A"}, %C: memref<64x128xf32> {tl.name = "C"}) attributes {
    tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}} {
  tl.kernel grid [2] (%bx) {
    %c0 = arith.constant 0 : index
    %c64 = arith.constant 64 : index
    %col = arith.muli %bx, %c64 : index
    %s = tl.alloc_shared : memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %A[%c0, %col] to %s : memref<64x128xf32> to memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %s to %C[%c0, %col] : memref<64x64xf32, #tl.memory_space<shared>> to memref<64x128xf32>
  }
  return
}

// -----

// expected-error @+1 {{tt.work_partition lists block (0, 0) twice (cores (0,0) and (1,0))}}
func.func @duplicated(%A: memref<64x128xf32> {tl.name = "A"}, %C: memref<64x128xf32> {tl.name = "C"}) attributes {
    tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>],
                         "(1,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major, len_m = 2, len_n = 2>]}} {
  tl.kernel grid [2] (%bx) {
    %c0 = arith.constant 0 : index
    %c64 = arith.constant 64 : index
    %col = arith.muli %bx, %c64 : index
    %s = tl.alloc_shared : memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %A[%c0, %col] to %s : memref<64x128xf32> to memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %s to %C[%c0, %col] : memref<64x64xf32, #tl.memory_space<shared>> to memref<64x128xf32>
  }
  return
}

// -----

// expected-error @+1 {{expected every tt.work_partition item to be one launch block (len_m = 2, len_n = 2, len_k = 0, io a multiple of 2, jo a multiple of 2) but core "(0,0)" has #tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major>}}
func.func @not_a_block(%A: memref<64x128xf32> {tl.name = "A"}, %C: memref<64x128xf32> {tl.name = "C"}) attributes {
    tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major>]}} {
  tl.kernel grid [2] (%bx) {
    %c0 = arith.constant 0 : index
    %c64 = arith.constant 64 : index
    %col = arith.muli %bx, %c64 : index
    %s = tl.alloc_shared : memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %A[%c0, %col] to %s : memref<64x128xf32> to memref<64x64xf32, #tl.memory_space<shared>>
    tl.copy %s to %C[%c0, %col] : memref<64x64xf32, #tl.memory_space<shared>> to memref<64x128xf32>
  }
  return
}
