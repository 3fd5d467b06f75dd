//===- TLInterpreter.cpp - Reference interpreter of the tl dialect --------===//
//
// A tree-walking interpreter: scalars (index, integers, floats) live in a
// value map, buffers are dense row-major arrays of doubles. Global buffers
// alias the caller's host tensors; block-local buffers are allocated afresh
// (zeroed) for every block. See TLInterpreter.h for the rounding model.
// Tile ops run as whole-buffer loops (RefKernels.h); blocks of a grid run on
// several host threads when their order cannot matter (GridIndependence.h).
// Scalar ops are in TLInterpreterScalar.cpp.
//
//===----------------------------------------------------------------------===//

#include "TLInterpreterImpl.h"

#include "tilett/Runner/GridIndependence.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/APFloat.h"

#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::runner;
using namespace mlir::tilett::runner::detail;

HostElementKind mlir::tilett::runner::hostKindOf(Type elementType) {
  if (elementType.isF32())
    return HostElementKind::F32;
  if (elementType.isBF16())
    return HostElementKind::BF16;
  if (elementType.isF16())
    return HostElementKind::F16;
  if (elementType.isInteger(32))
    return HostElementKind::I32;
  return HostElementKind::F64;
}

double mlir::tilett::runner::roundToElementType(double value,
                                                Type elementType) {
  if (elementType.isF64())
    return value;
  if (elementType.isF32())
    return double(static_cast<float>(value));
  // The common 16-bit formats without APFloat: `tilett run` rounds every
  // input element and every output store through here.
  if (elementType.isBF16())
    return ref::roundToBF16(value);
  if (elementType.isF16())
    return ref::roundToF16(value);
  if (auto floatTy = dyn_cast<FloatType>(elementType)) {
    llvm::APFloat f(value);
    bool losesInfo = false;
    f.convert(floatTy.getFloatSemantics(), llvm::APFloat::rmNearestTiesToEven,
              &losesInfo);
    return f.convertToDouble();
  }
  if (isa<IntegerType>(elementType)) {
    if (!std::isfinite(value))
      return 0.0;
    return double(wrapSigned(int64_t(std::trunc(value)),
                             intWidth(elementType)));
  }
  return value;
}

LogicalResult Interpreter::run(func::FuncOp func,
                               MutableArrayRef<HostTensor> args) {
  if (func.isExternal())
    return func.emitOpError() << "expected a kernel function with a body";
  if (func.getNumArguments() != args.size())
    return func.emitOpError()
           << "expected " << func.getNumArguments()
           << " host tensors (one per argument) but got " << args.size();
  Block &entry = func.getBody().front();
  for (auto [index, arg] : llvm::enumerate(entry.getArguments())) {
    auto type = dyn_cast<MemRefType>(arg.getType());
    if (!type || !type.hasStaticShape())
      return func.emitOpError() << "expected argument " << index
                                << " to be a statically shaped memref but got "
                                << arg.getType();
    HostTensor &t = args[index];
    if (ArrayRef<int64_t>(t.shape) != type.getShape() ||
        int64_t(t.size()) != type.getNumElements())
      return func.emitOpError()
             << "expected host tensor " << index << " to have the shape of "
             << type << " (" << type.getNumElements() << " elements) but got "
             << t.size() << " elements";
    Buffer &buf = globalBuffers.emplace_back();
    buf.init(type.getShape());
    if (t.kind == HostElementKind::F64)
      buf.data = t.data.data();
    else
      buf.host = &t;
    buf.elementType = type.getElementType();
    buf.makeGlobal();
    buffers[arg] = &buf;
  }
  return execBlock(entry, nullptr);
}

LogicalResult Interpreter::execBlock(Block &block,
                                     SmallVectorImpl<Scalar> *yielded) {
  for (Operation &op : block) {
    if (isa<scf::YieldOp>(op)) {
      if (yielded)
        for (Value v : op.getOperands())
          yielded->push_back(get(v));
      return success();
    }
    if (isa<func::ReturnOp>(op))
      return success();
    if (failed(exec(&op)))
      return failure();
  }
  return success();
}

LogicalResult Interpreter::execKernel(tl::KernelOp kernel) {
  ArrayRef<int64_t> grid = kernel.getGrid();
  if (llvm::any_of(grid, [](int64_t g) { return g <= 0; }))
    return success();
  int64_t numBlocks = 1;
  for (int64_t g : grid)
    numBlocks *= g;
  unsigned numThreads = threads ? threads : std::thread::hardware_concurrency();
  numThreads = unsigned(std::min<int64_t>(std::max(numThreads, 1u), numBlocks));
  // Concurrent blocks only when no order can change the result.
  if (numThreads > 1 && blocksAreIndependent(kernel))
    return execKernelParallel(kernel, numBlocks, numThreads);
  return execKernelSerial(kernel);
}

