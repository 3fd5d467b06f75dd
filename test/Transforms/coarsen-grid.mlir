// RUN: tilett-opt --tt-infer-layout="k-block=1" --split-input-file %s | FileCheck %s
// RUN: tilett-opt --tt-infer-layout="k-block=1 coarsen-grid=false" --split-input-file %s | FileCheck %s --check-prefix=OFF

// A GEMM with a ReLU epilogue and a bias row in 64x64 blocks, 16x16 of them
// on the 8x8 cores of a Wormhole: pairs of neighbours along bx run as one
// 64x128 block, two a core (as much compute as one 128x128 block a core,
// but the first block's output write hides behind the second's compute).
// The B window's offset advances by the new block's extent: 128 * bx plus
// what it was at bx = 0. The tl.parallel over C grows with C; the bias
// vector, loaded with bx's offset, grows along N; K stays 32.
// CHECK-LABEL: func.func @gemm_bias_relu
// CHECK: tl.kernel grid [8, 16] (%[[BX:.*]], %[[BY:.*]]) {
// CHECK: tl.alloc_shared {tl.name = "A_s"} : memref<64x32xbf16
// CHECK: tl.alloc_shared {tl.name = "B_s"} : memref<32x128xbf16
// CHECK: tl.alloc_shared {tl.name = "bias_s"} : memref<128xf32
// CHECK: tl.alloc_fragment {tl.name = "C_l"} : memref<64x128xf32
// CHECK: %[[F:.*]] = arith.constant 128 : index
// CHECK-NEXT: %[[COL:.*]] = arith.muli %[[BX]], %[[F]] : index
// CHECK-NEXT: %[[WIN:.*]] = arith.addi %[[COL]], %{{.*}} : index
// CHECK-NEXT: tl.copy %{{.*}}[%{{.*}}, %[[WIN]]] to %{{.*}} : memref<256x1024xbf16>
// CHECK: tl.parallel (%{{.*}}, %{{.*}}) in [64, 128]
// OFF-LABEL: func.func @gemm_bias_relu
// OFF: tl.kernel grid [16, 16]
// OFF: tl.parallel (%{{.*}}, %{{.*}}) in [64, 64]
func.func @gemm_bias_relu(%A: memref<1024x256xbf16> {tl.name = "A"}, %B: memref<256x1024xbf16> {tl.name = "B"},
                          %Bias: memref<1024xf32> {tl.name = "Bias"},
                          %C: memref<1024x1024xf32> {tl.name = "C"}) {
  tl.kernel grid [16, 16] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %c64 = arith.constant 64 : index
    %A_s = tl.alloc_shared {tl.name = "A_s"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared {tl.name = "B_s"} : memref<32x64xbf16, #tl.memory_space<shared>>
    %bias_s = tl.alloc_shared {tl.name = "bias_s"} : memref<64xf32, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment {tl.name = "C_l"} : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.clear %C_l : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.pipelined %k = 0 to 8 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%row, %kk] to %A_s : memref<1024x256xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %B_s : memref<256x1024xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %Bias[%col] to %bias_s : memref<1024xf32> to memref<64xf32, #tl.memory_space<shared>>
    tl.parallel (%i, %j) in [64, 64] {
      %v = memref.load %C_l[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      %b = memref.load %bias_s[%j] : memref<64xf32, #tl.memory_space<shared>>
      %s = arith.addf %v, %b : f32
      %zero = arith.constant 0.0 : f32
      %r = arith.maximumf %s, %zero : f32
      memref.store %r, %C_l[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<1024x1024xf32>
  }
  return
}

// -----

// Element-wise: every load moves with both block indices, so a coarser
// block would share nothing: unchanged.
// CHECK-LABEL: func.func @eltwise_no_sharing
// CHECK: tl.kernel grid [32, 32]
func.func @eltwise_no_sharing(%X: memref<1024x1024xf32> {tl.name = "X"}, %Y: memref<1024x1024xf32> {tl.name = "Y"}) {
  tl.kernel grid [32, 32] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %x = tl.alloc_shared {tl.name = "x"} : memref<32x32xf32, #tl.memory_space<shared>>
    %row = arith.muli %by, %c32 : index
    %col = arith.muli %bx, %c32 : index
    tl.copy %X[%row, %col] to %x : memref<1024x1024xf32> to memref<32x32xf32, #tl.memory_space<shared>>
    tl.copy %x to %Y[%row, %col] : memref<32x32xf32, #tl.memory_space<shared>> to memref<1024x1024xf32>
  }
  return
}

// -----

// The epilogue computes with the parallel's index (a column mask): scaling
// the nest would change which elements it masks, so nothing is coarsened.
// CHECK-LABEL: func.func @index_arithmetic
// CHECK: tl.kernel grid [16, 16]
func.func @index_arithmetic(%A: memref<1024x32xbf16> {tl.name = "A"}, %B: memref<32x1024xbf16> {tl.name = "B"},
                            %C: memref<1024x1024xf32> {tl.name = "C"}) {
  tl.kernel grid [16, 16] (%bx, %by) {
    %c64 = arith.constant 64 : index
    %c0 = arith.constant 0 : index
    %A_s = tl.alloc_shared {tl.name = "A_s"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared {tl.name = "B_s"} : memref<32x64xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment {tl.name = "C_l"} : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.copy %A[%row, %c0] to %A_s : memref<1024x32xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
    tl.copy %B[%c0, %col] to %B_s : memref<32x1024xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
    tl.gemm %A_s, %B_s, %C_l {clear_accum = true} : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    tl.parallel (%i, %j) in [64, 64] {
      %v = memref.load %C_l[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      %c32 = arith.constant 32 : index
      %lo = arith.cmpi ult, %j, %c32 : index
      %zero = arith.constant 0.0 : f32
      %r = arith.select %lo, %v, %zero : f32
      memref.store %r, %C_l[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<1024x1024xf32>
  }
  return
}

// -----

// A row reduction over the block's columns (the dimension bx moves): a
// block twice as wide would sum twice as many columns, so bx stays; by may
// still be coarsened (rows are independent) but no load is shared along
// it, so nothing changes.
// CHECK-LABEL: func.func @reduce_along_block
// CHECK: tl.kernel grid [16, 16]
func.func @reduce_along_block(%X: memref<1024x1024xf32> {tl.name = "X"}, %S: memref<1024x16xf32> {tl.name = "S"}) {
  tl.kernel grid [16, 16] (%bx, %by) {
    %c64 = arith.constant 64 : index
    %x = tl.alloc_shared {tl.name = "x"} : memref<64x64xf32, #tl.memory_space<shared>>
    %s = tl.alloc_fragment {tl.name = "s"} : memref<64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.copy %X[%row, %col] to %x : memref<1024x1024xf32> to memref<64x64xf32, #tl.memory_space<shared>>
    tl.reduce <sum> %x to %s {dim = 1 : i64} : memref<64x64xf32, #tl.memory_space<shared>> to memref<64xf32, #tl.memory_space<fragment>>
    tl.copy %s to %S[%row, %bx] : memref<64xf32, #tl.memory_space<fragment>> to memref<1024x16xf32>
  }
  return
}

// -----

// 12 rows of 64x64 blocks on 8 rows of cores: dealt out cyclically, 6 rows
// of cores would run two blocks each. Regrouped at tile granularity, 8
// blocks of 96 rows (3 tiles, 1.5 TileLang blocks) run one a core row: the
// row windows advance by 96 per by, A and C grow to 96 rows, B and K stay.
// CHECK-LABEL: func.func @gemm_regroup
// CHECK: tl.kernel grid [8, 8] (%[[BX:.*]], %[[BY:.*]]) {
// CHECK: tl.alloc_shared {tl.name = "A_s"} : memref<96x32xbf16
// CHECK: tl.alloc_shared {tl.name = "B_s"} : memref<32x64xbf16
// CHECK: tl.alloc_fragment {tl.name = "C_l"} : memref<96x64xf32
// CHECK: %[[F:.*]] = arith.constant 96 : index
// CHECK-NEXT: %[[ROW:.*]] = arith.muli %[[BY]], %[[F]] : index
// CHECK-NEXT: %[[WIN:.*]] = arith.addi %[[ROW]], %{{.*}} : index
// CHECK-NEXT: tl.copy %{{.*}}[%[[WIN]], %{{.*}}] to %{{.*}} : memref<768x1024xbf16> to memref<96x32xbf16
// CHECK: %[[G:.*]] = arith.constant 96 : index
// CHECK-NEXT: %[[ROW2:.*]] = arith.muli %[[BY]], %[[G]] : index
// CHECK-NEXT: %[[WIN2:.*]] = arith.addi %[[ROW2]], %{{.*}} : index
// CHECK-NEXT: tl.copy %{{.*}} to %{{.*}}[%[[WIN2]], %{{.*}}] : memref<96x64xf32
// OFF-LABEL: func.func @gemm_regroup
// OFF: tl.kernel grid [8, 12]
func.func @gemm_regroup(%A: memref<768x1024xbf16> {tl.name = "A"}, %B: memref<1024x512xbf16> {tl.name = "B"},
                        %C: memref<768x512xbf16> {tl.name = "C"}) {
  tl.kernel grid [8, 12] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %c64 = arith.constant 64 : index
    %A_s = tl.alloc_shared {tl.name = "A_s"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared {tl.name = "B_s"} : memref<32x64xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment {tl.name = "C_l"} : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.clear %C_l : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.pipelined %k = 0 to 32 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%row, %kk] to %A_s : memref<768x1024xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %B_s : memref<1024x512xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<768x512xbf16>
  }
  return
}
