//===- GridToPersistentTT.cpp - (placeholder until implemented) ---------------------===//

#include "tilett/Transforms/Passes.h"

namespace mlir::tilett {
#define GEN_PASS_DEF_GRIDTOPERSISTENTTT
#include "tilett/Transforms/Passes.h.inc"

namespace {
class GridToPersistentTT : public impl::GridToPersistentTTBase<GridToPersistentTT> {
public:
  using GridToPersistentTTBase::GridToPersistentTTBase;
  void runOnOperation() final {}
};
} // namespace
} // namespace mlir::tilett
