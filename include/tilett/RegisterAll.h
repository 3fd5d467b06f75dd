//===- RegisterAll.h - One place that registers everything ------*- C++ -*-===//
#ifndef TILETT_REGISTERALL_H
#define TILETT_REGISTERALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::tilett {
/// Dialects tilett reads, produces and uses (tl, tt, upstream ones, EmitC).
void registerAllDialects(DialectRegistry &registry);
/// The five passes, their legacy aliases, conversions and pipelines.
void registerAllPasses();
} // namespace mlir::tilett

#endif // TILETT_REGISTERALL_H
