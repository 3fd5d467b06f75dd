//===- KernelEmitter.cpp - EmitC kernel functions to TT-Metalium C++ ------===//
//
// Wraps a converted kernel function in the entry point tt-metal expects,
// adds the includes its calls need from one callee -> header table, and
// prints it with emitc::translateToCpp.
//
//===----------------------------------------------------------------------===//

#include "tilett/Target/Metalium/KernelEmitter.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/Cpp/CppEmitter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"

#ifndef TILETT_VERSION
#define TILETT_VERSION "unknown"
#endif

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::metalium;

/// Compute headers, relative to `api/compute/` (current) or
/// `compute_kernel_api/` (legacy). The top-level `compute_kernel_api.h`
/// (tanh, log, abs) is spelled out because its legacy path is not under
/// `compute_kernel_api/`.
static std::optional<StringRef> getComputeHeader(StringRef callee) {
  // Families that share a prefix or suffix come first.
  if (callee.starts_with("cb_") || callee.starts_with("get_arg_val") ||
      callee.starts_with("get_common_arg_val") ||
      callee == "get_compile_time_arg_val")
    return StringRef("common.h");
  if (callee.starts_with("tile_regs_"))
    return StringRef("reg_api.h");
  if (callee.starts_with("reduce_"))
    return StringRef("reduce.h");
  if (callee.starts_with("unary_bcast"))
    return StringRef("bcast.h");
  if (callee.starts_with("transpose_wh_"))
    return StringRef("transpose_wh.h");
  if (callee.starts_with("copy_tile"))
    return StringRef("tile_move_copy.h");
  if (callee.starts_with("binary_max_tile") ||
      callee.starts_with("binary_min_tile"))
    return StringRef("binary_max_min.h");
  if (callee.ends_with("_binary_tile") || callee.ends_with("_binary_tile_init"))
    return StringRef("eltwise_binary_sfpu.h");
  if (callee.ends_with("_unary_tile") || callee == "binop_with_scalar_tile_init")
    return StringRef("eltwise_unary/binop_with_scalar.h");
  if (callee == "binary_op_init_common" || callee.ends_with("_tiles") ||
      callee.ends_with("_tiles_init")) {
    if (callee.starts_with("matmul"))
      return StringRef("matmul.h");
    return StringRef("eltwise_binary.h");
  }
  if (callee == "mm_init")
    return StringRef("matmul.h");
  // An SFPU op and its `_init` live in the same header.
  StringRef sfpu = callee;
  sfpu.consume_back("_init");
  return llvm::StringSwitch<std::optional<StringRef>>(sfpu)
      .Case("pack_tile", StringRef("pack.h"))
      .Case("pack_reconfig_l1_acc", StringRef("pack.h"))
      .Case("init_sfpu", StringRef("eltwise_unary/eltwise_unary.h"))
      .Case("exp_tile", StringRef("eltwise_unary/exp.h"))
      .Case("exp2_tile", StringRef("compute_kernel_api.h"))
      .Cases({"gtz_tile", "ltz_tile", "gez_tile", "lez_tile", "eqz_tile",
              "nez_tile"},
             StringRef("compute_kernel_api.h"))
      .Case("where_tile", StringRef("eltwise_unary/where.h"))
      .Case("rsqrt_tile", StringRef("eltwise_unary/rsqrt.h"))
      .Case("relu_tile", StringRef("eltwise_unary/relu.h"))
      .Case("recip_tile", StringRef("eltwise_unary/recip.h"))
      .Case("sqrt_tile", StringRef("eltwise_unary/sqrt.h"))
      .Case("sigmoid_tile", StringRef("eltwise_unary/sigmoid.h"))
      .Case("gelu_tile", StringRef("eltwise_unary/gelu.h"))
      .Case("negative_tile", StringRef("eltwise_unary/negative.h"))
      .Case("fill_tile", StringRef("eltwise_unary/fill.h"))
      .Case("tanh_tile", StringRef("compute_kernel_api.h"))
      .Case("log_tile", StringRef("compute_kernel_api.h"))
      .Case("abs_tile", StringRef("compute_kernel_api.h"))
      .Default(std::nullopt);
}

std::optional<StringRef>
mlir::tilett::metalium::getKernelHeader(StringRef callee, bool compute,
                                        MetalApi api) {
  bool current = api == MetalApi::Current;
  if (!compute)
    return current ? StringRef("api/dataflow/dataflow_api.h")
                   : StringRef("dataflow_api.h");
  std::optional<StringRef> header = getComputeHeader(callee);
  if (!header)
    return std::nullopt;
  if (*header == "compute_kernel_api.h")
    return current ? StringRef("api/compute/compute_kernel_api.h")
                   : StringRef("compute_kernel_api.h");
  // Interned so the caller can keep a StringRef.
  static llvm::StringSet<> paths;
  std::string path =
      (Twine(current ? "api/compute/" : "compute_kernel_api/") + *header).str();
  return paths.insert(path).first->getKey();
}

