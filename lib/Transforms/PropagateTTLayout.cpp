//===- PropagateTTLayout.cpp - (placeholder until implemented) ---------------------===//

#include "tilett/Transforms/Passes.h"

namespace mlir::tilett {
#define GEN_PASS_DEF_PROPAGATETTLAYOUT
#include "tilett/Transforms/Passes.h.inc"

namespace {
class PropagateTTLayout : public impl::PropagateTTLayoutBase<PropagateTTLayout> {
public:
  using PropagateTTLayoutBase::PropagateTTLayoutBase;
  void runOnOperation() final {}
};
} // namespace
} // namespace mlir::tilett