LogicalResult Interpreter::execGridBlock(tl::KernelOp kernel, int64_t id) {
  // Grid dimension 0 is bx; it varies fastest as a GPU would number blocks.
  for (auto [arg, extent] : llvm::zip(kernel.getBlockIndices(),
                                      kernel.getGrid())) {
    setInt(arg, id % extent);
    id /= extent;
  }
  LogicalResult result = execBlock(kernel.getBody().front(), nullptr);
  localBuffers.clear();
  localStorage.clear();
  return result;
}

LogicalResult Interpreter::execKernelSerial(tl::KernelOp kernel) {
  int64_t numBlocks = 1;
  for (int64_t g : kernel.getGrid())
    numBlocks *= g;
  for (int64_t id = 0; id < numBlocks; ++id)
    if (failed(execGridBlock(kernel, id)))
      return failure();
  return success();
}

LogicalResult Interpreter::execKernelParallel(tl::KernelOp kernel,
                                              int64_t numBlocks,
                                              unsigned numThreads) {
  std::atomic<int64_t> next{0};
  std::atomic<bool> failedAny{false};
  std::deque<Interpreter> workers;
  for (unsigned t = 1; t < numThreads; ++t)
    workers.push_back(fork());
  auto work = [&](Interpreter &self) {
    // Blocks are handed out one at a time: they may differ in cost.
    while (!failedAny.load(std::memory_order_relaxed)) {
      int64_t id = next.fetch_add(1, std::memory_order_relaxed);
      if (id >= numBlocks)
        return;
      if (failed(self.execGridBlock(kernel, id)))
        failedAny = true;
    }
  };
  {
    // Which block fails first depends on the threads' timing; the serial
    // rerun below reports the same error a serial run would.
    ScopedDiagnosticHandler quiet(kernel->getContext(),
                                  [](Diagnostic &) { return success(); });
    std::vector<std::thread> pool;
    for (Interpreter &w : workers)
      pool.emplace_back([&work, &w] { work(w); });
    work(*this);
    for (std::thread &t : pool)
      t.join();
  }
  if (failedAny)
    return execKernelSerial(kernel);
  return success();
}

LogicalResult Interpreter::exec(Operation *op) {
  if (auto kernel = dyn_cast<tl::KernelOp>(op)) {
    if (kernel->getParentOfType<tl::KernelOp>())
      return op->emitOpError() << "expected no nested tl.kernel";
    return execKernel(kernel);
  }
  if (isa<tl::AllocSharedOp, tl::AllocFragmentOp>(op)) {
    auto type = cast<MemRefType>(op->getResult(0).getType());
    std::vector<double> &storage =
        localStorage.emplace_back(type.getNumElements(), 0.0);
    Buffer &buf = localBuffers.emplace_back();
    buf.init(type.getShape());
    buf.data = storage.data();
    buf.elementType = type.getElementType();
    buffers[op->getResult(0)] = &buf;
    return success();
  }
  if (auto copy = dyn_cast<tl::CopyOp>(op))
    return execCopy(copy);
  if (auto gemm = dyn_cast<tl::GemmOp>(op))
    return execGemm(gemm);
  if (auto reduce = dyn_cast<tl::ReduceOp>(op))
    return execReduce(reduce);
  if (isa<tl::ClearOp, tl::FillOp>(op)) {
    Buffer *buf = lookupBuffer(op, op->getOperand(0));
    if (!buf)
      return failure();
    double value = 0.0;
    if (auto fill = dyn_cast<tl::FillOp>(op))
      value = fill.getValue().convertToDouble();
    buf->fill(value);
    return success();
  }
  if (auto loop = dyn_cast<tl::PipelinedOp>(op)) {
    // I64Attr accessors return unsigned values; the bounds are signed.
    int64_t lower = int64_t(loop.getLower()), upper = int64_t(loop.getUpper());
    int64_t step = int64_t(loop.getStep());
    if (step <= 0)
      return op->emitOpError() << "expected a positive step but got " << step;
    for (int64_t iv = lower; iv < upper; iv += step) {
      setInt(loop.getInductionVar(), iv);
      if (failed(execBlock(loop.getBody().front(), nullptr)))
        return failure();
    }
    return success();
  }
  if (auto par = dyn_cast<tl::ParallelOp>(op))
    return execParallel(par);

  // Each helper sets `handled` when it knows the op.
  for (auto helper : {&Interpreter::execArith, &Interpreter::execMath,
                      &Interpreter::execScf, &Interpreter::execMemRef}) {
    bool handled = false;
    if (failed((this->*helper)(op, handled)))
      return failure();
    if (handled)
      return success();
  }
  return op->emitOpError() << "is not supported by the reference interpreter";
}

