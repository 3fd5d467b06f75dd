//===- KernelAnalysis.cpp - Kernel functions and their buffers -------------===//

#include "tilett/Transforms/KernelAnalysis.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::tilett;

StringRef mlir::tilett::stringifyBufferRole(BufferRole role) {
  switch (role) {
  case BufferRole::Unused:
    return "unused";
  case BufferRole::Input:
    return "input";
  case BufferRole::Output:
    return "output";
  case BufferRole::InOut:
    return "inout";
  }
  llvm_unreachable("unknown buffer role");
}

BufferRole GlobalBuffer::getRole() const {
  if (read && written)
    return BufferRole::InOut;
  if (read)
    return BufferRole::Input;
  if (written)
    return BufferRole::Output;
  return BufferRole::Unused;
}

int64_t mlir::tilett::largestDivisorAtMost(int64_t extent, int64_t limit) {
  for (int64_t d = std::min(extent, limit); d > 1; --d)
    if (extent % d == 0)
      return d;
  return 1;
}

bool mlir::tilett::isKernelFunction(func::FuncOp func) {
  if (func.isExternal())
    return false;
  auto kernels = func.getBody().getOps<tl::KernelOp>();
  return std::distance(kernels.begin(), kernels.end()) == 1;
}

/// Pages per tile for a buffer streamed by `copy`: the stage count of an
/// enclosing tl.pipelined (at least double buffering inside any loop, so the
/// producer can run ahead by one), else a single page.
static int64_t getStreamingDepth(Operation *copy) {
  Operation *parent = copy->getParentOp();
  for (; parent && !isa<tl::KernelOp>(parent); parent = parent->getParentOp()) {
    if (auto pipelined = dyn_cast<tl::PipelinedOp>(parent))
      return std::max<int64_t>(pipelined.getNumStages(), 2);
    if (isa<scf::ForOp, scf::WhileOp>(parent))
      return 2;
  }
  return 1;
}

std::optional<KernelInfo> KernelInfo::analyze(func::FuncOp func) {
  if (!isKernelFunction(func))
    return std::nullopt;
  KernelInfo info;
  info.func = func;
  info.kernel = *func.getBody().getOps<tl::KernelOp>().begin();

  DenseMap<Value, unsigned> globalIndex;
  for (BlockArgument arg : func.getArguments()) {
    if (!tl::isGlobalBuffer(arg.getType()))
      continue;
    globalIndex[arg] = info.globals.size();
    info.globals.push_back({arg, tl::getBufferName(arg)});
  }

  DenseMap<Value, unsigned> localIndex;
  info.kernel.walk([&](Operation *op) {
    if (!isa<tl::AllocSharedOp, tl::AllocFragmentOp>(op))
      return;
    Value v = op->getResult(0);
    localIndex[v] = info.locals.size();
    LocalBuffer local;
    local.alloc = op;
    local.value = v;
    local.name = tl::getBufferName(v);
    local.type = cast<MemRefType>(v.getType());
    info.locals.push_back(std::move(local));
  });

  info.kernel.walk([&](Operation *op) {
    auto copy = dyn_cast<tl::CopyOp>(op);
    if (!copy)
      return;
    int64_t depth = getStreamingDepth(copy);
    for (Value side : {copy.getSrc(), copy.getDst()}) {
      auto it = localIndex.find(side);
      if (it != localIndex.end())
        info.locals[it->second].stages =
            std::max(info.locals[it->second].stages, depth);
    }
    if (copy.isLoad()) {
      auto g = globalIndex.find(copy.getSrc());
      auto l = localIndex.find(copy.getDst());
      if (g != globalIndex.end())
        info.globals[g->second].read = true;
      if (l != localIndex.end()) {
        // A buffer both filled by a load and stored keeps the load range:
        // its pages arrive from the reader first.
        info.locals[l->second].kind = LocalKind::Load;
        if (g != globalIndex.end() && !info.locals[l->second].source)
          info.locals[l->second].source = g->second;
      }
    } else if (copy.isStore()) {
      if (!info.firstStore)
        info.firstStore = copy;
      auto g = globalIndex.find(copy.getDst());
      auto l = localIndex.find(copy.getSrc());
      if (g != globalIndex.end())
        info.globals[g->second].written = true;
      if (l != localIndex.end() &&
          info.locals[l->second].kind != LocalKind::Load)
        info.locals[l->second].kind = LocalKind::Store;
    }
  });
  return info;
}

LogicalResult mlir::tilett::forEachKernel(
    Operation *root,
    function_ref<LogicalResult(func::FuncOp, tl::KernelOp)> fn) {
  SmallVector<std::pair<func::FuncOp, tl::KernelOp>> kernels;
  root->walk([&](tl::KernelOp kernel) {
    if (auto func = kernel->getParentOfType<func::FuncOp>())
      kernels.push_back({func, kernel});
  });
  for (auto [func, kernel] : kernels)
    if (failed(fn(func, kernel)))
      return failure();
  return success();
}

