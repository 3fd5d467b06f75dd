// RUN: tilett-opt %s | FileCheck %s
// RUN: tilett-opt %s | tilett-opt | FileCheck %s

// CHECK-LABEL: func.func @matmul
func.func @matmul(%A: memref<256x256xbf16>, %B: memref<256x256xbf16>,
                  %C: memref<256x256xbf16>) {
  // CHECK: tl.kernel grid [4, 4] threads 128 (%[[BX:.*]], %[[BY:.*]]) {
  tl.kernel grid [4, 4] threads 128 (%bx, %by) {
    %c64 = arith.constant 64 : index
    %c32 = arith.constant 32 : index
    // CHECK: tl.alloc_shared : memref<64x32xbf16, #tl.memory_space<shared>>
    %A_s = tl.alloc_shared : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared : memref<32x64xbf16, #tl.memory_space<shared>>
    // CHECK: tl.alloc_fragment : memref<64x64xf32, #tl.memory_space<fragment>>
    %C_l = tl.alloc_fragment : memref<64x64xf32, #tl.memory_space<fragment>>
    // CHECK: tl.clear %{{.*}} : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.clear %C_l : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    // CHECK: tl.pipelined %[[K:.*]] = 0 to 8 step 1 stages 3 {
    tl.pipelined %k = 0 to 8 step 1 stages 3 {
      %kk = arith.muli %k, %c32 : index
      // CHECK: tl.copy %{{.*}}[%{{.*}}, %{{.*}}] to %{{.*}} : memref<256x256xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %A[%row, %kk] to %A_s : memref<256x256xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %B_s : memref<256x256xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
      // CHECK: tl.gemm %{{.*}}, %{{.*}}, %{{.*}} : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
      tl.gemm %A_s, %B_s, %C_l : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    // CHECK: tl.parallel (%[[I:.*]], %[[J:.*]]) in [64, 64] {
    tl.parallel (%i, %j) in [64, 64] {
      %v = memref.load %C_l[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      %zero = arith.constant 0.0 : f32
      %r = arith.maximumf %v, %zero : f32
      memref.store %r, %C_l[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
    }
    // CHECK: tl.copy %{{.*}} to %{{.*}}[%{{.*}}, %{{.*}}] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<256x256xbf16>
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<256x256xbf16>
  }
  return
}

// CHECK-LABEL: func.func @reduce_fill
func.func @reduce_fill(%X: memref<64x64xf32>, %Y: memref<64xf32>) {
  // CHECK: tl.kernel grid [2] (%{{.*}}) {
  tl.kernel grid [2] (%bx) {
    %c0 = arith.constant 0 : index
    %s = tl.alloc_shared : memref<64x64xf32, #tl.memory_space<shared>>
    %r = tl.alloc_fragment : memref<64xf32, #tl.memory_space<fragment>>
    tl.copy %X[%c0, %c0] to %s : memref<64x64xf32> to memref<64x64xf32, #tl.memory_space<shared>>
    // CHECK: tl.fill %{{.*}}, 1.500000e+00 : memref<64xf32, #tl.memory_space<fragment>>
    tl.fill %r, 1.5 : memref<64xf32, #tl.memory_space<fragment>>
    // CHECK: tl.reduce <sum> %{{.*}} to %{{.*}} {dim = 1 : i64} : memref<64x64xf32, #tl.memory_space<shared>> to memref<64xf32, #tl.memory_space<fragment>>
    tl.reduce <sum> %s to %r {dim = 1 : i64} : memref<64x64xf32, #tl.memory_space<shared>> to memref<64xf32, #tl.memory_space<fragment>>
    tl.copy %r to %Y[%c0] : memref<64xf32, #tl.memory_space<fragment>> to memref<64xf32>
  }
  return
}
