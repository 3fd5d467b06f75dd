//===- KernelLowering.cpp - Set-up, residency and the walk ------------------===//
//
// The state KernelLowering keeps (CB ids, residency of compute-resident
// buffers, vector forms, staging CBs) and the walk over a kernel body that
// dispatches each tile op to its lowering.
//
//===----------------------------------------------------------------------===//

#include "KernelLowering.h"

#include "tilett/Transforms/FusionAnalysis.h"
#include "tilett/Transforms/KernelAnalysis.h"

#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::lowering;

//===----------------------------------------------------------------------===//
// Set-up
//===----------------------------------------------------------------------===//

LogicalResult KernelLowering::collect() {
  layouts = func->getAttrOfType<DictionaryAttr>(tt::TTDialect::kLayoutDescAttrName);
  auto cbs = func->getAttrOfType<ArrayAttr>(tt::TTDialect::kCBDescAttrName);
  if (!layouts || !cbs)
    return func.emitOpError()
           << "expected tt.layout_desc and tt.cb_desc (run tt-propagate-layout "
              "first)";
  cbDescs.assign(cbs.begin(), cbs.end());

  bool anyF32 = false;
  WalkResult walk = kernel.walk([&](Operation *op) {
    if (!isa<tl::AllocSharedOp, tl::AllocFragmentOp>(op))
      return WalkResult::advance();
    Value buffer = op->getResult(0);
    auto type = cast<MemRefType>(buffer.getType());
    LocalCB info;
    info.name = tl::getBufferName(buffer);
    info.dtype = type.getElementType();
    anyF32 |= info.dtype.isF32();
    for (Attribute attr : cbDescs) {
      auto desc = dyn_cast<tt::CBDescAttr>(attr);
      if (desc && desc.getBuffer() == info.name) {
        info.cb = desc.getIndex();
        info.pageSize = desc.getPageSize();
        info.numPages = desc.getNumPages();
      }
    }
    if (info.cb < 0) {
      op->emitOpError() << "expected a tt.cb_desc entry for buffer '"
                        << info.name << "'";
      return WalkResult::interrupt();
    }
    // Shapes are checked where a lowering needs tiles: a buffer no tile op
    // touches may have any shape.
    auto tiles = [](int64_t n) { return (n + kTileDim - 1) / kTileDim; };
    if (type.getRank() == 2 && type.hasStaticShape()) {
      info.rowTiles = tiles(type.getDimSize(0));
      info.colTiles = tiles(type.getDimSize(1));
      info.paddedRows = type.getDimSize(0) % kTileDim != 0;
      info.paddedCols = type.getDimSize(1) % kTileDim != 0;
    } else if (type.getRank() == 1 && type.hasStaticShape()) {
      info.form = VectorForm::Col;
      info.rowTiles = tiles(type.getDimSize(0));
      info.colTiles = 1;
      info.paddedRows = type.getDimSize(0) % kTileDim != 0;
    }
    locals.insert({buffer, info});
    return WalkResult::advance();
  });
  if (walk.wasInterrupted() || failed(assignVectorForms()))
    return failure();

  // Buffers compute writes: if a load fills one too, the load is staged.
  DenseSet<Value> computeWritten;
  kernel.walk([&](Operation *op) {
    Value target;
    if (auto p = dyn_cast<tl::ParallelOp>(op)) {
      p.walk([&](memref::StoreOp s) { computeWritten.insert(s.getMemRef()); });
      return;
    }
    if (auto c = dyn_cast<tl::CopyOp>(op); c && !c.getGlobal())
      target = c.getDst();
    else if (auto f = dyn_cast<tl::FillOp>(op))
      target = f.getBuffer();
    else if (auto c = dyn_cast<tl::ClearOp>(op))
      target = c.getBuffer();
    else if (auto g = dyn_cast<tl::GemmOp>(op))
      target = g.getC();
    else if (auto r = dyn_cast<tl::ReduceOp>(op))
      target = r.getDst();
    if (target)
      computeWritten.insert(target);
  });

  // Roles come from the dataflow: loads fill reader CBs, and the globals
  // each DM kernel touches get accessor slots in argument order.
  SmallVector<Value> storedGlobals;
  WalkResult globals = kernel.walk([&](tl::CopyOp copy) {
    Value global = copy.getGlobal();
    auto arg = dyn_cast_if_present<BlockArgument>(global);
    if (global && (!arg || arg.getOwner()->getParentOp() != func)) {
      copy.emitOpError() << "expected the global side to be an argument of "
                            "the kernel function";
      return WalkResult::interrupt();
    }
    if (copy.isLoad()) {
      if (auto it = locals.find(copy.getLocal()); it != locals.end()) {
        if (it->second.form == VectorForm::Row ||
            computeWritten.contains(it->first))
          stagedLoads.try_emplace(it->first, -1);
        else
          it->second.loaded = true;
      }
    } else if (copy.isStore()) {
      storedGlobals.push_back(copy.getGlobal());
    }
    return WalkResult::advance();
  });
  if (globals.wasInterrupted())
    return failure();
  auto number = [](SmallVectorImpl<Value> &globals,
                   DenseMap<Value, int64_t> &slots) {
    llvm::sort(globals, [](Value a, Value b) {
      return cast<BlockArgument>(a).getArgNumber() <
             cast<BlockArgument>(b).getArgNumber();
    });
    for (Value g : globals)
      slots.try_emplace(g, static_cast<int64_t>(slots.size()));
  };
  collectMulticast();
  // Globals each DM kernel reads or writes, for its accessor slots.
  SmallVector<Value> loadedGlobals;
  kernel.walk([&](tl::CopyOp copy) {
    if (copy.isLoad())
      loadedGlobals.push_back(copy.getGlobal());
  });
  number(loadedGlobals, readerAccessors);
  number(storedGlobals, writerAccessors);
  // Which globals are read and written, for the plan (from the dataflow,
  // not from which kernel takes a buffer's address).
  if (std::optional<KernelInfo> info = KernelInfo::analyze(func)) {
    MLIRContext *ctx = func.getContext();
    SmallVector<NamedAttribute> entries;
    for (const GlobalBuffer &global : info->globals)
      if (global.getRole() != BufferRole::Unused)
        entries.push_back(NamedAttribute(
            StringAttr::get(ctx, global.name),
            StringAttr::get(ctx, stringifyBufferRole(global.getRole()))));
    func->setAttr(tt::TTDialect::kBufferRolesAttrName,
                  DictionaryAttr::get(ctx, entries));
  }

  dstBudget = anyF32 ? 4 : 8;
  fp32Dst = anyF32;
  return recordComputeConfig(anyF32);
}

