//===- LowerTTTileIntrinsics.cpp - (placeholder until implemented) ---------------------===//

#include "tilett/Transforms/Passes.h"

namespace mlir::tilett {
#define GEN_PASS_DEF_LOWERTTTILEINTRINSICS
#include "tilett/Transforms/Passes.h.inc"

namespace {
class LowerTTTileIntrinsics : public impl::LowerTTTileIntrinsicsBase<LowerTTTileIntrinsics> {
public:
  using LowerTTTileIntrinsicsBase::LowerTTTileIntrinsicsBase;
  void runOnOperation() final {}
};
} // namespace
} // namespace mlir::tilett
