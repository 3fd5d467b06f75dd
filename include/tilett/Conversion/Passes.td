//===- Passes.td - Conversions out of the tt dialect -------*- tablegen -*-===//
//
// Dialect conversions that leave tilett's own dialects; today only the
// kernel ops to EmitC, from which Target/Metalium prints TT-Metalium C++.
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_CONVERSION_PASSES_TD
#define TILETT_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertTTToEmitC : Pass<"convert-tt-to-emitc", "::mlir::ModuleOp"> {
  let summary = "Convert reader/compute/writer kernel functions to EmitC";
  let description = [{
    Rewrites every function carrying `tt.kernel_kind` (the output of
    GridToPersistentTT) into an `emitc.func`: arith, scf and func through the
    upstream EmitC patterns, and every tt kernel op into the
    `emitc.call_opaque` of the TT-Metalium API function it stands for. One
    generic rule handles plain calls; template arguments
    (`get_arg_val<uint32_t>`, `reduce_tile<PoolType::SUM, ...>`), literal
    arguments (`fill_tile`'s float, `matmul_tiles`' transpose flag in the
    legacy API) and address generators (`TensorAccessor` /
    `InterleavedAddrGenFast`) have their own rules. Functions without
    `tt.kernel_kind` (the kernel's metadata-carrying declaration) are left
    alone.

    ```mlir
    tt.cb_wait_front %cb, %n
    // becomes
    emitc.call_opaque "cb_wait_front"(%cb, %n) : (i32, i32) -> ()
    ```
  }];
  let options = [
    Option<"metalHeaders", "metal-headers", "std::string",
           /*default=*/"\"current\"",
           "TT-Metalium API generation: current (TensorAccessor, "
           "5-operand matmul_tiles) or legacy (InterleavedAddrGenFast, "
           "matmul_tiles with a transpose operand)">
  ];
  let dependentDialects = ["::mlir::emitc::EmitCDialect"];
}

#endif // TILETT_CONVERSION_PASSES_TD
