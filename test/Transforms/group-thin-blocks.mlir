// RUN: tilett-opt --tt-infer-layout="k-block=1" --split-input-file %s | FileCheck %s
// RUN: tilett-opt --tt-infer-layout="k-block=1 coarsen-grid=false" --split-input-file %s | FileCheck %s --check-prefix=OFF
// RUN: not tilett-opt --tt-infer-layout="k-block=1" --tt-propagate-layout --split-input-file %s 2>&1 | FileCheck %s --check-prefix=ERR

// RMS norm with one row a block (TileLang's norm examples): 32 neighbouring
// blocks make one 32-row block, whether or not the schedule coarsens: the
// device has no unit smaller than a 32x32 tile. The row vector of sums and
// the tl.parallel nests grow with the rows; the reduced dim stays 512.
// CHECK-LABEL: func.func @rms_norm_rows
// CHECK: tl.kernel grid [8] (%[[BX:.*]]) {
// CHECK-NEXT: %[[F:.*]] = arith.constant 32 : index
// CHECK-NEXT: %[[ROW:.*]] = arith.muli %[[BX]], %[[F]] : index
// CHECK: tl.alloc_fragment {tl.name = "x"} : memref<32x512xf32
// CHECK: tl.alloc_fragment {tl.name = "s"} : memref<32xf32
// CHECK: tl.copy %{{.*}}[%[[ROW]], %{{.*}}] to %{{.*}} : memref<256x512xf32> to memref<32x512xf32
// CHECK: tl.parallel (%{{.*}}, %{{.*}}) in [32, 512]
// CHECK: tl.reduce <sum> {{.*}} : memref<32x512xf32, #tl.memory_space<fragment>> to memref<32xf32
// CHECK: tl.parallel (%{{.*}}) in [32]
// OFF-LABEL: func.func @rms_norm_rows
// OFF: tl.kernel grid [8]
func.func @rms_norm_rows(%A: memref<256x512xf32> {tl.name = "A"}, %B: memref<256x512xf32> {tl.name = "B"}) {
  tl.kernel grid [256] (%bx) {
    %c0 = arith.constant 0 : index
    %x = tl.alloc_fragment {tl.name = "x"} : memref<1x512xf32, #tl.memory_space<fragment>>
    %sq = tl.alloc_fragment {tl.name = "sq"} : memref<1x512xf32, #tl.memory_space<fragment>>
    %s = tl.alloc_fragment {tl.name = "s"} : memref<1xf32, #tl.memory_space<fragment>>
    tl.copy %A[%bx, %c0] to %x : memref<256x512xf32> to memref<1x512xf32, #tl.memory_space<fragment>>
    tl.parallel (%i, %j) in [1, 512] {
      %v = memref.load %x[%i, %j] : memref<1x512xf32, #tl.memory_space<fragment>>
      %p = arith.mulf %v, %v : f32
      memref.store %p, %sq[%i, %j] : memref<1x512xf32, #tl.memory_space<fragment>>
    }
    tl.reduce <sum> %sq to %s {dim = 1 : i64} : memref<1x512xf32, #tl.memory_space<fragment>> to memref<1xf32, #tl.memory_space<fragment>>
    tl.parallel (%i) in [1] {
      %v = memref.load %s[%i] : memref<1xf32, #tl.memory_space<fragment>>
      %r = math.rsqrt %v : f32
      memref.store %r, %s[%i] : memref<1xf32, #tl.memory_space<fragment>>
    }
    tl.parallel (%i, %j) in [1, 512] {
      %v = memref.load %x[%i, %j] : memref<1x512xf32, #tl.memory_space<fragment>>
      %r = memref.load %s[%i] : memref<1xf32, #tl.memory_space<fragment>>
      %y = arith.mulf %v, %r : f32
      memref.store %y, %x[%i, %j] : memref<1x512xf32, #tl.memory_space<fragment>>
    }
    tl.copy %x to %B[%bx, %c0] : memref<1x512xf32, #tl.memory_space<fragment>> to memref<256x512xf32>
  }
  return
}

// -----

// Blocks of 8 rows over a 2-D grid (columns in 32-wide blocks): 4 of them
// along the rows make a tile; the column dimension is already whole tiles.
// CHECK-LABEL: func.func @eight_rows
// CHECK: tl.kernel grid [4, 4]
// CHECK: tl.alloc_shared {tl.name = "x"} : memref<32x32xf32
func.func @eight_rows(%X: memref<128x128xf32> {tl.name = "X"}, %Y: memref<128x128xf32> {tl.name = "Y"}) {
  tl.kernel grid [4, 16] (%bx, %by) {
    %c8 = arith.constant 8 : index
    %c32 = arith.constant 32 : index
    %x = tl.alloc_shared {tl.name = "x"} : memref<8x32xf32, #tl.memory_space<shared>>
    %row = arith.muli %by, %c8 : index
    %col = arith.muli %bx, %c32 : index
    tl.copy %X[%row, %col] to %x : memref<128x128xf32> to memref<8x32xf32, #tl.memory_space<shared>>
    tl.copy %x to %Y[%row, %col] : memref<8x32xf32, #tl.memory_space<shared>> to memref<128x128xf32>
  }
  return
}

