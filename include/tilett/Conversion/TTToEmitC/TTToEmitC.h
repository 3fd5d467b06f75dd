//===- TTToEmitC.h - tt kernel ops to EmitC ---------------------*- C++ -*-===//
#ifndef TILETT_CONVERSION_TTTOEMITC_TTTOEMITC_H
#define TILETT_CONVERSION_TTTOEMITC_TTTOEMITC_H

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace mlir {
class RewritePatternSet;
class TypeConverter;
} // namespace mlir

namespace mlir::tilett {

/// The two generations of the TT-Metalium kernel API tilett can target.
/// `Current` is tt-metal with `api/...` headers, `TensorAccessor` and
/// `void kernel_main()` compute kernels; `Legacy` is the older
/// `dataflow_api.h` / `compute_kernel_api/...` layout with
/// `InterleavedAddrGenFast` and `namespace NAMESPACE { void MAIN }`.
enum class MetalApi { Current, Legacy };

/// Parses "current" / "legacy"; nullopt for anything else.
std::optional<MetalApi> parseMetalApi(llvm::StringRef text);

/// Adds the tt -> EmitC type conversions (`!tt.accessor`) to `converter`.
void populateTTToEmitCTypeConversions(TypeConverter &converter, MetalApi api);

/// Adds the patterns that turn tt kernel ops into EmitC.
void populateTTToEmitCPatterns(TypeConverter &converter,
                               RewritePatternSet &patterns, MetalApi api);

/// True for the <cmath> functions scalar math ops become (expf, log2f, ...),
/// which need <cmath> rather than a TT-Metalium header.
bool isCMathFunction(llvm::StringRef callee);

/// The TT-Metalium API function a tt op mnemonic stands for (the mnemonic
/// itself unless the API spells it differently).
llvm::StringRef getMetalCallee(llvm::StringRef mnemonic);

} // namespace mlir::tilett

#endif // TILETT_CONVERSION_TTTOEMITC_TTTOEMITC_H
