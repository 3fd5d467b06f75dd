//===- InferTTLayout.cpp - (placeholder until implemented) ---------------------===//

#include "tilett/Transforms/Passes.h"

namespace mlir::tilett {
#define GEN_PASS_DEF_INFERTTLAYOUT
#include "tilett/Transforms/Passes.h.inc"

namespace {
class InferTTLayout : public impl::InferTTLayoutBase<InferTTLayout> {
public:
  using InferTTLayoutBase::InferTTLayoutBase;
  void runOnOperation() final {}
};
} // namespace
} // namespace mlir::tilett
