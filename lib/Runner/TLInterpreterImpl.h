//===- TLInterpreterImpl.h - Internals of the tl reference interpreter ---===//
//
// Shared by TLInterpreter.cpp (kernels, grid, tile ops) and
// TLInterpreterScalar.cpp (arith, math, scf, memref), split only to keep
// each file readable. Not installed: nothing outside lib/Runner uses it.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_LIB_RUNNER_TLINTERPRETERIMPL_H
#define TILETT_LIB_RUNNER_TLINTERPRETERIMPL_H

#include "tilett/Runner/HostTensor.h"
#include "tilett/Runner/RefKernels.h"
#include "tilett/Runner/TLInterpreter.h"

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <vector>

namespace mlir::tilett::runner::detail {


/// Sign-extends the low `width` bits of `v` (the value of an iN).
inline int64_t wrapSigned(int64_t v, unsigned width) {
  if (width >= 64)
    return v;
  uint64_t mask = (uint64_t(1) << width) - 1;
  uint64_t u = uint64_t(v) & mask;
  if (u >> (width - 1))
    u |= ~mask;
  return int64_t(u);
}

/// Zero-extends the low `width` bits of `v`.
inline uint64_t wrapUnsigned(int64_t v, unsigned width) {
  if (width >= 64)
    return uint64_t(v);
  return uint64_t(v) & ((uint64_t(1) << width) - 1);
}

inline unsigned intWidth(Type type) {
  if (auto intTy = dyn_cast<IntegerType>(type))
    return intTy.getWidth();
  return 64; // index
}


/// An interpreted SSA scalar: `f` for float types, `i` for integer and index.
struct Scalar {
  double f = 0.0;
  int64_t i = 0;
};

/// How a store to a global buffer rounds, decided once per buffer: the
/// type dispatch of roundToElementType() per element was a visible part of
/// large copies.
enum class Rounding { None, F32, BF16, F16, Other };

inline Rounding roundingOf(Type type) {
  if (type.isF64())
    return Rounding::None;
  if (type.isF32())
    return Rounding::F32;
  if (type.isBF16())
    return Rounding::BF16;
  if (type.isF16())
    return Rounding::F16;
  return Rounding::Other;
}

/// A dense row-major buffer: doubles for locals and F64 globals (`data`),
/// or a global host tensor of a narrower kind read and written in place
/// (`host`, `data` null), so the reference keeps no fp64 copy of a large
/// tensor. Every access goes through load/store, and whole-buffer
/// operations through values().
struct Buffer {
  SmallVector<int64_t> shape;
  SmallVector<int64_t> strides;
  double *data = nullptr;
  HostTensor *host = nullptr;
  Type elementType;
  bool global = false;
  Rounding rounding = Rounding::None;

  void makeGlobal() {
    global = true;
    rounding = roundingOf(elementType);
  }

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
  /// `v` as stored: rounded to the element type when the buffer is global.
  double rounded(double v) const {
    switch (rounding) {
    case Rounding::None:
      return v;
    case Rounding::F32:
      return double(static_cast<float>(v));
    case Rounding::BF16:
      return ref::roundToBF16(v);
    case Rounding::F16:
      return ref::roundToF16(v);
    case Rounding::Other:
      return roundToElementType(v, elementType);
    }
    return v;
  }
  double load(int64_t linear) const {
    return data ? data[linear] : host->get(linear);
  }
  /// Copies `n` values from `linear` on into `dst`.
  void loadRow(int64_t linear, double *dst, int64_t n) const {
    if (data) {
      std::copy(data + linear, data + linear + n, dst);
      return;
    }
    for (int64_t i = 0; i < n; ++i)
      dst[i] = host->get(linear + i);
  }
  /// Every value, row-major: `data` itself, or a copy in `scratch`.
  const double *values(std::vector<double> &scratch) const {
    if (data)
      return data;
    scratch.resize(numElements());
    loadRow(0, scratch.data(), numElements());
    return scratch.data();
  }
  /// Stores `v`, rounding it to the element type when the buffer is global.
  void store(int64_t linear, double v) {
    if (data)
      data[linear] = rounded(v);
    else
      host->set(linear, rounded(v));
  }
  /// Stores `n` values from `src` at `linear` on.
  void storeRow(int64_t linear, const double *src, int64_t n) {
    if (data && rounding == Rounding::None) {
      std::copy(src, src + n, data + linear);
      return;
    }
    for (int64_t i = 0; i < n; ++i)
      store(linear + i, src[i]);
  }
  /// Stores `v` (rounded) everywhere.
  void fill(double v) {
    double r = rounded(v);
    if (data) {
      std::fill_n(data, numElements(), r);
      return;
    }
    for (int64_t i = 0, e = numElements(); i < e; ++i)
      host->set(i, r);
  }
};

/// Advances a row-major multi-index over `shape`; false once it wraps.
inline bool nextIndex(MutableArrayRef<int64_t> index, ArrayRef<int64_t> shape) {
  for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
    if (++index[d] < shape[d])
      return true;
    index[d] = 0;
  }
  return false;
}

/// A tl.parallel body compiled to a flat op list (TLParallel.cpp).
struct ParallelProgram;

class Interpreter {
public:
  // Out of line, where ParallelProgram is complete.
  explicit Interpreter(unsigned threads);
  Interpreter(Interpreter &&);
  ~Interpreter();
  LogicalResult run(func::FuncOp func, MutableArrayRef<HostTensor> args);

private:
  /// A copy for another host thread: the same scalars and buffers so far
  /// (globals shared), its own block-local storage.
  Interpreter fork() const;
  LogicalResult execKernelSerial(tl::KernelOp kernel);
  LogicalResult execKernelParallel(tl::KernelOp kernel, int64_t numBlocks,
                                   unsigned numThreads);
  /// Runs the block of linear number `id` (grid dimension 0 fastest).
  LogicalResult execGridBlock(tl::KernelOp kernel, int64_t id);

  LogicalResult execBlock(Block &block, SmallVectorImpl<Scalar> *yielded);
  LogicalResult exec(Operation *op);
  LogicalResult execKernel(tl::KernelOp kernel);
  LogicalResult execCopy(tl::CopyOp op);
  LogicalResult copyRows(Buffer &global, Buffer &local,
                         ArrayRef<int64_t> offsets, bool load);
  LogicalResult execGemm(tl::GemmOp op);
  LogicalResult execParallel(tl::ParallelOp op);
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

  unsigned threads;
  DenseMap<Value, Scalar> scalars;
  /// Compiled tl.parallel bodies; null for a body that needs the IR walk.
  DenseMap<Operation *, std::unique_ptr<ParallelProgram>> programs;
  DenseMap<Value, Buffer *> buffers;
  std::deque<Buffer> globalBuffers;
  // Block-local storage, released after every block of the grid.
  std::deque<Buffer> localBuffers;
  std::deque<std::vector<double>> localStorage;
};

} // namespace mlir::tilett::runner::detail

#endif // TILETT_LIB_RUNNER_TLINTERPRETERIMPL_H
