//===- TLInterpreter.cpp - Reference interpreter of the tl dialect --------===//
//
// A tree-walking interpreter: scalars (index, integers, floats) live in a
// value map, buffers are dense row-major arrays of doubles. Global buffers
// alias the caller's host tensors; block-local buffers are allocated afresh
// (zeroed) for every block. See TLInterpreter.h for the rounding model.
//
//===----------------------------------------------------------------------===//

#include "tilett/Runner/TLInterpreter.h"

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/TypeSwitch.h"

#include <vector>
#include <cmath>
#include <deque>
#include <limits>

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::runner;

/// Sign-extends the low `width` bits of `v` (the value of an iN).
static int64_t wrapSigned(int64_t v, unsigned width) {
  if (width >= 64)
    return v;
  uint64_t mask = (uint64_t(1) << width) - 1;
  uint64_t u = uint64_t(v) & mask;
  if (u >> (width - 1))
    u |= ~mask;
  return int64_t(u);
}

/// Zero-extends the low `width` bits of `v`.
static uint64_t wrapUnsigned(int64_t v, unsigned width) {
  if (width >= 64)
    return uint64_t(v);
  return uint64_t(v) & ((uint64_t(1) << width) - 1);
}

static unsigned intWidth(Type type) {
  if (auto intTy = dyn_cast<IntegerType>(type))
    return intTy.getWidth();
  return 64; // index
}

