// RUN: tilett-opt --tt-infer-layout --tt-propagate-layout --tt-tiles-to-core-map --tt-lower-tile-intrinsics %s | FileCheck %s

// A 64x256 bf16 block is 16 tiles. The reader hands them over 8 at a time
// (reserve, read, barrier, push per chunk), compute waits for one DST
// sub-block more each step ((sb + 1) * 8 tiles at the front) instead of all
// 16 up front, and the writer drains the result in chunks of 8 as compute
// packs it: read, compute and write of one block overlap.
// CHECK-LABEL: func.func @scale
// CHECK: tt.thread <reader> {
// CHECK:   %[[C8:.*]] = arith.constant 8 : i32
// CHECK:   scf.for %{{.*}} = %{{.*}} to %[[TWO:.*]] step
// CHECK:     tt.cb_reserve_back %{{.*}}, %[[C8]]
// CHECK:     tt.noc_async_read_tile
// CHECK:     tt.noc_async_read_barrier
// CHECK:     tt.cb_push_back %{{.*}}, %[[C8]]
// CHECK: tt.thread <compute> {
// CHECK-NOT: tt.cb_wait_front %c0_i32, %c16_i32
// CHECK:   scf.for %[[SB:.*]] = %{{.*}} to
// CHECK:     %[[NEXT:.*]] = arith.addi %[[SB]], %{{.*}} : index
// CHECK:     %[[LANDED:.*]] = arith.muli %[[NEXT]], %{{.*}} : index
// CHECK:     %[[N:.*]] = arith.index_cast %[[LANDED]] : index to i32
// CHECK:     tt.cb_wait_front %{{.*}}, %[[N]]
// CHECK:     tt.copy_tile
// CHECK: tt.thread <writer> {
// CHECK:   scf.for
// CHECK:     tt.cb_wait_front %{{.*}}, %[[W8:.*]]
// CHECK:     tt.get_read_ptr
// CHECK:     tt.noc_async_write_tile
// CHECK:     tt.noc_async_write_barrier
// CHECK:     tt.cb_pop_front %{{.*}}, %[[W8]]
func.func @scale(%X: memref<64x256xbf16> {tl.name = "X"}, %Y: memref<64x256xbf16> {tl.name = "Y"}) {
  tl.kernel grid [1, 1] (%bx, %by) {
    %c0 = arith.constant 0 : index
    %X_s = tl.alloc_shared {tl.name = "X_s"} : memref<64x256xbf16, #tl.memory_space<shared>>
    %Y_l = tl.alloc_fragment {tl.name = "Y_l"} : memref<64x256xbf16, #tl.memory_space<fragment>>
    tl.copy %X[%c0, %c0] to %X_s : memref<64x256xbf16> to memref<64x256xbf16, #tl.memory_space<shared>>
    tl.parallel (%i, %j) in [64, 256] {
      %x = memref.load %X_s[%i, %j] : memref<64x256xbf16, #tl.memory_space<shared>>
      %s = arith.addf %x, %x : bf16
      memref.store %s, %Y_l[%i, %j] : memref<64x256xbf16, #tl.memory_space<fragment>>
    }
    tl.copy %Y_l to %Y[%c0, %c0] : memref<64x256xbf16, #tl.memory_space<fragment>> to memref<64x256xbf16>
  }
  return
}
