//===- Passes.h - The five tilett lowering passes ---------------*- C++ -*-===//
#ifndef TILETT_TRANSFORMS_PASSES_H
#define TILETT_TRANSFORMS_PASSES_H

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTOps.h"
#include "tilett/Transforms/PipelineOptions.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::tilett {

#define GEN_PASS_DECL
#include "tilett/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tilett/Transforms/Passes.h.inc"

} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_PASSES_H
