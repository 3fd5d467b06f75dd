//===- GridToPersistentTT.cpp - Persistent reader/compute/writer kernels --===//
//
// Slices each lowered `tl.kernel` body into three kernel functions, one per
// kind of `tt.thread`, each a persistent loop over the core's work items.
//
// Runtime arguments of kernel K (the contract "After GridToPersistentTT"):
//   [0, A)            the addresses of the A global buffers K's accessors
//                     use, in accessor (cta_offset) order;
//   [A, A + 8G)       for each of the G multicast groups K takes part in
//                     (tt.mcast_groups, in group order), its 8 per-core
//                     fields in tt::McastField order;
//   A + 8G            num_items, the number of work items of this core;
//   A + 8G + 1 + 2*i, +1
//                     bx, by of work item i (by = 0 for a 1-D grid);
//                     or, where that list would pass the runtime-argument
//                     limit and every core's items are consecutive in
//                     row-major block order ("items:first,<width>"):
//   A + 8G + 1        the row-major index of the core's first item, from
//                     which item i's block is first + i (bx = % width,
//                     by = / width).
// The body of item i is the tl.kernel body with the block indices bound to
// (bx, by), keeping only K's thread regions (inlined) and the control flow
// and index arithmetic they need.
//
//===----------------------------------------------------------------------===//

#include "tilett/Transforms/KernelAnalysis.h"
#include "tilett/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

#include <map>
#include <set>

