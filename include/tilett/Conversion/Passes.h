//===- Passes.h - Conversions out of the tt dialect -------------*- C++ -*-===//
#ifndef TILETT_CONVERSION_PASSES_H
#define TILETT_CONVERSION_PASSES_H

#include "tilett/Conversion/TTToEmitC/TTToEmitC.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::tilett {

#define GEN_PASS_DECL
#include "tilett/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tilett/Conversion/Passes.h.inc"

} // namespace mlir::tilett

#endif // TILETT_CONVERSION_PASSES_H