double mlir::tilett::runner::roundToElementType(double value,
                                                Type elementType) {
  if (elementType.isF64())
    return value;
  if (elementType.isF32())
    return double(static_cast<float>(value));
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

namespace {

/// An interpreted SSA scalar: `f` for float types, `i` for integer and index.
struct Scalar {
  double f = 0.0;
  int64_t i = 0;
};

/// A dense row-major buffer of doubles.
struct Buffer {
  SmallVector<int64_t> shape;
  SmallVector<int64_t> strides;
  double *data = nullptr;
  Type elementType;
  bool global = false;

  void init(ArrayRef<int64_t> s) {
    shape.assign(s.begin(), s.end());
    strides.assign(s.size(), 1);
    for (int64_t d = int64_t(s.size()) - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * s[d + 1];
  }
  int64_t numElements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
  /// Stores `v`, rounding it to the element type when the buffer is global.
  void store(int64_t linear, double v) {
    data[linear] = global ? roundToElementType(v, elementType) : v;
  }
};

/// Advances a row-major multi-index over `shape`; false once it wraps.
static bool nextIndex(MutableArrayRef<int64_t> index, ArrayRef<int64_t> shape) {
  for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
    if (++index[d] < shape[d])
      return true;
    index[d] = 0;
  }
  return false;
}

class Interpreter {
public:
  LogicalResult run(func::FuncOp func, MutableArrayRef<HostTensor> args);

private:
  LogicalResult execBlock(Block &block, SmallVectorImpl<Scalar> *yielded);
  LogicalResult exec(Operation *op);
  LogicalResult execKernel(tl::KernelOp kernel);
  LogicalResult execCopy(tl::CopyOp op);
  LogicalResult execGemm(tl::GemmOp op);
  LogicalResult execReduce(tl::ReduceOp op);
  LogicalResult execArith(Operation *op, bool &handled);
  LogicalResult execMath(Operation *op, bool &handled);
  LogicalResult execScf(Operation *op, bool &handled);
  LogicalResult execMemRef(Operation *op, bool &handled);

  /// Linear index of `indices` into `buf`, or failure (with a diagnostic at
  /// `op`) when out of bounds.
  FailureOr<int64_t> linearIndex(Operation *op, Buffer &buf,
                                 ValueRange indices);

  Buffer *lookupBuffer(Operation *op, Value v) {
    auto it = buffers.find(v);
    if (it != buffers.end())
      return it->second;
    op->emitOpError() << "expected a buffer the interpreter allocated but got "
                         "an unknown memref value";
    return nullptr;
  }
  Scalar &get(Value v) { return scalars[v]; }
  int64_t getInt(Value v) { return scalars[v].i; }
  double getFloat(Value v) { return scalars[v].f; }
  void setInt(Value v, int64_t x) {
    scalars[v].i = wrapSigned(x, intWidth(v.getType()));
  }
  void setFloat(Value v, double x) { scalars[v].f = x; }

  DenseMap<Value, Scalar> scalars;
  DenseMap<Value, Buffer *> buffers;
  std::deque<Buffer> globalBuffers;
  // Block-local storage, released after every block of the grid.
  std::deque<Buffer> localBuffers;
  std::deque<std::vector<double>> localStorage;
};

} // namespace

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
        int64_t(t.data.size()) != type.getNumElements())
      return func.emitOpError()
             << "expected host tensor " << index << " to have the shape of "
             << type << " (" << type.getNumElements() << " elements) but got "
             << t.data.size() << " elements";
    Buffer &buf = globalBuffers.emplace_back();
    buf.init(type.getShape());
    buf.data = t.data.data();
    buf.elementType = type.getElementType();
    buf.global = true;
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
  auto indices = kernel.getBlockIndices();
  SmallVector<int64_t> block(grid.size(), 0);
  if (llvm::any_of(grid, [](int64_t g) { return g <= 0; }))
    return success();
  do {
    // Grid dimension 0 is bx; iterate it fastest as a GPU would number blocks.
    for (auto [arg, value] : llvm::zip(indices, block))
      setInt(arg, value);
    LogicalResult result = execBlock(kernel.getBody().front(), nullptr);
    localBuffers.clear();
    localStorage.clear();
    if (failed(result))
      return failure();
    int64_t d = 0;
    for (; d < int64_t(grid.size()); ++d) {
      if (++block[d] < grid[d])
        break;
      block[d] = 0;
    }
    if (d == int64_t(grid.size()))
      break;
  } while (true);
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
    for (int64_t i = 0, e = buf->numElements(); i < e; ++i)
      buf->store(i, value);
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
  if (auto par = dyn_cast<tl::ParallelOp>(op)) {
    ArrayRef<int64_t> extents = par.getExtents();
    if (llvm::any_of(extents, [](int64_t e) { return e <= 0; }))
      return success();
    SmallVector<int64_t> index(extents.size(), 0);
    do {
      for (auto [arg, value] : llvm::zip(par.getIndices(), index))
        setInt(arg, value);
      if (failed(execBlock(par.getBody().front(), nullptr)))
        return failure();
    } while (nextIndex(index, extents));
    return success();
  }

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
    for (int64_t i = 0, e = src->numElements(); i < e; ++i)
      dst->store(i, src->data[i]);
    return success();
  }

  bool load = op.isLoad();
  Buffer &global = load ? *src : *dst;
  Buffer &local = load ? *dst : *src;
  ValueRange offsetValues = op.getGlobalOffsets();
  int64_t grank = global.shape.size(), lrank = local.shape.size();
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
  int64_t lead = grank - lrank;
  if (local.numElements() == 0)
    return success();

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
      local.store(localLinear, inRange ? global.data[globalLinear] : 0.0);
    else if (inRange)
      global.store(globalLinear, local.data[localLinear]);
    ++localLinear;
  } while (nextIndex(index, local.shape));
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
  // Row by row, k outer and j inner: every C element still sums its
  // products in increasing k (the same fp64 result as a dot product per
  // element), but B is read along its rows and the j loop vectorises. This
  // is the reference check of `tilett run`, which must not dominate it.
  const double *ad = a->data, *bd = b->data;
  std::vector<double> acc(n), bt;
  if (tb) { // B^T is read as B: transpose it once.
    bt.resize(k * n);
    for (int64_t j = 0; j < n; ++j)
      for (int64_t kk = 0; kk < k; ++kk)
        bt[kk * n + j] = bd[j * k + kk];
    bd = bt.data();
  }
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j)
      acc[j] = op.getClearAccum() ? 0.0 : c->data[i * n + j];
    for (int64_t kk = 0; kk < k; ++kk) {
      double av = ta ? ad[kk * m + i] : ad[i * k + kk];
      const double *brow = bd + kk * n;
      for (int64_t j = 0; j < n; ++j)
        acc[j] += av * brow[j];
    }
    for (int64_t j = 0; j < n; ++j)
      c->store(i * n + j, acc[j]);
  }
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
        acc = combine(acc, src->data[(o * extent + e) * inner + in]);
      int64_t out = o * inner + in;
      dst->store(out, op.getClear() ? acc : combine(dst->data[out], acc));
    }
  return success();
}