//===----------------------------------------------------------------------===//
// Tile operations
//===----------------------------------------------------------------------===//

LogicalResult Interpreter::execCopy(tl::CopyOp op) {
  Buffer *src = lookupBuffer(op, op.getSrc());
  Buffer *dst = lookupBuffer(op, op.getDst());
  if (!src || !dst)
    return failure();
  if (!op.getGlobal()) {
    // Local to local: element-wise in row-major order (a reshape if the
    // shapes differ but the sizes agree).
    if (src->numElements() != dst->numElements())
      return op.emitOpError()
             << "expected local buffers of equal size but got "
             << src->numElements() << " and " << dst->numElements()
             << " elements";
    std::vector<double> scratch;
    dst->storeRow(0, src->values(scratch), src->numElements());
    return success();
  }

  bool load = op.isLoad();
  Buffer *globalBuf = load ? src : dst;
  Buffer &local = load ? *dst : *src;
  ValueRange offsetValues = op.getGlobalOffsets();
  int64_t grank = globalBuf->shape.size(), lrank = local.shape.size();
  if (int64_t(offsetValues.size()) != grank)
    return op.emitOpError() << "expected " << grank
                            << " offsets (one per global dimension) but got "
                            << offsetValues.size();
  if (lrank > grank)
    return op.emitOpError() << "expected the local buffer's rank (" << lrank
                            << ") to be at most the global tensor's ("
                            << grank << ")";
  SmallVector<int64_t> offsets;
  for (Value v : offsetValues)
    offsets.push_back(getInt(v));
  // A window over dims other than the trailing ones (window_dims) is the
  // plain contract on a view of the tensor whose dims are reordered to put
  // the spanned ones last: the same order InferTTLayout gives the device
  // tensor, but here only strides move, the data stays where it is.
  Buffer view;
  if (op.getWindowDims()) {
    SmallVector<int64_t> spanned = op.getSpannedDims(), order;
    for (int64_t d = 0; d < grank; ++d)
      if (!llvm::is_contained(spanned, d))
        order.push_back(d);
    order.append(spanned);
    view = *globalBuf;
    SmallVector<int64_t> permutedOffsets;
    for (auto [i, d] : llvm::enumerate(order)) {
      view.shape[i] = globalBuf->shape[d];
      view.strides[i] = globalBuf->strides[d];
      permutedOffsets.push_back(offsets[d]);
    }
    offsets = std::move(permutedOffsets);
    globalBuf = &view;
  }
  Buffer &global = *globalBuf;
  int64_t lead = grank - lrank;
  if (local.numElements() == 0)
    return success();

  // copyRows walks rows of unit stride.
  if (lrank > 0 && global.strides.back() == 1)
    return copyRows(global, local, offsets, load);
  SmallVector<int64_t> index(lrank, 0);
  int64_t localLinear = 0;
  do {
    // Global position: leading dims have extent 1, at their offsets.
    int64_t globalLinear = 0;
    bool inRange = true;
    for (int64_t d = 0; d < grank; ++d) {
      int64_t g = offsets[d] + (d < lead ? 0 : index[d - lead]);
      if (g < 0 || g >= global.shape[d]) {
        inRange = false;
        break;
      }
      globalLinear += g * global.strides[d];
    }
    if (load)
      local.store(localLinear, inRange ? global.load(globalLinear) : 0.0);
    else if (inRange)
      global.store(globalLinear, local.load(localLinear));
    ++localLinear;
  } while (nextIndex(index, local.shape));
  return success();
}

LogicalResult Interpreter::copyRows(Buffer &global, Buffer &local,
                                    ArrayRef<int64_t> offsets, bool load) {
  // Row by row along the innermost local dimension: an outer position
  // either lies in the global tensor or not, and an inner row's in-range
  // part is one interval. Same values as the element-wise walk.
  int64_t grank = global.shape.size(), lrank = local.shape.size();
  int64_t lead = grank - lrank, rowLen = local.shape.back();
  int64_t g0 = offsets.back(), gExtent = global.shape.back();
  int64_t lo = std::clamp<int64_t>(-g0, 0, rowLen);
  int64_t hi = std::clamp<int64_t>(gExtent - g0, lo, rowLen);
  ArrayRef<int64_t> outerShape = ArrayRef<int64_t>(local.shape).drop_back();
  SmallVector<int64_t> index(lrank - 1, 0);
  int64_t localLinear = 0;
  do {
    int64_t globalLinear = 0;
    bool inRange = true;
    for (int64_t d = 0; d + 1 < grank; ++d) {
      int64_t g = offsets[d] + (d < lead ? 0 : index[d - lead]);
      if (g < 0 || g >= global.shape[d]) {
        inRange = false;
        break;
      }
      globalLinear += g * global.strides[d];
    }
    globalLinear += g0; // innermost stride is 1
    if (load) {
      double *row = local.data + localLinear;
      if (!inRange) {
        std::fill_n(row, rowLen, local.rounded(0.0));
      } else {
        std::fill(row, row + lo, local.rounded(0.0));
        if (global.data) {
          local.storeRow(localLinear + lo, global.data + globalLinear + lo,
                         hi - lo);
        } else {
          for (int64_t i = lo; i < hi; ++i)
            local.store(localLinear + i, global.load(globalLinear + i));
        }
        std::fill(row + hi, row + rowLen, local.rounded(0.0));
      }
    } else if (inRange) {
      global.storeRow(globalLinear + lo, local.data + localLinear + lo,
                      hi - lo);
    }
    localLinear += rowLen;
  } while (nextIndex(index, outerShape));
  return success();
}

