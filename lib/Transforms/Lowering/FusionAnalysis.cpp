//===- FusionAnalysis.cpp - Liveness of whole buffers, copy forwarding -----===//

#include "tilett/Transforms/FusionAnalysis.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::fusion;

bool fusion::touches(Operation *op, Value buffer) {
  return op
      ->walk([&](Operation *inner) {
        return llvm::is_contained(inner->getOperands(), buffer)
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      })
      .wasInterrupted();
}

/// Whether the body of `parallel` loads `buffer`.
static bool loadsIn(tl::ParallelOp parallel, Value buffer) {
  return parallel
      ->walk([&](memref::LoadOp load) {
        return load.getMemRef() == buffer ? WalkResult::interrupt()
                                          : WalkResult::advance();
      })
      .wasInterrupted();
}

bool fusion::overwrites(Operation *op, Value buffer) {
  if (auto parallel = dyn_cast<tl::ParallelOp>(op)) {
    bool stores = parallel
                      ->walk([&](memref::StoreOp store) {
                        return store.getMemRef() == buffer
                                   ? WalkResult::interrupt()
                                   : WalkResult::advance();
                      })
                      .wasInterrupted();
    return stores && !loadsIn(parallel, buffer);
  }
  if (auto fill = dyn_cast<tl::FillOp>(op))
    return fill.getBuffer() == buffer;
  if (auto clear = dyn_cast<tl::ClearOp>(op))
    return clear.getBuffer() == buffer;
  if (auto copy = dyn_cast<tl::CopyOp>(op))
    return copy.getDst() == buffer && copy.getSrc() != buffer;
  if (auto reduce = dyn_cast<tl::ReduceOp>(op))
    return reduce.getDst() == buffer && reduce.getClear() &&
           reduce.getSrc() != buffer;
  if (auto gemm = dyn_cast<tl::GemmOp>(op))
    return gemm.getC() == buffer && gemm.getClearAccum() &&
           gemm.getA() != buffer && gemm.getB() != buffer;
  return false;
}

bool fusion::mayWrite(Operation *op, Value buffer) {
  return op
      ->walk([&](Operation *inner) {
        if (!llvm::is_contained(inner->getOperands(), buffer))
          return WalkResult::advance();
        bool writes = true; // An op we do not know may write.
        if (isa<memref::LoadOp>(inner))
          writes = false;
        else if (auto store = dyn_cast<memref::StoreOp>(inner))
          writes = store.getMemRef() == buffer;
        else if (auto copy = dyn_cast<tl::CopyOp>(inner))
          writes = copy.getDst() == buffer;
        else if (auto reduce = dyn_cast<tl::ReduceOp>(inner))
          writes = reduce.getDst() == buffer;
        else if (auto gemm = dyn_cast<tl::GemmOp>(inner))
          writes = gemm.getC() == buffer;
        return writes ? WalkResult::interrupt() : WalkResult::advance();
      })
      .wasInterrupted();
}

bool fusion::isDeadAfter(Operation *op, Value buffer) {
  for (Operation *at = op;;) {
    Block *block = at->getBlock();
    for (Operation *later = at->getNextNode(); later;
         later = later->getNextNode())
      if (touches(later, buffer))
        return overwrites(later, buffer);
    Operation *parent = block->getParentOp();
    if (isa<tl::KernelOp>(parent))
      return true; // The end of a work item: values are dropped.
    if (!isa<scf::ForOp, tl::PipelinedOp>(parent))
      return false;
    // The next iteration runs the body again from its start: the first op
    // there that touches the buffer must overwrite it (`at` touches it, so
    // there is one).
    for (Operation &first : *block) {
      if (!touches(&first, buffer))
        continue;
      if (!overwrites(&first, buffer))
        return false;
      break;
    }
    // And so must the code after the loop.
    at = parent;
  }
}

namespace {

/// One forwardable copy: its readers and, if any, the op that next writes
/// the destination (which may itself read it: its loads before its first
/// store to the destination see the copy's value).
struct Forward {
  tl::CopyOp copy;
  SmallVector<Operation *> readers;
  tl::ParallelOp inPlaceKiller;
};

} // namespace

