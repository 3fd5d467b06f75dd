// RUN: tilett-opt %s | FileCheck %s
// RUN: tilett-opt %s | tilett-opt | FileCheck %s

// CHECK-LABEL: func.func @reader
func.func @reader() attributes {tt.kernel_kind = #tt.kernel_kind<reader>} {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %page = arith.constant 2048 : i32
  // CHECK: tt.get_arg_val 0 : i32
  %addr = tt.get_arg_val 0 : i32
  // CHECK: tt.interleaved_accessor %{{.*}}, %{{.*}} {cta_offset = 0 : i32, dtype = bf16} : !tt.accessor
  %acc = tt.interleaved_accessor %addr, %page {cta_offset = 0 : i32, dtype = bf16} : !tt.accessor
  // CHECK: tt.cb_reserve_back %{{.*}}, %{{.*}}
  tt.cb_reserve_back %c0, %c1
  %l1 = tt.get_write_ptr %c0 : i32
  // CHECK: tt.noc_async_read_tile %{{.*}}, %{{.*}}, %{{.*}}
  tt.noc_async_read_tile %c0, %acc, %l1
  tt.noc_async_read_barrier
  tt.cb_push_back %c0, %c1
  return
}

// CHECK-LABEL: func.func @compute
func.func @compute() attributes {tt.kernel_kind = #tt.kernel_kind<compute>} {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %c16 = arith.constant 16 : i32
  // CHECK: tt.mm_init
  tt.mm_init %c0, %c1, %c16
  tt.cb_wait_front %c0, %c1
  tt.tile_regs_acquire
  // CHECK: tt.matmul_tiles %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {transpose = true}
  tt.matmul_tiles %c0, %c1, %c0, %c0, %c0 {transpose = true}
  // CHECK: tt.relu_tile
  tt.relu_tile_init
  tt.relu_tile %c0
  // CHECK: tt.reduce_tile <sum> <row>
  tt.reduce_tile <sum> <row> %c0, %c1, %c0, %c0, %c0
  // CHECK: tt.fill_tile %{{.*}}, 0.000000e+00
  tt.fill_tile %c0, 0.000000e+00
  tt.tile_regs_commit
  tt.tile_regs_wait
  tt.pack_tile %c0, %c16
  tt.tile_regs_release
  // CHECK:      tt.dst_section tiles 2 {
  // CHECK-NEXT:   tt.copy_tile %{{.*}}, %{{.*}}, %{{.*}}
  // CHECK-NEXT: } pack {
  // CHECK-NEXT:   tt.pack_tile %{{.*}}, %{{.*}}
  // CHECK-NEXT: }
  tt.dst_section tiles 2 {
    tt.copy_tile %c0, %c0, %c1
  } pack {
    tt.pack_tile %c1, %c16
  }
  return
}

// CHECK-LABEL: func.func @unassigned
func.func @unassigned() {
  %c0 = arith.constant 0 : i32
  // CHECK: tt.thread <compute> {
  tt.thread <compute> {
    tt.copy_tile_init %c0
    tt.copy_tile %c0, %c0, %c0
  }
  // CHECK: tt.thread <writer> {
  tt.thread <writer> {
    tt.noc_async_write_barrier
  }
  return
}

// Semaphore and multicast ops round-trip.
// CHECK-LABEL: func.func @mcast_ops
// CHECK: %[[S:.*]] = tt.get_semaphore %{{.*}}
// CHECK: tt.noc_semaphore_wait %[[S]], %{{.*}}
// CHECK: tt.noc_semaphore_set %[[S]], %{{.*}}
// CHECK: %[[M:.*]] = tt.get_noc_multicast_addr %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[S]]
// CHECK: tt.noc_async_write_multicast %[[S]], %[[M]], %{{.*}}, %{{.*}}
// CHECK: tt.noc_semaphore_set_multicast %[[S]], %[[M]], %{{.*}}
// CHECK: %[[U:.*]] = tt.get_noc_addr %{{.*}}, %{{.*}}, %[[S]]
// CHECK: tt.noc_semaphore_inc %[[U]], %{{.*}}
// CHECK: tt.mcast_arg 0 <num_dests>
func.func @mcast_ops() attributes {tt.kernel_kind = #tt.kernel_kind<reader>} {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %s = tt.get_semaphore %c0
  tt.noc_semaphore_wait %s, %c1
  tt.noc_semaphore_set %s, %c0
  %m = tt.get_noc_multicast_addr %c1, %c1, %c1, %c1, %s
  tt.noc_async_write_multicast %s, %m, %c1, %c1
  tt.noc_semaphore_set_multicast %s, %m, %c1
  %u = tt.get_noc_addr %c1, %c1, %s
  tt.noc_semaphore_inc %u, %c1
  %d = tt.mcast_arg 0 <num_dests>
  return
}