LogicalResult Interpreter::execGemm(tl::GemmOp op) {
  Buffer *a = lookupBuffer(op, op.getA());
  Buffer *b = lookupBuffer(op, op.getB());
  Buffer *c = lookupBuffer(op, op.getC());
  if (!a || !b || !c)
    return failure();
  if (a->shape.size() != 2 || b->shape.size() != 2 || c->shape.size() != 2)
    return op.emitOpError() << "expected 2-D operands";
  bool ta = op.getTransposeA(), tb = op.getTransposeB();
  int64_t m = c->shape[0], n = c->shape[1];
  int64_t k = ta ? a->shape[0] : a->shape[1];
  if ((ta ? a->shape[1] : a->shape[0]) != m ||
      (tb ? b->shape[1] : b->shape[0]) != k ||
      (tb ? b->shape[0] : b->shape[1]) != n)
    return op.emitOpError() << "expected operand shapes to agree (M=" << m
                            << ", N=" << n << ", K=" << k << ")";
  // Every C element sums its products in increasing k, each rounded
  // before the add: the fp64 value of the dot product, blocked and
  // vectorised (RefKernels.h).
  std::vector<double> aScratch, bScratch;
  const double *aValues = a->values(aScratch), *bValues = b->values(bScratch);
  if (!c->global) {
    ref::gemm(aValues, bValues, c->data, m, n, k, ta, tb, op.getClearAccum());
    return success();
  }
  // A global accumulator rounds at the store, once per element.
  std::vector<double> acc(m * n);
  c->loadRow(0, acc.data(), m * n);
  ref::gemm(aValues, bValues, acc.data(), m, n, k, ta, tb, op.getClearAccum());
  c->storeRow(0, acc.data(), m * n);
  return success();
}

LogicalResult Interpreter::execReduce(tl::ReduceOp op) {
  Buffer *src = lookupBuffer(op, op.getSrc());
  Buffer *dst = lookupBuffer(op, op.getDst());
  if (!src || !dst)
    return failure();
  int64_t dim = op.getDim();
  int64_t rank = src->shape.size();
  if (dim < 0 || dim >= rank)
    return op.emitOpError() << "expected dim in [0, " << rank << ") but got "
                            << dim;
  if (dst->numElements() * src->shape[dim] != src->numElements())
    return op.emitOpError() << "expected the destination to hold "
                            << src->numElements() / std::max<int64_t>(
                                                         src->shape[dim], 1)
                            << " elements but got " << dst->numElements();
  tl::ReduceKind kind = op.getKind();
  auto combine = [&](double x, double y) {
    switch (kind) {
    case tl::ReduceKind::Sum:
      return x + y;
    case tl::ReduceKind::Max:
      return std::max(x, y);
    case tl::ReduceKind::Min:
      return std::min(x, y);
    }
    return x;
  };
  double identity = kind == tl::ReduceKind::Sum ? 0.0
                    : kind == tl::ReduceKind::Max
                        ? -std::numeric_limits<double>::infinity()
                        : std::numeric_limits<double>::infinity();
  // The destination is the source without `dim`, row-major: outer x inner.
  int64_t outer = 1, inner = 1, extent = src->shape[dim];
  for (int64_t d = 0; d < dim; ++d)
    outer *= src->shape[d];
  for (int64_t d = dim + 1; d < rank; ++d)
    inner *= src->shape[d];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t in = 0; in < inner; ++in) {
      double acc = identity;
      for (int64_t e = 0; e < extent; ++e)
        acc = combine(acc, src->load((o * extent + e) * inner + in));
      int64_t out = o * inner + in;
      dst->store(out, op.getClear() ? acc : combine(dst->load(out), acc));
    }
  return success();
}

LogicalResult
mlir::tilett::runner::interpretKernel(func::FuncOp kernel,
                                      MutableArrayRef<HostTensor> args,
                                      unsigned threads) {
  Interpreter interpreter(threads);
  return interpreter.run(kernel, args);
}

