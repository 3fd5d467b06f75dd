//===- Multicast.cpp - Loads shared by a row or column of cores -----------===//

#include "tilett/Transforms/Multicast.h"
#include "tilett/Dialect/TT/IR/TTAttrs.h"
#include "tilett/Dialect/TT/IR/TTDialect.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <map>

using namespace mlir;
using namespace mlir::tilett;

namespace {

/// Which block indices a value depends on: bit i for grid index i.
/// std::nullopt when it may depend on memory or on anything else that can
/// differ between cores.
class BlockDependence {
public:
  explicit BlockDependence(tl::KernelOp kernel) : kernel(kernel) {}

  std::optional<unsigned> of(Value value) {
    if (auto it = memo.find(value); it != memo.end())
      return it->second;
    std::optional<unsigned> deps = compute(value);
    memo[value] = deps;
    return deps;
  }

  /// Whether the loops and regions between `op` and the kernel body run the
  /// same iterations in every block.
  bool isUniformContext(Operation *op) {
    for (Operation *p = op->getParentOp(); p && p != kernel.getOperation();
         p = p->getParentOp()) {
      if (isa<tl::PipelinedOp>(p))
        continue; // constant bounds
      auto loop = dyn_cast<scf::ForOp>(p);
      if (!loop)
        return false;
      for (Value bound :
           {loop.getLowerBound(), loop.getUpperBound(), loop.getStep()}) {
        std::optional<unsigned> deps = of(bound);
        if (!deps || *deps != 0)
          return false;
      }
    }
    return true;
  }

private:
  std::optional<unsigned> compute(Value value) {
    if (auto arg = dyn_cast<BlockArgument>(value)) {
      Operation *owner = arg.getOwner()->getParentOp();
      if (owner == kernel.getOperation())
        return 1u << arg.getArgNumber();
      if (isa<tl::PipelinedOp>(owner))
        return 0u;
      if (auto loop = dyn_cast<scf::ForOp>(owner)) {
        if (arg != loop.getInductionVar())
          return std::nullopt; // a loop-carried value
        unsigned deps = 0;
        for (Value bound :
             {loop.getLowerBound(), loop.getUpperBound(), loop.getStep()}) {
          std::optional<unsigned> d = of(bound);
          if (!d)
            return std::nullopt;
          deps |= *d;
        }
        return deps;
      }
      // Arguments of the function (global buffers) are the same everywhere.
      return kernel->isProperAncestor(owner) ? std::nullopt
                                             : std::optional<unsigned>(0u);
    }
    Operation *op = value.getDefiningOp();
    if (op->getNumRegions() != 0 || !isPure(op))
      return std::nullopt;
    unsigned deps = 0;
    for (Value operand : op->getOperands()) {
      std::optional<unsigned> d = of(operand);
      if (!d)
        return std::nullopt;
      deps |= *d;
    }
    return deps;
  }

  tl::KernelOp kernel;
  DenseMap<Value, std::optional<unsigned>> memo;
};

} // namespace

std::optional<int64_t> mlir::tilett::getSharedLoadAxis(tl::KernelOp kernel,
                                                       tl::CopyOp load) {
  if (kernel.getGrid().size() != 2 || !load.isLoad())
    return std::nullopt;
  auto local = dyn_cast<MemRefType>(load.getLocal().getType());
  if (!local || local.getRank() != 2)
    return std::nullopt;
  BlockDependence deps(kernel);
  if (!deps.isUniformContext(load))
    return std::nullopt;
  unsigned used = 0;
  for (Value offset : load.getGlobalOffsets()) {
    std::optional<unsigned> d = deps.of(offset);
    if (!d)
      return std::nullopt;
    used |= *d;
  }
  // Independent of bx: blocks of one by share it (and vice versa). A load
  // the same in every block is left alone: it is not worth a 2-D grid.
  if (used == 2u)
    return 0;
  if (used == 1u)
    return 1;
  return std::nullopt;
}

bool mlir::tilett::hasSharedLoad(tl::KernelOp kernel) {
  bool found = false;
  kernel.walk([&](tl::CopyOp copy) {
    found |= getSharedLoadAxis(kernel, copy).has_value();
  });
  return found;
}

bool mlir::tilett::isMulticastPartition(DictionaryAttr partition,
                                        int64_t axis) {
  // Group the busy cores by the coordinate that names their row (column).
  std::map<int64_t, std::map<int64_t, ArrayAttr>> groups;
  for (NamedAttribute entry : partition) {
    std::optional<std::pair<int64_t, int64_t>> core =
        tt::parseCoreKey(entry.getName().getValue());
    auto items = dyn_cast<ArrayAttr>(entry.getValue());
    if (!core || !items)
      return false;
    auto [x, y] = *core;
    if (axis == 0)
      groups[y][x] = items;
    else
      groups[x][y] = items;
  }
  if (groups.empty())
    return false;
  for (auto &[line, members] : groups) {
    if (members.size() < 2)
      return false;
    // Adjacent: the multicast rectangle holds exactly the receivers.
    if (members.rbegin()->first - members.begin()->first + 1 !=
        static_cast<int64_t>(members.size()))
      return false;
    ArrayAttr first = members.begin()->second;
    for (auto &[pos, items] : members) {
      if (items.size() != first.size())
        return false;
      for (auto [a, b] : llvm::zip(items, first)) {
        auto ia = dyn_cast<tt::WorkItemAttr>(a);
        auto ib = dyn_cast<tt::WorkItemAttr>(b);
        if (!ia || !ib)
          return false;
        // A row shares by (the item's tile row io), a column bx (jo).
        if (axis == 0 ? ia.getIo() != ib.getIo() : ia.getJo() != ib.getJo())
          return false;
      }
    }
  }
  return true;
}

std::array<int64_t, 3> mlir::tilett::getBlockLoadBytes(tl::KernelOp kernel) {
  std::array<int64_t, 3> bytes = {0, 0, 0};
  kernel.walk([&](tl::CopyOp copy) {
    if (!copy.isLoad())
      return;
    auto local = dyn_cast<MemRefType>(copy.getLocal().getType());
    if (!local || !local.hasStaticShape())
      return;
    int64_t count = local.getNumElements() *
                    std::max<int64_t>(1, local.getElementTypeBitWidth() / 8);
    for (Operation *p = copy->getParentOp(); p && p != kernel.getOperation();
         p = p->getParentOp()) {
      if (auto loop = dyn_cast<tl::PipelinedOp>(p))
        count *= loop.getTripCount();
      else if (auto loop = dyn_cast<scf::ForOp>(p))
        if (std::optional<APInt> trips = loop.getStaticTripCount())
          count *= trips->getSExtValue();
    }
    std::optional<int64_t> axis = getSharedLoadAxis(kernel, copy);
    bytes[axis ? *axis : 2] += count;
  });
  return bytes;
}