/// Whether `parallel` updates `buffer` in place in a way a forwarded copy
/// can feed: it stores to `buffer`, and every other use of `buffer` in its
/// body is a load before the first such store (in body order, which is each
/// element's order), so all its loads see the value before the update.
static bool isPlainUpdate(tl::ParallelOp parallel, Value buffer) {
  bool stored = false;
  for (Operation &inner : parallel.getBody().front()) {
    if (!fusion::touches(&inner, buffer))
      continue;
    if (auto store = dyn_cast<memref::StoreOp>(inner);
        store && store.getMemRef() == buffer) {
      stored = true;
      continue;
    }
    if (!isa<memref::LoadOp>(inner) || stored)
      return false;
  }
  return stored;
}

/// Whether `op` only reads `buffer` (whole-buffer reads the lowering knows).
static bool onlyReads(Operation *op, Value buffer) {
  if (auto parallel = dyn_cast<tl::ParallelOp>(op))
    return !fusion::mayWrite(op, buffer);
  if (auto reduce = dyn_cast<tl::ReduceOp>(op))
    return reduce.getDst() != buffer;
  if (auto gemm = dyn_cast<tl::GemmOp>(op))
    return gemm.getC() != buffer;
  if (auto copy = dyn_cast<tl::CopyOp>(op))
    return copy.getDst() != buffer;
  return false;
}

static std::optional<Forward> analyzeCopy(tl::CopyOp copy) {
  Value src = copy.getSrc(), dst = copy.getDst();
  if (copy.getGlobal() || src == dst || !tl::isLocalBuffer(src.getType()) ||
      !tl::isLocalBuffer(dst.getType()))
    return std::nullopt;
  auto srcType = cast<MemRefType>(src.getType());
  auto dstType = cast<MemRefType>(dst.getType());
  // Same shape and element type: the copy changes no value, so reading the
  // source instead is exact. 1-D buffers carry a vector form the lowering
  // fixes per buffer; they keep their copies.
  if (srcType.getRank() != 2 || srcType.getShape() != dstType.getShape() ||
      srcType.getElementType() != dstType.getElementType())
    return std::nullopt;
  // Whole tiles only: what a padded buffer's padding holds, and what its
  // readers may then do with it, depends on which buffer they read (a
  // loaded one has the host's zeros); the readers keep the buffer the
  // program names, and their diagnostics name it.
  if (llvm::any_of(srcType.getShape(),
                   [](int64_t d) { return d % 32 != 0; }))
    return std::nullopt;
  Forward forward{copy, {}, {}};
  for (Operation *later = copy->getNextNode(); later;
       later = later->getNextNode()) {
    if (mayWrite(later, src))
      return std::nullopt;
    if (!touches(later, dst))
      continue;
    if (overwrites(later, dst))
      return forward;
    if (auto parallel = dyn_cast<tl::ParallelOp>(later);
        parallel && mayWrite(later, dst)) {
      if (!isPlainUpdate(parallel, dst))
        return std::nullopt;
      forward.inPlaceKiller = parallel;
      return forward;
    }
    if (!onlyReads(later, dst))
      return std::nullopt;
    forward.readers.push_back(later);
  }
  // No later write in this block: the copy's value must die with it.
  Operation *last = forward.readers.empty() ? copy.getOperation()
                                            : forward.readers.back();
  if (!fusion::isDeadAfter(last, dst))
    return std::nullopt;
  return forward;
}

/// Makes the readers of `forward` read the copy's source and removes it.
static void apply(Forward &forward) {
  Value src = forward.copy.getSrc(), dst = forward.copy.getDst();
  auto redirect = [&](Operation *op, bool loadsOnly) {
    op->walk([&](Operation *inner) {
      if (loadsOnly && !isa<memref::LoadOp>(inner))
        return;
      for (OpOperand &use : inner->getOpOperands())
        if (use.get() == dst)
          use.set(src);
    });
  };
  for (Operation *reader : forward.readers)
    redirect(reader, /*loadsOnly=*/false);
  if (forward.inPlaceKiller)
    redirect(forward.inPlaceKiller, /*loadsOnly=*/true);
  forward.copy.erase();
}

int64_t fusion::forwardLocalCopies(tl::KernelOp kernel) {
  SmallVector<tl::CopyOp> copies;
  kernel.walk([&](tl::CopyOp copy) { copies.push_back(copy); });
  int64_t removed = 0;
  // One at a time, in program order: each removal changes what the later
  // copies' analyses see.
  for (tl::CopyOp copy : copies) {
    std::optional<Forward> forward = analyzeCopy(copy);
    if (!forward)
      continue;
    apply(*forward);
    ++removed;
  }
  return removed;
}
