//===- TTTilesToCoreMap.cpp - (placeholder until implemented) ---------------------===//

#include "tilett/Transforms/Passes.h"

namespace mlir::tilett {
#define GEN_PASS_DEF_TTTILESTOCOREMAP
#include "tilett/Transforms/Passes.h.inc"

namespace {
class TTTilesToCoreMap : public impl::TTTilesToCoreMapBase<TTTilesToCoreMap> {
public:
  using TTTilesToCoreMapBase::TTTilesToCoreMapBase;
  void runOnOperation() final {}
};
} // namespace
} // namespace mlir::tilett
