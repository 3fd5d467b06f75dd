// RUN: tilett-opt --tt-infer-layout="k-block=1 block-factor=2x1" %s | FileCheck %s --check-prefix=F21
// RUN: tilett-opt --tt-infer-layout="k-block=1 block-factor=1x2" %s | FileCheck %s --check-prefix=F12
// RUN: tilett-opt --tt-infer-layout="k-block=1 block-factor=1x1" %s | FileCheck %s --check-prefix=F11
// RUN: tilett-opt --tt-infer-layout="k-block=1 block-factor=2x2 core-grid=2x2" %s | FileCheck %s --check-prefix=GRID
// The pipeline and the legacy alias take it too, as the same option.
// RUN: tilett-opt --tt-pipeline="k-block=1 block-factor=2x1" %s | FileCheck %s --check-prefix=PIPE
// RUN: tilett-opt --infer_default_tt_schedule="k-block=1 block-factor=2x1 silence-deprecation=true" %s | FileCheck %s --check-prefix=F21

// A GEMM in 64x64 blocks, 4x4 of them. block-factor FxG runs F blocks
// along bx (N) and G along by (M) as one per-core block: the grid shrinks
// by the factors, the buffers whose windows move with that index grow by
// them (B_s and the output along N for bx, A_s and the output along M for
// by), the K extent stays, and the block index reads as F times the coarse
// one in every window offset.
// F21: tl.kernel grid [2, 4] (%[[BX:.*]], %[[BY:.*]]) {
// F21: %[[F:.*]] = arith.constant 2 : index
// F21: %[[B0:.*]] = arith.muli %[[BX]], %[[F]] : index
// F21: tl.alloc_shared {tl.name = "A_s"} : memref<64x32xbf16
// F21: tl.alloc_shared {tl.name = "B_s"} : memref<32x128xbf16
// F21: tl.alloc_fragment {tl.name = "C_l"} : memref<64x128xf32
// F21: %[[COL:.*]] = arith.muli %[[B0]], %{{.*}} : index
// F21: tl.copy %{{.*}}[%{{.*}}, %[[COL]]] to %{{.*}} : memref<64x256xbf16> to memref<32x128xbf16
// F21: tl.copy %{{.*}} to %{{.*}}[%{{.*}}, %[[COL]]] : memref<64x128xf32, {{.*}}> to memref<256x256xf32>

// F12: tl.kernel grid [4, 2]
// F12: tl.alloc_shared {tl.name = "A_s"} : memref<128x32xbf16
// F12: tl.alloc_shared {tl.name = "B_s"} : memref<32x64xbf16
// F12: tl.alloc_fragment {tl.name = "C_l"} : memref<128x64xf32

// 1x1 is the blocks as written, where the model (default) would regroup.
// F11: tl.kernel grid [4, 4]
// F11: tl.alloc_fragment {tl.name = "C_l"} : memref<64x64xf32

// A forced factor applies under a given core grid too (which otherwise
// turns the model off).
// GRID: tt.core_grid = #tt.core_grid<2, 2>
// GRID: tl.kernel grid [2, 2]
// GRID: tl.alloc_fragment {tl.name = "C_l"} : memref<128x128xf32

// PIPE: tt.core_grid = #tt.core_grid<2, 4>
// PIPE-SAME: C_l = #tt.layout_desc<{{[^>]*}} shape = [64, 128]
func.func @gemm(%A: memref<256x64xbf16> {tl.name = "A"}, %B: memref<64x256xbf16> {tl.name = "B"},
                %C: memref<256x256xf32> {tl.name = "C"}) {
  tl.kernel grid [4, 4] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %c64 = arith.constant 64 : index
    %A_s = tl.alloc_shared {tl.name = "A_s"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared {tl.name = "B_s"} : memref<32x64xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment {tl.name = "C_l"} : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.clear %C_l : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.pipelined %k = 0 to 2 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%row, %kk] to %A_s : memref<256x64xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %B_s : memref<64x256xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<256x256xf32>
  }
  return
}
