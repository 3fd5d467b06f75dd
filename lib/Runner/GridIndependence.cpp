//===- GridIndependence.cpp - May blocks of a tl.kernel run in any order? -===//
//
// See GridIndependence.h. A false "independent" would make the reference
// nondeterministic, so everything not recognised answers false (serial).
//
//===----------------------------------------------------------------------===//

#include "tilett/Runner/GridIndependence.h"

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>

using namespace mlir;
using namespace mlir::tilett;

namespace {

/// c + sum_g coef[g] * blockIndex[g].
struct Affine {
  int64_t c = 0;
  SmallVector<int64_t> coef;
  bool isConstant() const {
    return llvm::all_of(coef, [](int64_t x) { return x == 0; });
  }
};

std::optional<Affine> affineOf(Value v, ValueRange blockIndices,
                               unsigned depth = 0) {
  Affine result;
  result.coef.assign(blockIndices.size(), 0);
  for (auto [g, arg] : llvm::enumerate(blockIndices))
    if (v == arg) {
      result.coef[g] = 1;
      return result;
    }
  Operation *def = v.getDefiningOp();
  if (!def || depth > 32)
    return std::nullopt;
  if (auto cst = dyn_cast<arith::ConstantOp>(def)) {
    auto attr = dyn_cast<IntegerAttr>(cst.getValue());
    if (!attr)
      return std::nullopt;
    result.c = attr.getValue().getSExtValue();
    return result;
  }
  if (isa<arith::IndexCastOp>(def))
    return affineOf(def->getOperand(0), blockIndices, depth + 1);
  if (!isa<arith::AddIOp, arith::SubIOp, arith::MulIOp>(def))
    return std::nullopt;
  auto lhs = affineOf(def->getOperand(0), blockIndices, depth + 1);
  auto rhs = affineOf(def->getOperand(1), blockIndices, depth + 1);
  if (!lhs || !rhs)
    return std::nullopt;
  if (isa<arith::MulIOp>(def)) {
    if (!lhs->isConstant() && !rhs->isConstant())
      return std::nullopt;
    if (!lhs->isConstant())
      std::swap(lhs, rhs);
    int64_t s = lhs->c;
    result.c = rhs->c * s;
    for (auto [r, x] : llvm::zip(result.coef, rhs->coef))
      r = x * s;
    return result;
  }
  int64_t sign = isa<arith::SubIOp>(def) ? -1 : 1;
  result.c = lhs->c + sign * rhs->c;
  for (auto [r, x, y] : llvm::zip(result.coef, lhs->coef, rhs->coef))
    r = x + sign * y;
  return result;
}

/// One tl.copy store: per global dimension, its offset and window extent.
struct Window {
  SmallVector<Affine> offsets;
  SmallVector<int64_t> extents;
};

} // namespace

bool runner::blocksAreIndependent(tl::KernelOp kernel) {
  auto func = kernel->getParentOfType<func::FuncOp>();
  if (!func || func.isExternal())
    return false;
  auto isGlobal = [&](Value v) {
    auto arg = dyn_cast<BlockArgument>(v);
    return arg && arg.getOwner()->getParentOp() == func;
  };
  auto isBlockLocal = [&](Value v) {
    Operation *def = v.getDefiningOp();
    return def && isa<tl::AllocSharedOp, tl::AllocFragmentOp>(def) &&
           kernel->isProperAncestor(def);
  };
  ValueRange blockIndices = kernel.getBlockIndices();
  llvm::DenseSet<Value> read;
  llvm::DenseMap<Value, SmallVector<Window>> written;
  bool ok = true;
  kernel.walk([&](Operation *op) {
    for (Value v : op->getOperands()) {
      if (!isa<MemRefType>(v.getType()))
        continue;
      if (isBlockLocal(v))
        continue;
      if (!isGlobal(v)) {
        ok = false; // a buffer shared by all blocks
        return;
      }
      if (isa<memref::LoadOp>(op)) {
        read.insert(v);
        continue;
      }
      auto copy = dyn_cast<tl::CopyOp>(op);
      if (!copy || (v != copy.getSrc() && v != copy.getDst())) {
        ok = false;
        return;
      }
      if (v == copy.getSrc()) {
        read.insert(v);
        continue;
      }
      auto local = dyn_cast<MemRefType>(copy.getSrc().getType());
      auto global = cast<MemRefType>(v.getType());
      if (!local || !local.hasStaticShape() || !global.hasStaticShape() ||
          local.getRank() > global.getRank() ||
          copy.getGlobalOffsets().size() != size_t(global.getRank())) {
        ok = false;
        return;
      }
      Window w;
      // The local shape lies over the spanned dims (the trailing ones, or
      // window_dims); the others have extent 1.
      SmallVector<int64_t> spanned = copy.getSpannedDims();
      for (auto [d, off] : llvm::enumerate(copy.getGlobalOffsets())) {
        std::optional<Affine> a = affineOf(off, blockIndices);
        if (!a) {
          ok = false;
          return;
        }
        w.offsets.push_back(*a);
        auto *at = llvm::find(spanned, int64_t(d));
        w.extents.push_back(
            at == spanned.end() ? 1 : local.getDimSize(at - spanned.begin()));
      }
      written[v].push_back(std::move(w));
    }
  });
  if (!ok)
    return false;
  ArrayRef<int64_t> grid = kernel.getGrid();
  for (auto &[tensor, windows] : written) {
    if (read.contains(tensor))
      return false;
    const Window &first = windows.front();
    size_t rank = first.offsets.size();
    for (const Window &w : windows)
      for (size_t d = 0; d < rank; ++d)
        if (w.offsets[d].coef != first.offsets[d].coef)
          return false;
    for (size_t g = 0; g < grid.size(); ++g) {
      if (grid[g] <= 1)
        continue;
      bool separated = false;
      for (size_t d = 0; d < rank && !separated; ++d) {
        const SmallVector<int64_t> &coef = first.offsets[d].coef;
        bool alone = llvm::all_of(llvm::seq<size_t>(0, coef.size()),
                                  [&](size_t h) { return h == g || !coef[h]; });
        if (!alone || coef[g] == 0)
          continue;
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (const Window &w : windows) {
          lo = std::min(lo, w.offsets[d].c);
          hi = std::max(hi, w.offsets[d].c + w.extents[d]);
        }
        separated = std::abs(coef[g]) >= hi - lo;
      }
      if (!separated)
        return false;
    }
  }
  return true;
}