StringRef mlir::tilett::metalium::getKernelFileName(tt::KernelKind kind) {
  switch (kind) {
  case tt::KernelKind::Reader:
    return "reader.cpp";
  case tt::KernelKind::Compute:
    return "compute.cpp";
  case tt::KernelKind::Writer:
    return "writer.cpp";
  }
  llvm_unreachable("unknown kernel kind");
}

LogicalResult mlir::tilett::metalium::emitKernel(emitc::FuncOp func,
                                                 MetalApi api,
                                                 raw_ostream &os) {
  auto kindAttr =
      func->getAttrOfType<tt::KernelKindAttr>(tt::TTDialect::kKernelKindAttrName);
  if (!kindAttr)
    return func.emitOpError() << "expected a `tt.kernel_kind` attribute";
  if (func.isExternal() || func.getNumArguments() != 0)
    return func.emitOpError()
           << "expected a kernel body without arguments (convert-tt-to-emitc "
              "output)";
  tt::KernelKind kind = kindAttr.getValue();
  bool compute = kind == tt::KernelKind::Compute;
  bool legacyCompute = compute && api == MetalApi::Legacy;

  // The includes, in order of first use so the output is stable. Scalar
  // math (a runtime scalar's expf, log2f, ...) and non-finite literals
  // (the translator spells INFINITY / NAN) need <cmath>; the compiler's
  // __builtin_bit_cast no header.
  llvm::SetVector<StringRef> headers;
  bool needsMath = false;
  func.walk([&](Operation *op) {
    for (NamedAttribute attr : op->getAttrs())
      attr.getValue().walk([&](FloatAttr f) {
        needsMath |= !f.getValue().isFinite();
      });
  });
  WalkResult walk = func.walk([&](emitc::CallOpaqueOp call) {
    StringRef callee = call.getCallee();
    if (callee == "__builtin_bit_cast")
      return WalkResult::advance();
    if (isCMathFunction(callee)) {
      needsMath = true;
      return WalkResult::advance();
    }
    std::optional<StringRef> header =
        getKernelHeader(call.getCallee(), compute, api);
    if (!header) {
      call.emitOpError() << "expected a TT-Metalium "
                         << (compute ? "compute" : "data-movement")
                         << " API function but got '" << call.getCallee()
                         << "'";
      return WalkResult::interrupt();
    }
    headers.insert(*header);
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  // A data-movement kernel always needs the dataflow API (get_arg_val).
  if (!compute && headers.empty())
    headers.insert(*getKernelHeader("", false, api));

  // Build a throw-away module holding exactly what the file contains, so
  // translateToCpp prints the whole file.
  OpBuilder b(func.getContext());
  Location loc = func.getLoc();
  OwningOpRef<ModuleOp> file = ModuleOp::create(loc);
  b.setInsertionPointToEnd(file->getBody());
  std::string banner =
      (Twine("// ") + getKernelFileName(kind) + ": TT-Metalium " +
       stringifyKernelKind(kind) + " kernel generated by tilett " +
       TILETT_VERSION + " from @" + func.getSymName() + " (" +
       (api == MetalApi::Current ? "current" : "legacy") +
       " API). Do not edit; regenerate with `tilett compile`.")
          .str();
  emitc::VerbatimOp::create(b, loc, banner);
  emitc::IncludeOp::create(b, loc, "cstdint", /*is_standard_include=*/true);
  if (needsMath)
    emitc::IncludeOp::create(b, loc, "cmath", /*is_standard_include=*/true);
  for (StringRef header : headers)
    emitc::IncludeOp::create(b, loc, header, /*is_standard_include=*/false);
  if (legacyCompute)
    emitc::VerbatimOp::create(b, loc, "namespace NAMESPACE {");
  auto entry = cast<emitc::FuncOp>(b.clone(*func));
  entry.setSymName("kernel_main");
  entry->removeAttr(tt::TTDialect::kKernelKindAttrName);
  if (legacyCompute)
    emitc::VerbatimOp::create(b, loc, "} // namespace NAMESPACE");

  std::string text;
  llvm::raw_string_ostream textStream(text);
  if (failed(emitc::translateToCpp(*file, textStream)))
    return failure();
  // EmitC has no way to spell a function through a macro; the older compute
  // layout declares its entry as `void MAIN`, MAIN being defined per TRISC.
  if (legacyCompute) {
    size_t at = text.find("void kernel_main() {");
    if (at == std::string::npos)
      return func.emitOpError() << "expected `void kernel_main() {` in the "
                                   "printed compute kernel";
    text.replace(at, strlen("void kernel_main() {"), "void MAIN {");
  }
  os << text;
  return success();
}
