// RUN: tilett-opt --tt-infer-layout="k-block=1" --tt-propagate-layout --tt-tiles-to-core-map --tt-lower-tile-intrinsics --split-input-file %s | FileCheck %s
// RUN: tilett-opt --tt-infer-layout="k-block=1" --tt-propagate-layout --tt-tiles-to-core-map --tt-lower-tile-intrinsics --tt-grid-to-persistent --split-input-file %s | FileCheck %s --check-prefix=ARGS

// A is read at (by, k) by every block of a row, B at (k, bx) by every block
// of a column: on the 2x2 cyclic grid the first core of each row (column)
// reads it and multicasts it, two semaphores a load. The two loads of a K
// step are one run: each reserves its pages and either starts its reads
// (the sender) or says it has room (a receiver); then one read barrier for
// both, each sender's multicast once its receivers are ready, each
// receiver's wait, and both pushes. A core that sends B and receives A
// has announced its room for A before it waits for anything.
// CHECK-LABEL: func.func @shared
// CHECK-SAME: tt.mcast_groups = [#tt.mcast_group<buffer = "A_s", axis = 0, sender_semaphore = 0, receiver_semaphore = 1>, #tt.mcast_group<buffer = "B_s", axis = 1, sender_semaphore = 2, receiver_semaphore = 3>]
// CHECK-SAME: tt.partition_strategy = #tt.partition_strategy<cyclic_2d>
// CHECK: tt.thread <reader>
// CHECK: tt.cb_reserve_back
// CHECK: %[[ROLE:.*]] = tt.mcast_arg 0 <is_sender>
// CHECK: %[[SENDER:.*]] = arith.cmpi ne, %[[ROLE]]
// CHECK: scf.if %[[SENDER]] {
// CHECK:   tt.get_write_ptr
// CHECK:   tt.noc_async_read_tile
// CHECK-NOT: tt.noc_async_read_barrier
// CHECK: } else {
// CHECK:   %[[LANDED:.*]] = tt.get_semaphore %c1_i32
// CHECK:   tt.noc_semaphore_set %[[LANDED]], %c0_i32
// CHECK:   tt.mcast_arg 0 <sender_x>
// CHECK:   tt.mcast_arg 0 <sender_y>
// CHECK:   tt.noc_semaphore_inc
// CHECK-NOT: tt.noc_semaphore_wait
// CHECK: }
// CHECK: tt.thread <reader>
// CHECK: tt.cb_reserve_back
// CHECK: tt.mcast_arg 1 <is_sender>
// CHECK: tt.noc_async_read_tile
// CHECK: tt.noc_semaphore_inc
// CHECK: tt.noc_async_read_barrier
// CHECK-NOT: tt.noc_async_read_barrier
// CHECK: %[[ROLE0:.*]] = tt.mcast_arg 0 <is_sender>
// CHECK: %[[SEND0:.*]] = arith.cmpi ne, %[[ROLE0]]
// CHECK: scf.if %[[SEND0]] {
// CHECK:   %[[BASE:.*]] = tt.get_write_ptr
// CHECK:   %[[DESTS:.*]] = tt.mcast_arg 0 <num_dests>
// CHECK:   %[[READY:.*]] = tt.get_semaphore %c0_i32
// CHECK:   tt.noc_semaphore_wait %[[READY]], %[[DESTS]]
// CHECK:   tt.noc_semaphore_set %[[READY]], %c0_i32
// CHECK:   %[[DST:.*]] = tt.get_noc_multicast_addr {{.*}}, %[[BASE]]
// CHECK:   tt.noc_async_write_multicast %[[BASE]], %[[DST]], %c4096_i32, %[[DESTS]]
// CHECK:   %[[VALID:.*]] = tt.get_semaphore %c1_i32
// CHECK:   tt.noc_semaphore_set %[[VALID]], %c1_i32
// CHECK:   tt.noc_semaphore_set_multicast %[[VALID]]
// CHECK-NOT: tt.noc_async_write_barrier
// CHECK: }
// CHECK: tt.mcast_arg 1 <is_sender>
// CHECK: tt.noc_async_write_multicast
// CHECK: tt.mcast_arg 0 <is_sender>
// CHECK: %[[RECV0:.*]] = arith.xori
// CHECK: scf.if %[[RECV0]] {
// CHECK:   %[[LANDED0:.*]] = tt.get_semaphore %c1_i32
// CHECK:   tt.noc_semaphore_wait %[[LANDED0]], %c1_i32
// CHECK: }
// CHECK: tt.mcast_arg 1 <is_sender>
// CHECK: tt.noc_semaphore_wait
// CHECK: tt.cb_push_back %c0_i32
// CHECK: tt.cb_push_back %c1_i32

