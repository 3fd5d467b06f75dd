// RUN: tilett-opt --convert-tt-to-emitc %S/../Inputs/gemm_persistent.mlir | FileCheck %s
// RUN: tilett-opt --convert-tt-to-emitc=metal-headers=legacy %S/../Inputs/gemm_persistent.mlir | FileCheck %s --check-prefix=LEGACY

// The declaration that carries the metadata is left alone.
// CHECK: func.func private @matmul
// CHECK-LABEL: emitc.func @matmul_reader()
// CHECK-SAME: tt.kernel_kind = #tt.kernel_kind<reader>
// CHECK: call_opaque "get_arg_val"() {args = [0 : i32], template_args = [#emitc.opaque<"uint32_t">]} : () -> i32
// CHECK: %[[ARGS:.*]] = call_opaque "TensorAccessorArgs"() {template_args = [#emitc.opaque<"0">]} : () -> !emitc.opaque<"auto">
// CHECK: %[[ACC:.*]] = call_opaque "TensorAccessor"(%[[ARGS]], %{{.*}}, %{{.*}})
// CHECK: for
// CHECK: call_opaque "cb_reserve_back"
// CHECK: call_opaque "noc_async_read_tile"(%{{.*}}, %[[ACC]], %{{.*}}) : (i32, !emitc.opaque<"auto">, i32) -> ()
// CHECK: call_opaque "noc_async_read_barrier"() : () -> ()
// CHECK: call_opaque "cb_push_back"

// CHECK-LABEL: emitc.func @matmul_compute()
// CHECK: call_opaque "mm_init"(%{{.*}}, %{{.*}}, %{{.*}}) : (i32, i32, i32) -> ()
// CHECK: call_opaque "tile_regs_acquire"()
// Current API: five operands, the transpose comes from mm_init.
// CHECK: call_opaque "matmul_tiles"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (i32, i32, i32, i32, i32) -> ()
// CHECK: call_opaque "pack_tile"
// CHECK: call_opaque "tile_regs_release"()

// CHECK-LABEL: emitc.func @matmul_writer()
// CHECK: call_opaque "noc_async_write_tile"
// CHECK: call_opaque "noc_async_write_barrier"
// CHECK-NOT: tt.

// LEGACY-LABEL: emitc.func @matmul_reader()
// LEGACY: %[[VAR:.*]] = "emitc.variable"() <{value = #emitc.opaque<"">}> : () -> !emitc.lvalue<!emitc.opaque<"InterleavedAddrGenFast<true>">>
// LEGACY: "emitc.member"(%[[VAR]]) <{member = "bank_base_address"}>
// LEGACY: "emitc.member"(%[[VAR]]) <{member = "page_size"}>
// LEGACY: #emitc.opaque<"DataFormat::Float16_b">
// LEGACY: "emitc.member"(%[[VAR]]) <{member = "data_format"}>
// LEGACY: load %[[VAR]]
// LEGACY-LABEL: emitc.func @matmul_compute()
// Legacy API: the transpose flag is the sixth argument.
// LEGACY: call_opaque "matmul_tiles"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) {args = [0 : index, 1 : index, 2 : index, 3 : index, 4 : index, 0 : i32]}