// -----

// 100 one-row blocks cannot be grouped 32 at a time: unchanged, and the
// layout's window check says why in the kernel's terms.
// CHECK-LABEL: func.func @ragged_rows
// CHECK: tl.kernel grid [100]
// ERR: error: 'tl.copy' op copies a window of 1 elements along dim 0 of 'A' (extent 100); Tenstorrent moves whole 32x32 tiles
func.func @ragged_rows(%A: memref<100x64xf32> {tl.name = "A"}, %B: memref<100x64xf32> {tl.name = "B"}) {
  tl.kernel grid [100] (%bx) {
    %c0 = arith.constant 0 : index
    %x = tl.alloc_shared {tl.name = "x"} : memref<1x64xf32, #tl.memory_space<shared>>
    tl.copy %A[%bx, %c0] to %x : memref<100x64xf32> to memref<1x64xf32, #tl.memory_space<shared>>
    tl.copy %x to %B[%bx, %c0] : memref<1x64xf32, #tl.memory_space<shared>> to memref<100x64xf32>
  }
  return
}

// -----

// The row index is data (a select on the block index): grouping would
// change what each element computes, so the kernel is left as written.
// CHECK-LABEL: func.func @block_index_as_data
// CHECK: tl.kernel grid [64]
func.func @block_index_as_data(%A: memref<64x64xf32> {tl.name = "A"}, %B: memref<64x64xf32> {tl.name = "B"}) {
  tl.kernel grid [64] (%bx) {
    %c0 = arith.constant 0 : index
    %c7 = arith.constant 7 : index
    %x = tl.alloc_shared {tl.name = "x"} : memref<1x64xf32, #tl.memory_space<shared>>
    tl.copy %A[%bx, %c0] to %x : memref<64x64xf32> to memref<1x64xf32, #tl.memory_space<shared>>
    %odd = arith.cmpi ult, %bx, %c7 : index
    tl.parallel (%i, %j) in [1, 64] {
      %v = memref.load %x[%i, %j] : memref<1x64xf32, #tl.memory_space<shared>>
      %z = arith.constant 0.0 : f32
      %r = arith.select %odd, %v, %z : f32
      memref.store %r, %x[%i, %j] : memref<1x64xf32, #tl.memory_space<shared>>
    }
    tl.copy %x to %B[%bx, %c0] : memref<1x64xf32, #tl.memory_space<shared>> to memref<64x64xf32>
  }
  return
}

// -----

// Index arithmetic left unused in a tl.parallel (the frontend's staging of
// `Mean[bx + i] = m[i]` leaves one) does not stop the grouping.
// CHECK-LABEL: func.func @dead_index_arith
// CHECK: tl.kernel grid [2]
// CHECK: tl.alloc_fragment {tl.name = "Mean_out"} : memref<32xf32
func.func @dead_index_arith(%A: memref<64x64xf32> {tl.name = "A"}, %Mean: memref<64xf32> {tl.name = "Mean"}) {
  tl.kernel grid [64] (%bx) {
    %c0 = arith.constant 0 : index
    %x = tl.alloc_shared {tl.name = "x"} : memref<1x64xf32, #tl.memory_space<shared>>
    %s = tl.alloc_fragment {tl.name = "s"} : memref<1xf32, #tl.memory_space<fragment>>
    %out = tl.alloc_fragment {tl.name = "Mean_out"} : memref<1xf32, #tl.memory_space<fragment>>
    tl.copy %A[%bx, %c0] to %x : memref<64x64xf32> to memref<1x64xf32, #tl.memory_space<shared>>
    tl.reduce <sum> %x to %s {dim = 1 : i64} : memref<1x64xf32, #tl.memory_space<shared>> to memref<1xf32, #tl.memory_space<fragment>>
    tl.parallel (%i) in [1] {
      %v = memref.load %s[%i] : memref<1xf32, #tl.memory_space<fragment>>
      %unused = arith.addi %bx, %i : index
      memref.store %v, %out[%i] : memref<1xf32, #tl.memory_space<fragment>>
    }
    tl.copy %out to %Mean[%bx] : memref<1xf32, #tl.memory_space<fragment>> to memref<64xf32>
  }
  return
}
