// RUN: tilett-opt --tt-infer-layout="coarsen-grid=false k-block=1" --split-input-file %s | FileCheck %s
// RUN: tilett-opt --tt-infer-layout --split-input-file --verify-diagnostics %S/Inputs/permute-globals-invalid.mlir

// BSHD windows Q[b, rows, h, :] (window_dims 1 and 3) and an output
// window O[b, rows, h, :]: both tensors are held as BHSD (dim order
// 0, 2, 1, 3), the offsets follow the order and window_dims is dropped. K,
// copied over its trailing dims, keeps its order and has no tt.dim_order.
// CHECK-LABEL: func.func @bshd
// CHECK-SAME: %[[Q:[^:]*]]: memref<2x4x128x64xbf16> {tl.name = "Q", tt.dim_order = array<i64: 0, 2, 1, 3>}
// CHECK-SAME: %[[K:[^:]*]]: memref<2x4x128x64xbf16> {tl.name = "K"}
// CHECK-SAME: %[[O:[^:]*]]: memref<2x4x128x64xbf16> {tl.name = "O", tt.dim_order = array<i64: 0, 2, 1, 3>}
// CHECK-SAME: Q = #tt.layout_desc<{{.*}}shape = [2, 4, 128, 64], padded_shape = [2, 4, 128, 64]
// CHECK: tl.kernel grid [2, 4, 2] {{.*}}(%[[BX:[^,]*]], %[[BY:[^,]*]], %[[BZ:[^)]*]])
// CHECK: %[[ROW:.*]] = arith.muli %[[BX]]
// CHECK: tl.copy %[[Q]][%[[BZ]], %[[BY]], %[[ROW]], %{{.*}}] to %{{.*}} : memref<2x4x128x64xbf16> to memref<64x64xbf16
// CHECK-NOT: window_dims
// CHECK: tl.copy %[[K]][%[[BZ]], %[[BY]], %{{.*}}, %{{.*}}] to
// CHECK: tl.copy %{{.*}} to %[[O]][%[[BZ]], %[[BY]], %[[ROW]], %{{.*}}] : memref<64x64xbf16, {{.*}}> to memref<2x4x128x64xbf16>
func.func @bshd(%Q: memref<2x128x4x64xbf16> {tl.name = "Q"},
                %K: memref<2x4x128x64xbf16> {tl.name = "K"},
                %O: memref<2x128x4x64xbf16> {tl.name = "O"}) {
  tl.kernel grid [2, 4, 2] (%bx, %by, %bz) {
    %c0 = arith.constant 0 : index
    %c64 = arith.constant 64 : index
    %q = tl.alloc_shared {tl.name = "Q_shared"} : memref<64x64xbf16, #tl.memory_space<shared>>
    %k = tl.alloc_shared {tl.name = "K_shared"} : memref<64x64xbf16, #tl.memory_space<shared>>
    %row = arith.muli %bx, %c64 : index
    tl.copy %Q[%bz, %row, %by, %c0] to %q {window_dims = array<i64: 1, 3>} : memref<2x128x4x64xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
    tl.copy %K[%bz, %by, %row, %c0] to %k : memref<2x4x128x64xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
    tl.copy %q to %O[%bz, %row, %by, %c0] {window_dims = array<i64: 1, 3>} : memref<64x64xbf16, #tl.memory_space<shared>> to memref<2x128x4x64xbf16>
  }
  return
}

// -----

// A window over dims 0 and 2 of a 3-D tensor (an SHD layout, rows x dim for
// one head): dim 1 goes first. A rank-1 window over the last dim is
// compatible with that order and is rewritten too.
// CHECK-LABEL: func.func @shd
// CHECK-SAME: memref<4x256x32xf32> {tl.name = "X", tt.dim_order = array<i64: 1, 0, 2>}
// CHECK: tl.copy %{{.*}}[%[[H:.*]], %[[R:.*]], %{{.*}}] to %{{.*}} : memref<4x256x32xf32> to memref<32x32xf32
// CHECK: tl.copy %{{.*}}[%[[H]], %[[R]], %{{.*}}] to %{{.*}} : memref<4x256x32xf32> to memref<32xf32
func.func @shd(%X: memref<256x4x32xf32> {tl.name = "X"}) {
  tl.kernel grid [8, 4] (%bx, %by) {
    %c0 = arith.constant 0 : index
    %c32 = arith.constant 32 : index
    %x = tl.alloc_fragment : memref<32x32xf32, #tl.memory_space<fragment>>
    %v = tl.alloc_fragment : memref<32xf32, #tl.memory_space<fragment>>
    %row = arith.muli %bx, %c32 : index
    tl.copy %X[%row, %by, %c0] to %x {window_dims = array<i64: 0, 2>} : memref<256x4x32xf32> to memref<32x32xf32, #tl.memory_space<fragment>>
    tl.copy %X[%row, %by, %c0] to %v : memref<256x4x32xf32> to memref<32xf32, #tl.memory_space<fragment>>
  }
  return
}