LogicalResult KernelLowering::recordComputeConfig(bool fp32DestAcc) {
  // The user's annotation on the kernel function wins over the options:
  // it is the program's statement about this kernel, the option a default
  // for a whole compile.
  MLIRContext *ctx = func.getContext();
  std::string fidelity = choice.mathFidelity;
  bool approx = choice.mathApprox;
  if (Attribute user = func->getAttr(kComputeConfigAttrName)) {
    auto dict = dyn_cast<DictionaryAttr>(user);
    if (!dict)
      return func.emitOpError()
             << "expected " << kComputeConfigAttrName
             << " to be a dictionary {math_fidelity = \"HiFi2\", "
                "math_approx_mode = true} but got "
             << user;
    if (Attribute a = dict.get("math_fidelity")) {
      auto name = dyn_cast<StringAttr>(a);
      if (!name || !isMathFidelityName(name.getValue()))
        return func.emitOpError()
               << "expected " << kComputeConfigAttrName
               << " math_fidelity LoFi, HiFi2, HiFi3 or HiFi4 but got " << a;
      fidelity = name.getValue().str();
    }
    if (Attribute a = dict.get("math_approx_mode")) {
      auto flag = dyn_cast<BoolAttr>(a);
      if (!flag)
        return func.emitOpError()
               << "expected " << kComputeConfigAttrName
               << " math_approx_mode true or false but got " << a;
      approx = flag.getValue();
    }
  }
  if (!isMathFidelityName(fidelity))
    return func.emitOpError() << "expected math fidelity LoFi, HiFi2, HiFi3 "
                                 "or HiFi4 but got '"
                              << fidelity << "'";
  func->setAttr(
      kComputeConfigAttrName,
      DictionaryAttr::get(
          ctx, {NamedAttribute(StringAttr::get(ctx, "fp32_dest_acc_en"),
                               BoolAttr::get(ctx, fp32DestAcc)),
                NamedAttribute(StringAttr::get(ctx, "math_approx_mode"),
                               BoolAttr::get(ctx, approx)),
                NamedAttribute(StringAttr::get(ctx, "math_fidelity"),
                               StringAttr::get(ctx, fidelity))}));
  return success();
}