//===----------------------------------------------------------------------===//
// Upstream ops
//===----------------------------------------------------------------------===//

LogicalResult Interpreter::execArith(Operation *op, bool &handled) {
  handled = true;
  auto binInt = [&](auto fn) {
    setInt(op->getResult(0),
           fn(getInt(op->getOperand(0)), getInt(op->getOperand(1))));
    return success();
  };
  auto binUInt = [&](auto fn) {
    unsigned w = intWidth(op->getResult(0).getType());
    uint64_t x = wrapUnsigned(getInt(op->getOperand(0)), w);
    uint64_t y = wrapUnsigned(getInt(op->getOperand(1)), w);
    setInt(op->getResult(0), int64_t(fn(x, y)));
    return success();
  };
  auto binFloat = [&](auto fn) {
    setFloat(op->getResult(0),
             fn(getFloat(op->getOperand(0)), getFloat(op->getOperand(1))));
    return success();
  };
  auto divByZero = [&]() {
    return op->emitOpError() << "divides by zero";
  };
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](arith::ConstantOp c) -> LogicalResult {
        Attribute value = c.getValue();
        if (auto i = dyn_cast<IntegerAttr>(value)) {
          setInt(c.getResult(), i.getValue().getSExtValue());
          return success();
        }
        if (auto f = dyn_cast<FloatAttr>(value)) {
          setFloat(c.getResult(), f.getValueAsDouble());
          return success();
        }
        return op->emitOpError() << "expected a scalar constant but got "
                                 << value;
      })
      .Case([&](arith::AddIOp) { return binInt(std::plus<int64_t>()); })
      .Case([&](arith::SubIOp) { return binInt(std::minus<int64_t>()); })
      .Case([&](arith::MulIOp) { return binInt(std::multiplies<int64_t>()); })
      .Case([&](arith::DivSIOp) -> LogicalResult {
        if (getInt(op->getOperand(1)) == 0)
          return divByZero();
        return binInt(std::divides<int64_t>());
      })
      .Case([&](arith::RemSIOp) -> LogicalResult {
        if (getInt(op->getOperand(1)) == 0)
          return divByZero();
        return binInt(std::modulus<int64_t>());
      })
      .Case([&](arith::DivUIOp) -> LogicalResult {
        if (getInt(op->getOperand(1)) == 0)
          return divByZero();
        return binUInt(std::divides<uint64_t>());
      })
      .Case([&](arith::RemUIOp) -> LogicalResult {
        if (getInt(op->getOperand(1)) == 0)
          return divByZero();
        return binUInt(std::modulus<uint64_t>());
      })
      .Case([&](arith::FloorDivSIOp) -> LogicalResult {
        if (getInt(op->getOperand(1)) == 0)
          return divByZero();
        return binInt([](int64_t x, int64_t y) {
          int64_t q = x / y;
          return (x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q;
        });
      })
      .Case([&](arith::CeilDivSIOp) -> LogicalResult {
        if (getInt(op->getOperand(1)) == 0)
          return divByZero();
        return binInt([](int64_t x, int64_t y) {
          int64_t q = x / y;
          return (x % y != 0 && ((x < 0) == (y < 0))) ? q + 1 : q;
        });
      })
      .Case([&](arith::CeilDivUIOp) -> LogicalResult {
        if (getInt(op->getOperand(1)) == 0)
          return divByZero();
        return binUInt([](uint64_t x, uint64_t y) { return (x + y - 1) / y; });
      })
      .Case([&](arith::MinSIOp) {
        return binInt([](int64_t x, int64_t y) { return std::min(x, y); });
      })
      .Case([&](arith::MaxSIOp) {
        return binInt([](int64_t x, int64_t y) { return std::max(x, y); });
      })
      .Case([&](arith::MinUIOp) {
        return binUInt([](uint64_t x, uint64_t y) { return std::min(x, y); });
      })
      .Case([&](arith::MaxUIOp) {
        return binUInt([](uint64_t x, uint64_t y) { return std::max(x, y); });
      })
      .Case([&](arith::AndIOp) { return binInt(std::bit_and<int64_t>()); })
      .Case([&](arith::OrIOp) { return binInt(std::bit_or<int64_t>()); })
      .Case([&](arith::XOrIOp) { return binInt(std::bit_xor<int64_t>()); })
      .Case([&](arith::ShLIOp) {
        return binUInt([](uint64_t x, uint64_t y) { return y >= 64 ? 0 : x << y; });
      })
      .Case([&](arith::ShRUIOp) {
        return binUInt([](uint64_t x, uint64_t y) { return y >= 64 ? 0 : x >> y; });
      })
      .Case([&](arith::ShRSIOp) {
        return binInt([](int64_t x, int64_t y) { return x >> std::min<int64_t>(y, 63); });
      })
      .Case<arith::IndexCastOp, arith::ExtSIOp, arith::TruncIOp>(
          [&](Operation *) {
            setInt(op->getResult(0), getInt(op->getOperand(0)));
            return success();
          })
      .Case<arith::IndexCastUIOp, arith::ExtUIOp>([&](Operation *) {
        setInt(op->getResult(0),
               int64_t(wrapUnsigned(getInt(op->getOperand(0)),
                                    intWidth(op->getOperand(0).getType()))));
        return success();
      })
      .Case([&](arith::CmpIOp cmp) {
        unsigned w = intWidth(cmp.getLhs().getType());
        int64_t x = getInt(cmp.getLhs()), y = getInt(cmp.getRhs());
        uint64_t ux = wrapUnsigned(x, w), uy = wrapUnsigned(y, w);
        bool r = false;
        switch (cmp.getPredicate()) {
        case arith::CmpIPredicate::eq: r = x == y; break;
        case arith::CmpIPredicate::ne: r = x != y; break;
        case arith::CmpIPredicate::slt: r = x < y; break;
        case arith::CmpIPredicate::sle: r = x <= y; break;
        case arith::CmpIPredicate::sgt: r = x > y; break;
        case arith::CmpIPredicate::sge: r = x >= y; break;
        case arith::CmpIPredicate::ult: r = ux < uy; break;
        case arith::CmpIPredicate::ule: r = ux <= uy; break;
        case arith::CmpIPredicate::ugt: r = ux > uy; break;
        case arith::CmpIPredicate::uge: r = ux >= uy; break;
        }
        get(cmp.getResult()).i = r;
        return success();
      })
      .Case([&](arith::CmpFOp cmp) {
        double x = getFloat(cmp.getLhs()), y = getFloat(cmp.getRhs());
        bool unordered = std::isnan(x) || std::isnan(y);
        bool r = false;
        using P = arith::CmpFPredicate;
        switch (cmp.getPredicate()) {
        case P::AlwaysFalse: r = false; break;
        case P::AlwaysTrue: r = true; break;
        case P::OEQ: r = !unordered && x == y; break;
        case P::OGT: r = !unordered && x > y; break;
        case P::OGE: r = !unordered && x >= y; break;
        case P::OLT: r = !unordered && x < y; break;
        case P::OLE: r = !unordered && x <= y; break;
        case P::ONE: r = !unordered && x != y; break;
        case P::ORD: r = !unordered; break;
        case P::UEQ: r = unordered || x == y; break;
        case P::UGT: r = unordered || x > y; break;
        case P::UGE: r = unordered || x >= y; break;
        case P::ULT: r = unordered || x < y; break;
        case P::ULE: r = unordered || x <= y; break;
        case P::UNE: r = unordered || x != y; break;
        case P::UNO: r = unordered; break;
        }
        get(cmp.getResult()).i = r;
        return success();
      })
      .Case([&](arith::SelectOp sel) -> LogicalResult {
        if (!sel.getCondition().getType().isInteger(1))
          return op->emitOpError() << "expected a scalar condition but got "
                                   << sel.getCondition().getType();
        get(sel.getResult()) = getInt(sel.getCondition())
                                   ? get(sel.getTrueValue())
                                   : get(sel.getFalseValue());
        return success();
      })
      .Case([&](arith::AddFOp) { return binFloat(std::plus<double>()); })
      .Case([&](arith::SubFOp) { return binFloat(std::minus<double>()); })
      .Case([&](arith::MulFOp) { return binFloat(std::multiplies<double>()); })
      .Case([&](arith::DivFOp) { return binFloat(std::divides<double>()); })
      .Case([&](arith::RemFOp) {
        return binFloat([](double x, double y) { return std::fmod(x, y); });
      })
      .Case([&](arith::MaximumFOp) {
        return binFloat([](double x, double y) {
          return std::isnan(x) || std::isnan(y) ? NAN : std::max(x, y);
        });
      })
      .Case([&](arith::MinimumFOp) {
        return binFloat([](double x, double y) {
          return std::isnan(x) || std::isnan(y) ? NAN : std::min(x, y);
        });
      })
      .Case([&](arith::MaxNumFOp) {
        return binFloat([](double x, double y) { return std::fmax(x, y); });
      })
      .Case([&](arith::MinNumFOp) {
        return binFloat([](double x, double y) { return std::fmin(x, y); });
      })
      .Case([&](arith::NegFOp) {
        setFloat(op->getResult(0), -getFloat(op->getOperand(0)));
        return success();
      })
      // Float conversions keep fp64: the reference rounds only at global
      // stores.
      .Case<arith::ExtFOp, arith::TruncFOp>([&](Operation *) {
        setFloat(op->getResult(0), getFloat(op->getOperand(0)));
        return success();
      })
      .Case([&](arith::SIToFPOp) {
        setFloat(op->getResult(0), double(getInt(op->getOperand(0))));
        return success();
      })
      .Case([&](arith::UIToFPOp) {
        setFloat(op->getResult(0),
                 double(wrapUnsigned(getInt(op->getOperand(0)),
                                     intWidth(op->getOperand(0).getType()))));
        return success();
      })
      .Case<arith::FPToSIOp, arith::FPToUIOp>([&](Operation *) {
        double v = getFloat(op->getOperand(0));
        setInt(op->getResult(0), std::isfinite(v) ? int64_t(std::trunc(v)) : 0);
        return success();
      })
      .Default([&](Operation *) {
        handled = false;
        return success();
      });
}

