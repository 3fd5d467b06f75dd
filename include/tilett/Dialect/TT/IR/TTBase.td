//===- TTBase.td - Tenstorrent dialect definition ----------*- tablegen -*-===//
//
// The `tt` dialect holds two levels of tilett: the typed metadata that drives
// lowering (core grid, core ranges, work partition, layouts, circular
// buffers) and the kernel-level ops that mirror the TT-Metalium kernel API.
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_DIALECT_TT_IR_TTBASE_TD
#define TILETT_DIALECT_TT_IR_TTBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def TT_Dialect : Dialect {
  let name = "tt";
  let cppNamespace = "::mlir::tilett::tt";
  let summary = "Tenstorrent Tensix: lowering metadata and TT-Metalium kernel ops";
  let description = [{
    Metadata attributes are discardable attributes named `tt.*` on kernel
    functions and modules; the dialect verifies each one when it is present
    (`tt.core_grid`, `tt.core_ranges`, `tt.work_partition`,
    `tt.layout_desc`, `tt.cb_desc`, `tt.arch`, `tt.kernel_kind`).
    Kernel-level ops are named after the TT-Metalium kernel API function
    they stand for, so that conversion to C++ is one generic rule.
  }];
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::func::FuncDialect"
  ];
  let extraClassDeclaration = [{
    static constexpr ::llvm::StringLiteral kCoreGridAttrName = "tt.core_grid";
    static constexpr ::llvm::StringLiteral kCoreRangesAttrName = "tt.core_ranges";
    static constexpr ::llvm::StringLiteral kWorkPartitionAttrName = "tt.work_partition";
    static constexpr ::llvm::StringLiteral kLayoutDescAttrName = "tt.layout_desc";
    static constexpr ::llvm::StringLiteral kCBDescAttrName = "tt.cb_desc";
    static constexpr ::llvm::StringLiteral kArchAttrName = "tt.arch";
    static constexpr ::llvm::StringLiteral kKernelKindAttrName = "tt.kernel_kind";
    static constexpr ::llvm::StringLiteral kPartitionStrategyAttrName = "tt.partition_strategy";
    static constexpr ::llvm::StringLiteral kMcastGroupsAttrName = "tt.mcast_groups";
    static constexpr ::llvm::StringLiteral kBufferRolesAttrName = "tt.buffer_roles";
    static constexpr ::llvm::StringLiteral kKernelsAttrName = "tt.kernels";
    static constexpr ::llvm::StringLiteral kKernelArgsAttrName = "tt.kernel_args";
    static constexpr ::llvm::StringLiteral kCompileArgsAttrName = "tt.compile_args";
    static constexpr ::llvm::StringLiteral kComputeConfigAttrName = "tt.compute_config";
    static constexpr ::llvm::StringLiteral kLegacyPassesRunAttrName = "tt.legacy_passes_run";
    /// On a kernel function's argument: the device holds the tensor with its
    /// dims in this order (device dim i is the host's dim dim_order[i]);
    /// absent means as declared (PermuteGlobals.h).
    static constexpr ::llvm::StringLiteral kDimOrderAttrName = "tt.dim_order";
  }];
}

class TT_Op<string mnemonic, list<Trait> traits = []>
    : Op<TT_Dialect, mnemonic, traits>;

class TT_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<TT_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

#endif // TILETT_DIALECT_TT_IR_TTBASE_TD