const GlobalBuffer *KernelInfo::findGlobal(StringRef name) const {
  for (const GlobalBuffer &g : globals)
    if (g.name == name)
      return &g;
  return nullptr;
}

const LocalBuffer *KernelInfo::findLocal(Value value) const {
  for (const LocalBuffer &l : locals)
    if (l.value == value)
      return &l;
  return nullptr;
}

std::optional<std::pair<int64_t, int64_t>>
mlir::tilett::getLocalTileExtent(MemRefType type) {
  ArrayRef<int64_t> shape = type.getShape();
  if (shape.empty() || !type.hasStaticShape())
    return std::nullopt;
  // Dims that are not whole tiles are padded up to them; PropagateTTLayout
  // only lets that happen where a copy window covers its global's whole dim.
  auto tiles = [](int64_t n) { return (n + 31) / 32; };
  if (shape.size() == 1) // a column vector: 32 elements (column 0) per tile
    return std::make_pair<int64_t, int64_t>(tiles(shape[0]), 1);
  int64_t lead = 1;
  for (int64_t d : shape.drop_back(2))
    lead *= d;
  return std::make_pair(lead * tiles(shape[shape.size() - 2]),
                        tiles(shape.back()));
}

std::optional<int64_t> mlir::tilett::getLocalTileCount(MemRefType type) {
  auto extent = getLocalTileExtent(type);
  if (!extent)
    return std::nullopt;
  return extent->first * extent->second;
}

SmallVector<int64_t> mlir::tilett::padToTiles(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> padded(shape);
  auto roundUp = [](int64_t v, int64_t m) { return (v + m - 1) / m * m; };
  if (padded.size() == 1) {
    padded[0] = roundUp(padded[0], 32);
  } else if (padded.size() >= 2) {
    padded[padded.size() - 2] = roundUp(padded[padded.size() - 2], 32);
    padded.back() = roundUp(padded.back(), 32);
  }
  return padded;
}

tt::LayoutDescAttr mlir::tilett::getDefaultLayout(MLIRContext *ctx,
                                                  MemRefType type,
                                                  tt::MemorySpace memory,
                                                  tt::TileOrder order) {
  Type dtype = type.getElementType();
  SmallVector<int64_t> tile = {32, 32};
  return tt::LayoutDescAttr::get(ctx, memory, tt::BufferLayout::Interleaved,
                                 order, dtype, tile, type.getShape(),
                                 padToTiles(type.getShape()),
                                 tt::getTileBytes(dtype), {}, {});
}

std::optional<int64_t> mlir::tilett::getIVCoefficient(Value v, Value iv) {
  if (v == iv)
    return 1;
  Operation *op = v.getDefiningOp();
  if (!op)
    return 0; // another block argument: the same at every iteration
  if (matchPattern(v, m_Constant()))
    return 0;
  if (!isPure(op) || op->getNumRegions() != 0)
    return std::nullopt;
  auto both = [&]() -> std::optional<std::pair<int64_t, int64_t>> {
    if (op->getNumOperands() != 2)
      return std::nullopt;
    auto a = getIVCoefficient(op->getOperand(0), iv);
    auto b = getIVCoefficient(op->getOperand(1), iv);
    if (!a || !b)
      return std::nullopt;
    return std::make_pair(*a, *b);
  };
  if (isa<arith::AddIOp, arith::SubIOp>(op)) {
    auto c = both();
    if (!c)
      return std::nullopt;
    return isa<arith::AddIOp>(op) ? c->first + c->second
                                  : c->first - c->second;
  }
  if (isa<arith::MulIOp>(op)) {
    auto c = both();
    if (!c)
      return std::nullopt;
    if (c->first == 0 && c->second == 0)
      return 0;
    APInt factor;
    if (c->second == 0 && matchPattern(op->getOperand(1), m_ConstantInt(&factor)))
      return c->first * factor.getSExtValue();
    if (c->first == 0 && matchPattern(op->getOperand(0), m_ConstantInt(&factor)))
      return c->second * factor.getSExtValue();
    return std::nullopt;
  }
  for (Value operand : op->getOperands()) {
    std::optional<int64_t> c = getIVCoefficient(operand, iv);
    if (!c || *c != 0)
      return std::nullopt;
  }
  return 0;
}

int64_t mlir::tilett::getReductionTiles(tl::KernelOp kernel) {
  tl::GemmOp gemm;
  kernel.walk([&](tl::GemmOp op) {
    if (!gemm)
      gemm = op;
  });
  if (!gemm)
    return 0;
  ArrayRef<int64_t> a = cast<MemRefType>(gemm.getA().getType()).getShape();
  int64_t k = gemm.getTransposeA() ? a[a.size() - 2] : a.back();
  int64_t trips = 1;
  for (Operation *p = gemm->getParentOp(); p && p != kernel;
       p = p->getParentOp())
    if (auto loop = dyn_cast<tl::PipelinedOp>(p))
      trips *= loop.getTripCount();
  return trips * (k / kTileDim);
}