LogicalResult Interpreter::execMath(Operation *op, bool &handled) {
  handled = true;
  auto unary = [&](double (*fn)(double)) {
    setFloat(op->getResult(0), fn(getFloat(op->getOperand(0))));
    return success();
  };
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](math::ExpOp) { return unary(std::exp); })
      .Case([&](math::Exp2Op) { return unary(std::exp2); })
      .Case([&](math::ExpM1Op) { return unary(std::expm1); })
      .Case([&](math::LogOp) { return unary(std::log); })
      .Case([&](math::Log2Op) { return unary(std::log2); })
      .Case([&](math::Log10Op) { return unary(std::log10); })
      .Case([&](math::Log1pOp) { return unary(std::log1p); })
      .Case([&](math::SqrtOp) { return unary(std::sqrt); })
      .Case([&](math::RsqrtOp) {
        return unary([](double x) { return 1.0 / std::sqrt(x); });
      })
      .Case([&](math::TanhOp) { return unary(std::tanh); })
      .Case([&](math::SinOp) { return unary(std::sin); })
      .Case([&](math::CosOp) { return unary(std::cos); })
      .Case([&](math::TanOp) { return unary(std::tan); })
      .Case([&](math::AtanOp) { return unary(std::atan); })
      .Case([&](math::ErfOp) { return unary(std::erf); })
      .Case([&](math::AbsFOp) { return unary(std::fabs); })
      .Case([&](math::FloorOp) { return unary(std::floor); })
      .Case([&](math::CeilOp) { return unary(std::ceil); })
      .Case([&](math::RoundOp) { return unary(std::round); })
      .Case([&](math::TruncOp) { return unary(std::trunc); })
      .Case([&](math::PowFOp) {
        setFloat(op->getResult(0),
                 std::pow(getFloat(op->getOperand(0)),
                          getFloat(op->getOperand(1))));
        return success();
      })
      .Case([&](math::Atan2Op) {
        setFloat(op->getResult(0),
                 std::atan2(getFloat(op->getOperand(0)),
                            getFloat(op->getOperand(1))));
        return success();
      })
      .Case([&](math::FmaOp) {
        setFloat(op->getResult(0), std::fma(getFloat(op->getOperand(0)),
                                            getFloat(op->getOperand(1)),
                                            getFloat(op->getOperand(2))));
        return success();
      })
      .Case([&](math::AbsIOp) {
        setInt(op->getResult(0), std::llabs(getInt(op->getOperand(0))));
        return success();
      })
      .Default([&](Operation *) {
        handled = false;
        return success();
      });
}