// The reader takes A's and B's addresses, then 8 fields per group, then
// num_items: the plan fills them per core.
// ARGS-LABEL: func.func private @shared
// ARGS-SAME: reader = ["addr:A", "addr:B", "mcast:0", "mcast:1", "num_items", "items:bx,by"]
// ARGS-LABEL: func.func @shared_reader
// ARGS: tt.get_arg_val 18 : i32
// ARGS-NOT: tt.mcast_arg
// ARGS-LABEL: func.func @shared_compute
func.func @shared(%A: memref<128x128xbf16> {tl.name = "A"}, %B: memref<128x128xbf16> {tl.name = "B"},
                  %C: memref<128x128xbf16> {tl.name = "C"}) {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c64 = arith.constant 64 : index
    %c32 = arith.constant 32 : index
    %A_s = tl.alloc_shared {tl.name = "A_s"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared {tl.name = "B_s"} : memref<32x64xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment {tl.name = "C_l"} : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.clear %C_l : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.pipelined %k = 0 to 4 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%row, %kk] to %A_s : memref<128x128xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %B_s : memref<128x128xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<128x128xbf16>
  }
  return
}

// -----

// Every block reads its own tiles (the offset depends on bx and by): no
// load is shared, the partition stays contiguous and nothing is multicast.
// CHECK-LABEL: func.func @private_tiles
// CHECK-NOT: tt.mcast_groups
// CHECK-SAME: tt.partition_strategy = #tt.partition_strategy<contiguous>
// CHECK-NOT: tt.noc_async_write_multicast
func.func @private_tiles(%X: memref<128x128xbf16> {tl.name = "X"}, %Y: memref<128x128xbf16> {tl.name = "Y"}) {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c64 = arith.constant 64 : index
    %X_s = tl.alloc_shared {tl.name = "X_s"} : memref<64x64xbf16, #tl.memory_space<shared>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.copy %X[%row, %col] to %X_s : memref<128x128xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
    tl.copy %X_s to %Y[%row, %col] : memref<64x64xbf16, #tl.memory_space<shared>> to memref<128x128xbf16>
  }
  return
}

// -----

// A loop whose trip count depends on bx runs differently in the blocks of a
// row: the loads in it are not shared, though their offsets would be.
// CHECK-LABEL: func.func @uneven_loop
// CHECK-NOT: tt.mcast_groups
// CHECK-SAME: tt.partition_strategy = #tt.partition_strategy<contiguous>
func.func @uneven_loop(%A: memref<128x128xbf16> {tl.name = "A"}, %C: memref<128x128xbf16> {tl.name = "C"}) {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    %A_s = tl.alloc_shared {tl.name = "A_s"} : memref<64x64xbf16, #tl.memory_space<shared>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    %n = arith.addi %bx, %c1 : index
    scf.for %i = %c0 to %n step %c1 {
      tl.copy %A[%row, %c0] to %A_s : memref<128x128xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
      tl.copy %A_s to %C[%row, %col] : memref<64x64xbf16, #tl.memory_space<shared>> to memref<128x128xbf16>
    }
  }
  return
}
