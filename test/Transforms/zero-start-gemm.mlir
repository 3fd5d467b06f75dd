// RUN: tilett-opt --tt-infer-layout="k-block=1" --tt-propagate-layout --tt-tiles-to-core-map --tt-lower-tile-intrinsics --split-input-file %s | FileCheck %s

// T.clear(C) followed by the K loop whose only use of C is the gemm: the
// zero is not packed; the gemm's first step takes no partial sums and packs
// without accumulating. Later steps hand the partial sums' pages from the
// front to the back (no copy_tile) and the packer adds DST to them (L1
// accumulation): C's CB holds exactly its 4 tiles.
// CHECK-LABEL: func.func @cleared_then_accumulated
// CHECK-NOT: tt.fill_tile
// CHECK: %[[LATER:.*]] = arith.cmpi ne
// CHECK: %[[ACC:.*]] = arith.extui %[[LATER]] : i1 to i32
// CHECK: tt.mm_init
// CHECK: tt.tile_regs_acquire
// CHECK-NEXT: scf.if %[[LATER]] {
// CHECK-NEXT: tt.cb_wait_front %[[C:c16_i32]], %[[N:.*]]
// CHECK-NEXT: tt.cb_pop_front %[[C]], %[[N]]
// CHECK-NEXT: }
// CHECK-NOT: tt.copy_tile
// CHECK-NOT: tt.mm_init
// CHECK: tt.matmul_tiles
// CHECK: tt.cb_reserve_back %[[C]], %[[N]]
// CHECK-NEXT: tt.pack_reconfig_l1_acc %[[ACC]]
// CHECK: tt.pack_tile {{.*}}, %[[C]]
// CHECK: tt.pack_reconfig_l1_acc %c0_i32
// CHECK-NEXT: tt.cb_push_back %[[C]], %[[N]]
func.func @cleared_then_accumulated(%A: memref<64x64xbf16> {tl.name = "A"}, %B: memref<64x64xbf16> {tl.name = "B"},
                                    %C: memref<64x64xbf16> {tl.name = "C"}) {
  tl.kernel grid [1, 1] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %c0 = arith.constant 0 : index
    %A_s = tl.alloc_shared {tl.name = "A_s"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared {tl.name = "B_s"} : memref<32x64xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment {tl.name = "C_l"} : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.clear %C_l : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.pipelined %k = 0 to 2 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%c0, %kk] to %A_s : memref<64x64xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %c0] to %B_s : memref<64x64xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%c0, %c0] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xbf16>
  }
  return
}

// -----

// The loop also reads C outside the gemm (a scale of the partial sums each
// step): the zero must be in C's CB before the loop, so the fill stays and
// the gemm always reloads.
// CHECK-LABEL: func.func @cleared_and_read
// CHECK: tt.fill_tile
// CHECK-NOT: scf.if
// CHECK: tt.matmul_tiles
func.func @cleared_and_read(%A: memref<64x64xbf16> {tl.name = "A"}, %B: memref<64x64xbf16> {tl.name = "B"},
                            %C: memref<64x64xbf16> {tl.name = "C"}) {
  tl.kernel grid [1, 1] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %c0 = arith.constant 0 : index
    %A_s = tl.alloc_shared {tl.name = "A_s"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared {tl.name = "B_s"} : memref<32x64xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment {tl.name = "C_l"} : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.clear %C_l : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.pipelined %k = 0 to 2 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.parallel (%i, %j) in [64, 64] {
        %v = memref.load %C_l[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
        %h = arith.constant 5.000000e-01 : f32
        %s = arith.mulf %v, %h : f32
        memref.store %s, %C_l[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      }
      tl.copy %A[%c0, %kk] to %A_s : memref<64x64xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %c0] to %B_s : memref<64x64xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%c0, %c0] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<64x64xbf16>
  }
  return
}

// -----

// C is cleared by the gemm inside the pipelined loop, so its CB is staged
// (two pages for its one tile): popped pages are not the ones reserved
// next, so the gemm reloads its partial sums into DST and packs without
// L1 accumulation.
// CHECK-LABEL: func.func @staged_accumulator
// CHECK: tt.fill_tile %
// CHECK: tt.pack_tile
// CHECK: tt.tile_regs_acquire
// CHECK-NEXT: tt.copy_tile_init
// CHECK-NEXT: tt.cb_wait_front
// CHECK: tt.copy_tile
// CHECK: tt.cb_pop_front
// CHECK-NEXT: tt.mm_init
// CHECK: tt.matmul_tiles
// CHECK-NOT: tt.pack_reconfig_l1_acc
// CHECK: tt.pack_tile
// CHECK-LABEL: return
func.func @staged_accumulator(%A: memref<64x32xbf16> {tl.name = "A"}, %B: memref<32x32xbf16> {tl.name = "B"},
                              %C: memref<64x32xbf16> {tl.name = "C"}) {
  tl.kernel grid [1, 1] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %c0 = arith.constant 0 : index
    %A_s = tl.alloc_shared {tl.name = "A_s"} : memref<32x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared {tl.name = "B_s"} : memref<32x32xbf16, #tl.memory_space<shared>>
    %O_l = tl.alloc_fragment {tl.name = "O_l"} : memref<32x32xf32, #tl.memory_space<fragment>>
    tl.copy %B[%c0, %c0] to %B_s : memref<32x32xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
    tl.pipelined %k = 0 to 2 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%kk, %c0] to %A_s : memref<64x32xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %O_l {clear_accum = true} : memref<32x32xbf16, #tl.memory_space<shared>>, memref<32x32xbf16, #tl.memory_space<shared>>, memref<32x32xf32, #tl.memory_space<fragment>>
      tl.copy %O_l to %C[%kk, %c0] : memref<32x32xf32, #tl.memory_space<fragment>> to memref<64x32xbf16>
    }
  }
  return
}