LogicalResult Interpreter::execScf(Operation *op, bool &handled) {
  handled = true;
  if (auto loop = dyn_cast<scf::ForOp>(op)) {
    int64_t lb = getInt(loop.getLowerBound());
    int64_t ub = getInt(loop.getUpperBound());
    int64_t step = getInt(loop.getStep());
    if (step <= 0)
      return op->emitOpError() << "expected a positive step but got " << step;
    SmallVector<Scalar> carried;
    for (Value init : loop.getInitArgs())
      carried.push_back(get(init));
    Block &body = *loop.getBody();
    for (int64_t iv = lb; iv < ub; iv += step) {
      setInt(loop.getInductionVar(), iv);
      for (auto [arg, value] : llvm::zip(loop.getRegionIterArgs(), carried))
        get(arg) = value;
      SmallVector<Scalar> yielded;
      if (failed(execBlock(body, &yielded)))
        return failure();
      carried = std::move(yielded);
    }
    for (auto [result, value] : llvm::zip(loop.getResults(), carried))
      get(result) = value;
    return success();
  }
  if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
    Region &region =
        getInt(ifOp.getCondition()) ? ifOp.getThenRegion() : ifOp.getElseRegion();
    if (region.empty())
      return success();
    SmallVector<Scalar> yielded;
    if (failed(execBlock(region.front(), &yielded)))
      return failure();
    for (auto [result, value] : llvm::zip(ifOp.getResults(), yielded))
      get(result) = value;
    return success();
  }
  handled = false;
  return success();
}