void KernelLowering::convertPipelined() {
  SmallVector<tl::PipelinedOp> loops;
  kernel.walk([&](tl::PipelinedOp op) { loops.push_back(op); });
  for (tl::PipelinedOp op : loops) {
    ImplicitLocOpBuilder b(op.getLoc(), op);
    auto loop = scf::ForOp::create(b, idx(b, op.getLower()),
                                   idx(b, op.getUpper()), idx(b, op.getStep()));
    Block &body = op.getBody().front();
    body.getArgument(0).replaceAllUsesWith(loop.getInductionVar());
    loop.getBody()->getOperations().splice(
        loop.getBody()->getTerminator()->getIterator(), body.getOperations());
    op.erase();
  }
}

FailureOr<LocalCB *> KernelLowering::getLocal(Operation *op, Value buffer) {
  auto it = locals.find(buffer);
  if (it == locals.end())
    return op->emitOpError()
           << "expected a block-local buffer allocated in this tl.kernel";
  if (it->second.numTiles() == 0)
    return op->emitOpError()
           << "expected a 2-D block-local buffer with dims that are multiples "
              "of 32 (or a 1-D one of a multiple of 32 elements), but '"
           << it->second.name << "' has type " << buffer.getType();
  return &it->second;
}

LogicalResult KernelLowering::checkReadable(Operation *op, Value buffer) {
  auto info = getLocal(op, buffer);
  if (failed(info))
    return failure();
  if ((*info)->loaded || residency.lookup(buffer) == Residency::Full)
    return success();
  return op->emitOpError() << "reads '" << (*info)->name
                           << "' before any operation wrote it (or after a "
                              "store handed its value to the writer)";
}

LogicalResult KernelLowering::checkWritable(Operation *op, Value buffer) {
  auto info = getLocal(op, buffer);
  if (failed(info))
    return failure();
  if ((*info)->loaded)
    return op->emitOpError()
           << "writes '" << (*info)->name
           << "', which is filled by a tl.copy load; write a separate buffer";
  return success();
}

void KernelLowering::noteWrite(Operation *op, Value buffer) {
  if (residency.lookup(buffer) == Residency::Full)
    freshIn.erase(buffer);
  else
    freshIn[buffer] = op->getBlock();
  residency[buffer] = Residency::Full;
}

bool KernelLowering::canHandOff(tl::CopyOp copy, Value buffer) const {
  Block *block = copy->getBlock();
  if (freshIn.lookup(buffer) != block)
    return false;
  for (Operation &later :
       llvm::make_range(std::next(copy->getIterator()), block->end())) {
    bool uses = false;
    later.walk([&](Operation *inner) {
      uses |= llvm::is_contained(inner->getOperands(), buffer);
    });
    if (uses)
      return false;
  }
  return true;
}

int64_t KernelLowering::stagingCB(Value local, const LocalCB &info,
                                  Type dtype, int64_t pageSize,
                                  StringRef global) {
  auto key = std::make_pair(local, dtype);
  if (auto it = stagingCBs.find(key); it != stagingCBs.end())
    return it->second;
  // Staging CBs feed the writer: prefer the output range 16..31.
  SmallVector<int64_t> order = llvm::to_vector(llvm::concat<const int64_t>(
      llvm::seq<int64_t>(16, 32), llvm::seq<int64_t>(0, 16)));
  int64_t index = appendCB(order, dtype, pageSize, info.numTiles(),
                           (info.name + "_to_" + global).str());
  if (index >= 0)
    stagingCBs[key] = index;
  return index;
}

