//===- HoistComputeInits.cpp - Inits out of loops, repeats dropped --------===//
//
// The lowering emits each op's `*_init` right before the op, per tile. An
// init only sets configuration (the unpacker's for copy_tile, unary_bcast
// and transpose_wh; the SFPU's for an SFPU op), so one init of a kind holds
// until the next init of that kind:
//
// * an init repeated with no other init of its kind in between is dropped;
// * a loop whose body (nested loops included) has only one init of a kind,
//   repeated, gets it once before the loop instead.
//
// Ops that set up both (reduce, matmul, FPU binary ops and their inits,
// init_sfpu) end what is known; a loop holding one keeps its inits.
//
//===----------------------------------------------------------------------===//

#include "tilett/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OperationSupport.h"

namespace mlir::tilett {
#define GEN_PASS_DEF_HOISTCOMPUTEINITS
#include "tilett/Transforms/Passes.h.inc"
} // namespace mlir::tilett

using namespace mlir;
using namespace mlir::tilett;

namespace mlir::tilett {
namespace {

enum class InitKind { None, Unpack, Sfpu, Barrier };

InitKind kindOf(Operation *op) {
  if (!isa<tt::TTDialect>(op->getDialect()))
    return InitKind::None;
  if (isa<tt::CopyTileInitOp, tt::UnaryBcastInitOp, tt::TransposeWHInitOp>(op))
    return InitKind::Unpack;
  if (isa<tt::ReduceInitOp, tt::ReduceUninitOp, tt::ReduceTileOp, tt::MmInitOp,
          tt::MatmulTilesOp, tt::InitSfpuOp, tt::BinaryOpInitCommonOp,
          tt::AddTiles_InitOp, tt::SubTiles_InitOp, tt::MulTiles_InitOp,
          tt::AddTiles_Op, tt::SubTiles_Op, tt::MulTiles_Op>(op))
    return InitKind::Barrier;
  if (op->getName().getStringRef().ends_with("_init"))
    return InitKind::Sfpu;
  return InitKind::None;
}

/// Two inits that set the same configuration: the same op with the same
/// attributes and operands of equal constant values.
bool sameInit(Operation *a, Operation *b) {
  return OperationEquivalence::isEquivalentTo(
      a, b,
      [](Value x, Value y) {
        if (x == y)
          return success();
        APInt cx, cy;
        return success(matchPattern(x, m_ConstantInt(&cx)) &&
                       matchPattern(y, m_ConstantInt(&cy)) && cx == cy);
      },
      /*markEquivalent=*/nullptr, OperationEquivalence::IgnoreLocations);
}

void eraseInit(Operation *init) {
  SmallVector<Value> operands(init->getOperands());
  init->erase();
  for (Value v : operands)
    if (Operation *def = v.getDefiningOp();
        def && v.use_empty() && isa<arith::ConstantOp>(def))
      def->erase();
}

/// Moves the one init of each kind in `loop` before it (see the file
/// comment).
void hoistOutOf(scf::ForOp loop) {
  SmallVector<Operation *> unpack, sfpu;
  bool barrier = false;
  loop.getBody()->walk([&](Operation *op) {
    switch (kindOf(op)) {
    case InitKind::Unpack:
      unpack.push_back(op);
      break;
    case InitKind::Sfpu:
      sfpu.push_back(op);
      break;
    case InitKind::Barrier:
      barrier = true;
      break;
    case InitKind::None:
      break;
    }
  });
  if (barrier)
    return;
  for (SmallVector<Operation *> *inits : {&unpack, &sfpu}) {
    if (inits->empty() || !llvm::all_of(*inits, [&](Operation *op) {
          return sameInit(op, inits->front());
        }))
      continue;
    // Its operands are constants or values from outside the loop.
    Operation *first = inits->front();
    OpBuilder b(loop);
    IRMapping mapping;
    bool movable = true;
    for (Value operand : first->getOperands()) {
      if (!loop->isAncestor(operand.getParentBlock()->getParentOp()))
        continue;
      Operation *def = operand.getDefiningOp();
      if (!def || !isa<arith::ConstantOp>(def)) {
        movable = false;
        break;
      }
      mapping.map(operand, b.clone(*def)->getResult(0));
    }
    if (!movable)
      continue;
    b.clone(*first, mapping);
    for (Operation *op : *inits)
      eraseInit(op);
  }
}

/// Drops the inits of `block` that repeat the configuration already set
/// (see the file comment); nested blocks start with nothing known.
void dropRepeats(Block &block) {
  Operation *current[2] = {nullptr, nullptr};
  for (Operation &op : llvm::make_early_inc_range(block)) {
    for (Region &region : op.getRegions())
      for (Block &inner : region)
        dropRepeats(inner);
    InitKind kind = kindOf(&op);
    if (kind == InitKind::Unpack || kind == InitKind::Sfpu) {
      Operation *&last = current[kind == InitKind::Unpack ? 0 : 1];
      if (last && sameInit(last, &op)) {
        eraseInit(&op);
        continue;
      }
      last = &op;
      continue;
    }
    if (kind == InitKind::Barrier) {
      current[0] = current[1] = nullptr;
      continue;
    }
    // A nested region that sets a kind leaves it unknown after it.
    if (op.getNumRegions())
      op.walk([&](Operation *inner) {
        InitKind k = kindOf(inner);
        if (k == InitKind::Unpack || k == InitKind::Barrier)
          current[0] = nullptr;
        if (k == InitKind::Sfpu || k == InitKind::Barrier)
          current[1] = nullptr;
      });
  }
}

struct HoistComputeInits
    : public impl::HoistComputeInitsBase<HoistComputeInits> {
  void runOnOperation() final {
    getOperation()->walk([](tt::ThreadOp thread) {
      if (thread.getKind() != tt::KernelKind::Compute)
        return;
      // Innermost loops first, so an outer loop sees what came out of them.
      SmallVector<scf::ForOp> loops;
      thread.walk([&](scf::ForOp loop) { loops.push_back(loop); });
      for (scf::ForOp loop : loops)
        hoistOutOf(loop);
      dropRepeats(thread.getBody().front());
    });
  }
};

} // namespace
} // namespace mlir::tilett