FailureOr<int64_t> Interpreter::linearIndex(Operation *op, Buffer &buf,
                                            ValueRange indices) {
  if (indices.size() != buf.shape.size())
    return op->emitOpError() << "expected " << buf.shape.size()
                             << " indices but got " << indices.size();
  int64_t linear = 0;
  for (auto [d, v] : llvm::enumerate(indices)) {
    int64_t i = getInt(v);
    if (i < 0 || i >= buf.shape[d])
      return op->emitOpError() << "index " << i << " of dimension " << d
                               << " is out of bounds [0, " << buf.shape[d]
                               << ")";
    linear += i * buf.strides[d];
  }
  return linear;
}

LogicalResult Interpreter::execMemRef(Operation *op, bool &handled) {
  handled = true;
  if (auto load = dyn_cast<memref::LoadOp>(op)) {
    Buffer *buf = lookupBuffer(op, load.getMemRef());
    if (!buf)
      return failure();
    FailureOr<int64_t> linear = linearIndex(op, *buf, load.getIndices());
    if (failed(linear))
      return failure();
    double v = buf->data[*linear];
    if (isa<FloatType>(load.getType()))
      setFloat(load.getResult(), v);
    else
      setInt(load.getResult(), int64_t(v));
    return success();
  }
  if (auto store = dyn_cast<memref::StoreOp>(op)) {
    Buffer *buf = lookupBuffer(op, store.getMemRef());
    if (!buf)
      return failure();
    FailureOr<int64_t> linear = linearIndex(op, *buf, store.getIndices());
    if (failed(linear))
      return failure();
    Value v = store.getValueToStore();
    buf->store(*linear, isa<FloatType>(v.getType()) ? getFloat(v)
                                                    : double(getInt(v)));
    return success();
  }
  handled = false;
  return success();
}

LogicalResult
mlir::tilett::runner::interpretKernel(func::FuncOp kernel,
                                      MutableArrayRef<HostTensor> args) {
  Interpreter interpreter;
  return interpreter.run(kernel, args);
}