namespace mlir::tilett {
#define GEN_PASS_DEF_GRIDTOPERSISTENTTT
#include "tilett/Transforms/Passes.h.inc"

namespace {

using tt::KernelKind;

/// Runtime arguments per multicast group: the tt::McastField values.
constexpr int64_t kMcastFields = tt::getMaxEnumValForMcastField() + 1;

/// The CB id operands of a tt op (empty for ops without one).
static SmallVector<Value> getCBOperands(Operation *op) {
  return llvm::TypeSwitch<Operation *, SmallVector<Value>>(op)
      .Case<tt::CBReserveBackOp, tt::CBPushBackOp, tt::CBWaitFrontOp,
            tt::CBPopFrontOp, tt::GetWritePtrOp, tt::GetReadPtrOp,
            tt::GetTileSizeOp, tt::CopyTileInitOp, tt::CopyTileOp>(
          [](auto o) { return SmallVector<Value>{o.getCb()}; })
      .Case([](tt::PackTileOp o) { return SmallVector<Value>{o.getCb()}; })
      .Case<tt::MmInitOp, tt::BinaryOpInitCommonOp>([](auto o) {
        return SmallVector<Value>{o.getIn0Cb(), o.getIn1Cb(), o.getOutCb()};
      })
      .Case([](tt::MatmulTilesOp o) {
        return SmallVector<Value>{o.getIn0Cb(), o.getIn1Cb()};
      })
      .Case([](tt::InitSfpuOp o) {
        return SmallVector<Value>{o.getInCb(), o.getOutCb()};
      })
      .Case([](tt::ReduceInitOp o) {
        return SmallVector<Value>{o.getInCb(), o.getScalerCb(), o.getOutCb()};
      })
      .Case([](tt::ReduceTileOp o) {
        return SmallVector<Value>{o.getInCb(), o.getScalerCb()};
      })
      .Default([](Operation *) { return SmallVector<Value>{}; });
}

class GridToPersistentTT
    : public impl::GridToPersistentTTBase<GridToPersistentTT> {
public:
  using GridToPersistentTTBase::GridToPersistentTTBase;

  void runOnOperation() final {
    if (failed(forEachKernel(getOperation(),
                             [&](func::FuncOp func, tl::KernelOp kernel) {
                               return convert(func, kernel);
                             })))
      signalPassFailure();
  }

private:
  LogicalResult convert(func::FuncOp func, tl::KernelOp kernel);
  FailureOr<func::FuncOp>
  buildKernel(func::FuncOp func, tl::KernelOp kernel, KernelKind kind,
              ArrayRef<Value> addrBuffers, ArrayRef<int64_t> mcastGroups,
              std::optional<int64_t> rangeWidth, Operation *insertAfter);
  LogicalResult verifyKernel(func::FuncOp kernelFunc, func::FuncOp func);
};

} // namespace

/// Globals whose addresses kernel `kind` needs, in accessor order.
static FailureOr<SmallVector<Value>> collectAddrBuffers(tl::KernelOp kernel,
                                                        KernelKind kind) {
  std::map<int64_t, Value> byOffset;
  WalkResult walk = kernel.walk([&](tt::InterleavedAccessorOp acc) {
    auto thread = acc->getParentOfType<tt::ThreadOp>();
    if (!thread || thread.getKind() != kind)
      return WalkResult::advance();
    auto addr = acc.getBase().getDefiningOp<tt::BufferAddressOp>();
    if (!addr) {
      acc.emitOpError() << "expected the base to be a tt.buffer_address";
      return WalkResult::interrupt();
    }
    auto [it, inserted] = byOffset.try_emplace(acc.getCtaOffset(),
                                               addr.getBuffer());
    if (!inserted && it->second != addr.getBuffer()) {
      acc.emitOpError() << "expected one buffer per cta_offset but "
                        << acc.getCtaOffset() << " is used for two";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  SmallVector<Value> buffers;
  for (auto &[offset, buffer] : byOffset) {
    if (offset != static_cast<int64_t>(buffers.size()))
      return kernel.emitOpError()
             << "expected dense accessor cta_offsets 0..n-1 in the "
             << tt::stringifyKernelKind(kind) << " threads but "
             << buffers.size() << " is missing";
    buffers.push_back(buffer);
  }
  return buffers;
}

/// The multicast groups whose fields kernel `kind` reads, in group order.
static SmallVector<int64_t> collectMcastGroups(tl::KernelOp kernel,
                                               KernelKind kind) {
  std::set<int64_t> groups;
  kernel.walk([&](tt::McastArgOp arg) {
    auto thread = arg->getParentOfType<tt::ThreadOp>();
    if (thread && thread.getKind() == kind)
      groups.insert(arg.getGroup());
  });
  return SmallVector<int64_t>(groups.begin(), groups.end());
}

FailureOr<func::FuncOp> GridToPersistentTT::buildKernel(
    func::FuncOp func, tl::KernelOp kernel, KernelKind kind,
    ArrayRef<Value> addrBuffers, ArrayRef<int64_t> mcastGroups,
    std::optional<int64_t> rangeWidth, Operation *insertAfter) {
  Location loc = func.getLoc();
  OpBuilder top(func->getContext());
  top.setInsertionPointAfter(insertAfter);
  std::string name =
      (func.getSymName() + "_" + tt::stringifyKernelKind(kind)).str();
  if (SymbolTable::lookupNearestSymbolFrom(func, top.getStringAttr(name)))
    return func.emitOpError() << "cannot create kernel '" << name
                              << "': the symbol already exists";
  auto kernelFunc =
      func::FuncOp::create(top, loc, name, top.getFunctionType({}, {}));
  kernelFunc->setAttr(tt::TTDialect::kKernelKindAttrName,
                      tt::KernelKindAttr::get(func.getContext(), kind));
  Block *entry = kernelFunc.addEntryBlock();
  auto b = ImplicitLocOpBuilder::atBlockEnd(loc, entry);
  auto ret = func::ReturnOp::create(b);
  b.setInsertionPoint(ret);

  // Addresses first, then the persistent loop over this core's items.
  DenseMap<Value, Value> addrOf;
  for (auto [i, buffer] : llvm::enumerate(addrBuffers))
    addrOf[buffer] = tt::GetArgValOp::create(b, b.getI32Type(), i);
  int64_t numAddr = addrBuffers.size();
  int64_t numFields = static_cast<int64_t>(mcastGroups.size()) * kMcastFields;
  Value numItems = arith::IndexCastOp::create(
      b, b.getIndexType(),
      tt::GetArgValOp::create(b, b.getI32Type(), numAddr + numFields));
  Value first;
  if (rangeWidth)
    first = tt::GetArgValOp::create(b, b.getI32Type(), numAddr + numFields + 1);
  auto loop = scf::ForOp::create(b, arith::ConstantIndexOp::create(b, 0),
                                 numItems,
                                 arith::ConstantIndexOp::create(b, 1));
  b.setInsertionPoint(loop.getBody()->getTerminator());
  Value item =
      arith::IndexCastOp::create(b, b.getI32Type(), loop.getInductionVar());
  IRMapping mapping;
  auto asIndex = [&](Value v) {
    return arith::IndexCastOp::create(b, b.getIndexType(), v).getResult();
  };
  SmallVector<Value> blockIndex;
  if (rangeWidth) {
    Value linear = asIndex(arith::AddIOp::create(b, first, item));
    Value width = arith::ConstantIndexOp::create(b, *rangeWidth);
    blockIndex = {arith::RemSIOp::create(b, linear, width),
                  arith::DivSIOp::create(b, linear, width)};
  } else {
    Value argIndex = arith::AddIOp::create(
        b, arith::ConstantIntOp::create(b, numAddr + numFields + 1, 32),
        arith::MulIOp::create(b, item, arith::ConstantIntOp::create(b, 2, 32)));
    Value bx = tt::GetArgValDynOp::create(b, b.getI32Type(), argIndex);
    Value by = tt::GetArgValDynOp::create(
        b, b.getI32Type(),
        arith::AddIOp::create(b, argIndex,
                              arith::ConstantIntOp::create(b, 1, 32)));
    blockIndex = {asIndex(bx), asIndex(by)};
  }
  // A 3-D grid's item carries y' = z * gy + y (TTTilesToCoreMap).
  if (kernel.getGrid().size() == 3) {
    Value gy = arith::ConstantIndexOp::create(b, kernel.getGrid()[1]);
    Value stacked = blockIndex[1];
    blockIndex[1] = arith::RemSIOp::create(b, stacked, gy);
    blockIndex.push_back(arith::DivSIOp::create(b, stacked, gy));
  }
  for (auto [i, arg] : llvm::enumerate(kernel.getBlockIndices()))
    mapping.map(arg, blockIndex[i]);
  for (Operation &op : kernel.getBody().front())
    b.clone(op, mapping);

  // Keep this kind's threads (inlined), drop the others.
  SmallVector<tt::ThreadOp> threads;
  kernelFunc.walk([&](tt::ThreadOp thread) { threads.push_back(thread); });
  for (tt::ThreadOp thread : threads) {
    if (thread.getKind() == kind) {
      Block &body = thread.getBody().front();
      thread->getBlock()->getOperations().splice(thread->getIterator(),
                                                 body.getOperations());
    }
    thread.erase();
  }
  // Global buffers become their address arguments, multicast fields theirs;
  // local buffers are CBs now, so their allocations go.
  SmallVector<Operation *> toErase;
  WalkResult walk = kernelFunc.walk([&](Operation *op) {
    if (auto arg = dyn_cast<tt::McastArgOp>(op)) {
      const int64_t *slot = llvm::find(mcastGroups, arg.getGroup());
      OpBuilder at(arg);
      arg.replaceAllUsesWith(tt::GetArgValOp::create(
                                 at, arg.getLoc(), at.getI32Type(),
                                 numAddr + (slot - mcastGroups.begin()) *
                                               kMcastFields +
                                     static_cast<int64_t>(arg.getField()))
                                 .getResult());
      toErase.push_back(op);
    } else if (auto addr = dyn_cast<tt::BufferAddressOp>(op)) {
      Value value = addrOf.lookup(addr.getBuffer());
      if (!value) {
        addr.emitOpError() << "expected its buffer to have an accessor in the "
                           << tt::stringifyKernelKind(kind) << " kernel";
        return WalkResult::interrupt();
      }
      addr.replaceAllUsesWith(value);
      toErase.push_back(op);
    } else if (isa<tl::AllocSharedOp, tl::AllocFragmentOp>(op)) {
      toErase.push_back(op);
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted()) {
    kernelFunc.erase();
    return failure();
  }
  for (Operation *op : toErase) {
    if (!op->use_empty()) {
      op->emitOpError() << "is still used after lowering; expected only tile "
                           "ops to use block-local buffers";
      kernelFunc.erase();
      return failure();
    }
    op->erase();
  }

  // Drop what the other kinds needed: index arithmetic, empty loops.
  MLIRContext *ctx = func.getContext();
  RewritePatternSet patterns(ctx);
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
  (void)applyPatternsGreedily(kernelFunc, std::move(patterns));
  return kernelFunc;
}

LogicalResult GridToPersistentTT::verifyKernel(func::FuncOp kernelFunc,
                                               func::FuncOp func) {
  DenseSet<int64_t> cbIds;
  if (auto cbs = func->getAttrOfType<ArrayAttr>(tt::TTDialect::kCBDescAttrName))
    for (Attribute attr : cbs)
      if (auto desc = dyn_cast<tt::CBDescAttr>(attr))
        cbIds.insert(desc.getIndex());
  WalkResult walk = kernelFunc.walk([&](Operation *op) {
    if (isa<tl::TLDialect>(op->getDialect())) {
      op->emitOpError() << "is left after tt-grid-to-persistent; expected "
                           "tt-lower-tile-intrinsics to lower it";
      return WalkResult::interrupt();
    }
    for (Value cb : getCBOperands(op)) {
      IntegerAttr id;
      if (!matchPattern(cb, m_Constant(&id))) {
        op->emitOpError() << "expected a constant circular buffer id";
        return WalkResult::interrupt();
      }
      if (!cbIds.contains(id.getInt())) {
        op->emitOpError() << "uses circular buffer " << id.getInt()
                          << ", which has no tt.cb_desc entry";
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

LogicalResult GridToPersistentTT::convert(func::FuncOp func,
                                          tl::KernelOp kernel) {
  if (kernel.getGrid().size() > 3)
    return kernel.emitOpError() << "expected a 1-D, 2-D or 3-D grid but got "
                                << kernel.getGrid().size() << " dimensions";
  WalkResult leftover = kernel.walk([](Operation *op) {
    if (isa<tl::CopyOp, tl::GemmOp, tl::ClearOp, tl::FillOp, tl::ReduceOp,
            tl::ParallelOp, tl::PipelinedOp>(op)) {
      op->emitOpError() << "expected tt-lower-tile-intrinsics to have "
                           "lowered this op before tt-grid-to-persistent";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (leftover.wasInterrupted())
    return failure();
  auto partition =
      func->getAttrOfType<DictionaryAttr>(tt::TTDialect::kWorkPartitionAttrName);
  if (!partition)
    return func.emitOpError() << "expected tt.work_partition (run "
                                 "tt-tiles-to-core-map first)";
  int64_t maxItems = 0;
  for (NamedAttribute core : partition)
    if (auto items = dyn_cast<ArrayAttr>(core.getValue()))
      maxItems = std::max<int64_t>(maxItems, items.size());
  // The blocks of a grid `width` wide in row-major order; a 3-D grid's
  // stacked by' = z * gy + y keeps that order.
  int64_t width = kernel.getGrid()[0];
  bool consecutive = llvm::all_of(partition, [&](NamedAttribute core) {
    auto items = dyn_cast<ArrayAttr>(core.getValue());
    if (!items)
      return false;
    for (auto [i, a] : llvm::enumerate(items)) {
      auto item = dyn_cast<tt::WorkItemAttr>(a);
      auto first = dyn_cast<tt::WorkItemAttr>(items[0]);
      if (!item || !first ||
          item.getBlockY() * width + item.getBlockX() !=
              first.getBlockY() * width + first.getBlockX() + int64_t(i))
        return false;
    }
    return true;
  });

  MLIRContext *ctx = func.getContext();
  Builder builder(ctx);
  SmallVector<Attribute> kernelRefs;
  SmallVector<NamedAttribute> kernelArgs, compileArgs;
  Operation *last = func;
  for (KernelKind kind :
       {KernelKind::Reader, KernelKind::Compute, KernelKind::Writer}) {
    FailureOr<SmallVector<Value>> buffers = collectAddrBuffers(kernel, kind);
    if (failed(buffers))
      return failure();
    SmallVector<int64_t> groups = collectMcastGroups(kernel, kind);
    int64_t fixedArgs = buffers->size() + groups.size() * kMcastFields + 1;
    int64_t numArgs = fixedArgs + 2 * maxItems;
    // A list of blocks lets any partition run; a core's consecutive blocks
    // need only the first, for partitions whose lists would not fit.
    std::optional<int64_t> rangeWidth;
    if (numArgs > tt::kMaxRuntimeArgs && consecutive) {
      rangeWidth = width;
      numArgs = fixedArgs + 1;
    }
    if (numArgs > tt::kMaxRuntimeArgs)
      return func.emitOpError()
             << "expected at most " << tt::kMaxRuntimeArgs
             << " runtime arguments per kernel but the "
             << tt::stringifyKernelKind(kind) << " kernel of the busiest core ("
             << maxItems << " work items) needs " << numArgs
             << "; use more cores";
    FailureOr<func::FuncOp> kernelFunc =
        buildKernel(func, kernel, kind, *buffers, groups, rangeWidth, last);
    if (failed(kernelFunc) || failed(verifyKernel(*kernelFunc, func)))
      return failure();
    last = *kernelFunc;
    kernelRefs.push_back(SymbolRefAttr::get(*kernelFunc));
    SmallVector<Attribute> runtime, compile;
    for (Value buffer : *buffers) {
      std::string name = tl::getBufferName(buffer);
      runtime.push_back(builder.getStringAttr("addr:" + name));
      compile.push_back(builder.getStringAttr("accessor:" + name));
    }
    for (int64_t group : groups)
      runtime.push_back(
          builder.getStringAttr("mcast:" + std::to_string(group)));
    runtime.push_back(builder.getStringAttr("num_items"));
    runtime.push_back(builder.getStringAttr(
        rangeWidth ? "items:first," + std::to_string(*rangeWidth)
                   : std::string("items:bx,by")));
    StringRef kindName = tt::stringifyKernelKind(kind);
    kernelArgs.push_back(builder.getNamedAttr(kindName,
                                              builder.getArrayAttr(runtime)));
    compileArgs.push_back(builder.getNamedAttr(kindName,
                                               builder.getArrayAttr(compile)));
  }
  func->setAttr("tt.kernels", builder.getArrayAttr(kernelRefs));
  func->setAttr("tt.kernel_args", builder.getDictionaryAttr(kernelArgs));
  func->setAttr("tt.compile_args", builder.getDictionaryAttr(compileArgs));
  // The original function stays as the carrier of the metadata.
  func.eraseBody();
  func.setPrivate();
  return success();
}

} // namespace mlir::tilett