int64_t KernelLowering::appendCB(ArrayRef<int64_t> preferred, Type dtype,
                                 int64_t pageSize, int64_t numPages,
                                 StringRef name) {
  llvm::SmallBitVector used(32);
  for (Attribute attr : cbDescs)
    used.set(cast<tt::CBDescAttr>(attr).getIndex());
  for (int64_t i : preferred) {
    if (used.test(i))
      continue;
    cbDescs.push_back(tt::CBDescAttr::get(func.getContext(), i, dtype,
                                          pageSize, numPages, name));
    return i;
  }
  return -1;
}

FailureOr<int64_t> KernelLowering::scratchCB(Operation *op, StringRef name,
                                             const LocalCB &like) {
  if (auto it = scratchCBs.find(name); it != scratchCBs.end())
    return it->second;
  int64_t id = appendCB(llvm::to_vector(llvm::seq<int64_t>(0, 32)),
                        like.dtype, like.pageSize, like.numTiles(), name);
  if (id < 0)
    return op->emitOpError() << "needs a circular buffer '" << name
                             << "' but all 32 CB ids are in use";
  scratchCBs[name] = id;
  return id;
}

LogicalResult KernelLowering::assignVectorForms() {
  // The first op that needs a form fixes it; a later op that needs the other
  // one is an error naming both.
  DenseMap<Value, std::pair<VectorForm, Operation *>> chosen;
  auto formName = [](VectorForm form) {
    return form == VectorForm::Row ? "row vector (a column reduction's "
                                     "result, or read as v[j])"
                                   : "column vector (a row reduction's result, "
                                     "or read as v[i])";
  };
  auto want = [&](Value buffer, VectorForm form, Operation *why) {
    auto it = locals.find(buffer);
    if (it == locals.end() || it->second.form == VectorForm::None)
      return success();
    auto [pos, inserted] = chosen.try_emplace(buffer, form, why);
    if (inserted || pos->second.first == form)
      return success();
    InFlightDiagnostic diag = why->emitOpError()
                              << "uses '" << it->second.name << "' as a "
                              << formName(form)
                              << ", but it is already used as a "
                              << formName(pos->second.first)
                              << "; copy it into a second 1-D buffer";
    diag.attachNote(pos->second.second->getLoc()) << "first use here";
    return failure();
  };
  WalkResult walk = kernel.walk([&](Operation *op) {
    LogicalResult ok = success();
    if (auto reduce = dyn_cast<tl::ReduceOp>(op)) {
      if (cast<MemRefType>(reduce.getSrc().getType()).getRank() == 2)
        ok = want(reduce.getDst(),
                  reduce.getDim() == 0 ? VectorForm::Row : VectorForm::Col,
                  op);
    } else if (auto load = dyn_cast<memref::LoadOp>(op)) {
      auto parallel = op->getParentOfType<tl::ParallelOp>();
      if (parallel && parallel.getExtents().size() == 2 &&
          load.getIndices().size() == 1) {
        Value index = load.getIndices()[0];
        if (index == parallel.getIndices()[0])
          ok = want(load.getMemRef(), VectorForm::Col, op);
        else if (index == parallel.getIndices()[1])
          ok = want(load.getMemRef(), VectorForm::Row, op);
      }
    }
    return failed(ok) ? WalkResult::interrupt() : WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  for (auto &[buffer, info] : locals) {
    auto it = chosen.find(buffer);
    if (it == chosen.end() || it->second.first != VectorForm::Row)
      continue;
    info.form = VectorForm::Row;
    std::swap(info.rowTiles, info.colTiles);
    std::swap(info.paddedRows, info.paddedCols);
  }
  return success();
}


//===----------------------------------------------------------------------===//
// Walk
//===----------------------------------------------------------------------===//

/// True when `op` or an op nested in it is a tile op this pass lowers.
static bool containsTileOps(Operation *op) {
  return op
      ->walk([](Operation *inner) {
        return isa<tl::CopyOp, tl::GemmOp, tl::ClearOp, tl::FillOp,
                   tl::ReduceOp, tl::ParallelOp>(inner)
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      })
      .wasInterrupted();
}

LogicalResult KernelLowering::lowerBlock(Block &block) {
  // Plan who pops each loaded CB: consumers are the ops of this block after
  // the load (up to the next load into the same buffer) that use it.
  SmallVector<Operation *> ops = llvm::map_to_vector(
      block.without_terminator(), [](Operation &op) { return &op; });
  for (auto [pos, op] : llvm::enumerate(ops)) {
    auto load = dyn_cast<tl::CopyOp>(op);
    if (!load || !load.isLoad())
      continue;
    Value buffer = load.getLocal();
    // A transposed load leaves a compute-resident value, not a reader CB.
    if (stagedLoads.contains(buffer))
      continue;
    SmallVector<Operation *> consumers;
    for (Operation *later : ArrayRef(ops).drop_front(pos + 1)) {
      auto reload = dyn_cast<tl::CopyOp>(later);
      if (reload && reload.isLoad() && reload.getLocal() == buffer)
        break;
      bool uses = false;
      later->walk([&](Operation *inner) {
        uses |= llvm::is_contained(inner->getOperands(), buffer);
      });
      if (uses)
        consumers.push_back(later);
    }
    auto store = consumers.size() == 1 ? dyn_cast<tl::CopyOp>(consumers[0])
                                       : tl::CopyOp();
    if (store && store.isStore() &&
        cast<MemRefType>(store.getGlobal().getType()).getElementType() ==
            cast<MemRefType>(buffer.getType()).getElementType()) {
      directStores.insert(store);
      continue;
    }
    popAfter[consumers.empty() ? op : consumers.back()].push_back(buffer);
  }

  for (Operation *op : ops) {
    // Pops go right after the op's replacement, which goes before it. An op
    // that defers its work to the next one hands that op its pops too
    // (deferToConsumer), so they are looked up once it is lowered.
    Location loc = op->getLoc();
    Operation *next = op->getNextNode();
    if (failed(lowerOp(op)))
      return failure();
    if (auto it = popAfter.find(op); it != popAfter.end()) {
      OpBuilder after = next ? OpBuilder(next) : OpBuilder::atBlockEnd(&block);
      for (Value buffer : it->second)
        emitDrain(after, loc, locals.find(buffer)->second);
      popAfter.erase(it);
    }
  }
  return success();
}

void KernelLowering::emitDrain(OpBuilder &builder, Location loc,
                               const LocalCB &buffer) {
  auto thread = tt::ThreadOp::create(builder, loc, KernelKind::Compute);
  auto b = ImplicitLocOpBuilder::atBlockBegin(loc, &thread.getBody().front());
  Value cb = i32(b, buffer.cb), n = i32(b, buffer.numTiles());
  tt::CBWaitFrontOp::create(b, cb, n);
  tt::CBPopFrontOp::create(b, cb, n);
}

LogicalResult KernelLowering::lowerOp(Operation *op) {
  if (fusedAway.erase(op)) {
    op->erase();
    return success();
  }
  if (auto copy = dyn_cast<tl::CopyOp>(op)) {
    if (copy.isLoad())
      return lowerLoad(copy);
    if (copy.isStore())
      return lowerStore(copy);
    return lowerLocalCopy(copy);
  }
  if (auto gemm = dyn_cast<tl::GemmOp>(op))
    return lowerGemm(gemm);
  if (auto clear = dyn_cast<tl::ClearOp>(op))
    return lowerFill(op, clear.getBuffer(), 0.0);
  if (auto fill = dyn_cast<tl::FillOp>(op))
    return lowerFill(op, fill.getBuffer(), fill.getValue().convertToDouble());
  if (auto parallel = dyn_cast<tl::ParallelOp>(op))
    return lowerParallel(parallel);
  if (auto reduce = dyn_cast<tl::ReduceOp>(op))
    return lowerReduce(reduce);
  if (!containsTileOps(op))
    return success();
  auto loop = dyn_cast<scf::ForOp>(op);
  if (!loop)
    return op->emitOpError()
           << "holds tile operations, but only scf.for and tl.pipelined loops "
              "may enclose them";
  // The body runs many times: every compute-resident buffer must be in the
  // same state at the end of an iteration as at its start.
  DenseMap<Value, Residency> atEntry = residency;
  loopEntries.push_back(atEntry);
  LogicalResult body = lowerBlock(*loop.getBody());
  loopEntries.pop_back();
  if (failed(body))
    return failure();
  for (auto &[buffer, info] : locals) {
    Residency before = atEntry.lookup(buffer), after = residency.lookup(buffer);
    if (before == after)
      continue;
    if (before == Residency::Full)
      return loop.emitOpError()
             << "hands '" << info.name
             << "' to the writer inside the loop, but its value is live "
                "around the loop; store it after the loop";
    // Written fresh in every iteration: the value dies with the iteration.
    OpBuilder atEnd(loop.getBody()->getTerminator());
    emitDrain(atEnd, loop.getLoc(), info);
    residency[buffer] = Residency::Empty;
    freshIn.erase(buffer);
  }
  return success();
}


void KernelLowering::emitCBCopy(
    Operation *op, int64_t srcCB, int64_t dstCB, int64_t tiles, bool popSrc,
    bool dropOld, bool transpose,
    function_ref<Value(ImplicitLocOpBuilder &, Value)> sourceTile) {
  int64_t n = largestDivisorAtMost(tiles, dstBudget);
  ImplicitLocOpBuilder b = threadBefore(op, KernelKind::Compute);
  Value src = i32(b, srcCB), dst = i32(b, dstCB), nTiles = i32(b, n);
  tt::CBWaitFrontOp::create(b, src, i32(b, tiles));
  forLoop(b, tiles / n, [&](ImplicitLocOpBuilder &b, Value sb) {
    if (dropOld) {
      tt::CBWaitFrontOp::create(b, dst, nTiles);
      tt::CBPopFrontOp::create(b, dst, nTiles);
    }
    dstSection(
        b, n,
        [&](ImplicitLocOpBuilder &b) {
          if (transpose)
            tt::TransposeWHInitOp::create(b, src, dst);
          else
            tt::CopyTileInitOp::create(b, src);
          Value first = arith::MulIOp::create(b, sb, idx(b, n));
          forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
            Value t = arith::AddIOp::create(b, first, k);
            Value from = toI32(b, sourceTile ? sourceTile(b, t) : t);
            if (transpose)
              tt::TransposeWHTileOp::create(b, src, from, toI32(b, k));
            else
              tt::CopyTileOp::create(b, src, from, toI32(b, k));
          });
        },
        [&](ImplicitLocOpBuilder &b) {
          tt::CBReserveBackOp::create(b, dst, nTiles);
          forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
            tt::PackTileOp::create(b, toI32(b, k), dst);
          });
          tt::CBPushBackOp::create(b, dst, nTiles);
        });
  });
  if (popSrc)
    tt::CBPopFrontOp::create(b, src, i32(b, tiles));
}


//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

LogicalResult KernelLowering::run() {
  // Copies whose value can be read from their source never round-trip
  // their tiles through a CB (FusionAnalysis.h); decided before the
  // buffers' roles are.
  fusion::forwardLocalCopies(kernel);
  if (failed(collect()))
    return failure();
  convertPipelined();
  Block &body = kernel.getBody().front();
  if (failed(lowerBlock(body)))
    return failure();
  // Values still resident at the end of a block are dropped, so that the
  // next work item starts with empty CBs.
  OpBuilder atEnd = OpBuilder::atBlockEnd(&body);
  for (auto &[buffer, info] : locals)
    if (residency.lookup(buffer) == Residency::Full)
      emitDrain(atEnd, kernel.getLoc(), info);
  func->setAttr(tt::TTDialect::kCBDescAttrName,
                ArrayAttr::get(func.getContext(), cbDescs));
  if (!mcastGroups.empty())
    func->setAttr(tt::TTDialect::kMcastGroupsAttrName,
                  ArrayAttr::get(func.getContext(), mcastGroups));
  return success();
}
