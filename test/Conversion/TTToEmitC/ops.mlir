// RUN: tilett-opt --convert-tt-to-emitc --split-input-file %s | FileCheck %s

// Ops whose API is not a plain call: template and literal arguments.
// CHECK-LABEL: emitc.func @special
func.func @special() attributes {tt.kernel_kind = #tt.kernel_kind<compute>} {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %c16 = arith.constant 16 : i32
  // CHECK: call_opaque "get_compile_time_arg_val"() {args = [3 : i32]} : () -> i32
  %ct = tt.get_compile_time_arg_val 3 : i32
  // CHECK: call_opaque "get_common_arg_val"() {args = [1 : i32], template_args = [#emitc.opaque<"uint32_t">]}
  %common = tt.get_common_arg_val 1 : i32
  // CHECK: call_opaque "mm_init"(%{{.*}}, %{{.*}}, %{{.*}}) {args = [0 : index, 1 : index, 2 : index, 1 : i32]}
  tt.mm_init %c0, %c1, %c16 {transpose = true}
  // CHECK: call_opaque "reduce_init"(%{{.*}}, %{{.*}}, %{{.*}}) {template_args = [#emitc.opaque<"PoolType::SUM">, #emitc.opaque<"ReduceDim::REDUCE_ROW">]}
  tt.reduce_init <sum> <row> %c0, %c1, %c16
  // CHECK: call_opaque "reduce_tile"({{.*}}) {template_args = [#emitc.opaque<"PoolType::MAX">, #emitc.opaque<"ReduceDim::REDUCE_COL">]}
  tt.reduce_tile <max> <col> %c0, %c1, %c0, %c0, %c0
  // CHECK: call_opaque "reduce_uninit"()
  tt.reduce_uninit
  // CHECK: call_opaque "fill_tile"(%{{.*}}) {args = [0 : index, 1.500000e+00 : f32]}
  tt.fill_tile %c0, 1.5
  // CHECK: call_opaque "copy_tile_to_dst_init_short"
  tt.copy_tile_init %c0
  // CHECK: call_opaque "binary_max_tile_init"()
  tt.max_binary_tile_init
  // CHECK: call_opaque "binary_max_tile"
  tt.max_binary_tile %c0, %c1, %c0
  // exp_tile's approximation is a template argument: math_approx_mode's
  // APPROX.
  // CHECK: call_opaque "exp_tile_init"() {template_args = [#emitc.opaque<"APPROX">]}
  tt.exp_tile_init
  // CHECK: call_opaque "exp_tile"(%{{.*}}) {template_args = [#emitc.opaque<"APPROX">]}
  tt.exp_tile %c0
  // CHECK: call_opaque "add_unary_tile"
  tt.add_unary_tile %c0, %c1
  return
}

// -----

// Functions without tt.kernel_kind are not kernels and stay as they are.
// CHECK-LABEL: func.func @not_a_kernel
// CHECK: arith.constant
func.func @not_a_kernel() -> i32 {
  %c0 = arith.constant 0 : i32
  return %c0 : i32
}

// -----

// Semaphore waits and sets take the semaphore as a volatile L1 pointer; the
// multicast calls are plain calls.
// CHECK-LABEL: emitc.func @semaphores
// CHECK: %[[S:.*]] = call_opaque "get_semaphore"
// CHECK: %[[P:.*]] = cast %[[S]] : i32 to !emitc.opaque<"volatile tt_l1_ptr uint32_t*">
// CHECK: call_opaque "noc_semaphore_wait"(%[[P]], %{{.*}})
// CHECK: cast %[[S]] : i32 to !emitc.opaque<"volatile tt_l1_ptr uint32_t*">
// CHECK: call_opaque "noc_semaphore_set"
// CHECK: %[[M:.*]] = call_opaque "get_noc_multicast_addr"({{.*}}) : (i32, i32, i32, i32, i32) -> i64
// CHECK: call_opaque "noc_async_write_multicast"(%[[S]], %[[M]], %{{.*}}, %{{.*}})
// CHECK: call_opaque "noc_semaphore_set_multicast"(%[[S]], %[[M]], %{{.*}})
// CHECK: %[[U:.*]] = call_opaque "get_noc_addr"
// CHECK: call_opaque "noc_semaphore_inc"(%[[U]], %{{.*}})
func.func @semaphores() attributes {tt.kernel_kind = #tt.kernel_kind<reader>} {
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
  return
}
