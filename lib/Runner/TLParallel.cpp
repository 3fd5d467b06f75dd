//===- TLParallel.cpp - tl.parallel bodies as a compiled op list ----------===//
//
// A tl.parallel body runs once per element of its iteration space; walking
// the IR for each element (a DenseMap lookup per operand, a TypeSwitch per
// op) dominated element-wise kernels. A body made only of the common scalar
// ops is compiled once into a flat list of instructions over numbered slots
// and run element by element in the same order with the same fp64
// operations, so the results are those of the IR walk, bit for bit. Bodies
// with anything else (nested regions, rare ops) keep the IR walk, and so
// does an element whose access is out of bounds, to report it as before.
//
//===----------------------------------------------------------------------===//

#include "TLInterpreterImpl.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::runner;
using namespace mlir::tilett::runner::detail;

namespace mlir::tilett::runner::detail {

enum class PInst : uint8_t {
  AddF, SubF, MulF, DivF, MaximumF, MinimumF, MaxNumF, MinNumF, NegF,
  CopyF, CopyI, AddI, SubI, MulI, Select, CmpF, SIToFP, Unary, Fma, Load, Store
};

struct ParallelInst {
  PInst kind;
  uint8_t predicate = 0; // arith::CmpFPredicate
  uint16_t width = 64;   // of an integer result
  int32_t result = -1, a = -1, b = -1, c = -1;
  double (*unary)(double) = nullptr;
  int32_t buffer = -1, firstIndex = 0, numIndices = 0;
  bool floatValue = true; // load result / stored value is a float
};

struct ParallelProgram {
  std::vector<ParallelInst> insts;
  std::vector<int32_t> indexSlots; // operands of loads and stores
  SmallVector<Value> inputs;       // defined outside the body
  SmallVector<int32_t> inputSlots;
  SmallVector<std::pair<int32_t, Scalar>> constants;
  SmallVector<Value> bufferValues;
  SmallVector<int32_t> ivSlots;
  int32_t numSlots = 0;
};

} // namespace mlir::tilett::runner::detail

Interpreter::Interpreter(unsigned threads) : threads(threads) {}
Interpreter::Interpreter(Interpreter &&) = default;
Interpreter Interpreter::fork() const {
  Interpreter w(1);
  w.scalars = scalars;
  w.buffers = buffers;
  return w;
}
Interpreter::~Interpreter() = default;

static double rsqrt(double x) { return 1.0 / std::sqrt(x); }

/// The body of `par` compiled, or null when it has an op not handled here.
static std::unique_ptr<ParallelProgram> compileParallel(tl::ParallelOp par) {
  auto prog = std::make_unique<ParallelProgram>();
  DenseMap<Value, int32_t> slots;
  DenseMap<Value, int32_t> bufferIndex;
  for (Value iv : par.getIndices()) {
    slots[iv] = prog->numSlots;
    prog->ivSlots.push_back(prog->numSlots++);
  }
  auto slotOf = [&](Value v) {
    auto [it, inserted] = slots.try_emplace(v, prog->numSlots);
    if (inserted) { // defined before the body: read once per execution
      prog->inputs.push_back(v);
      prog->inputSlots.push_back(prog->numSlots++);
    }
    return it->second;
  };
  auto define = [&](Value v) {
    slots[v] = prog->numSlots;
    return prog->numSlots++;
  };
  auto bufferOf = [&](Value v) {
    auto [it, inserted] =
        bufferIndex.try_emplace(v, int32_t(prog->bufferValues.size()));
    if (inserted)
      prog->bufferValues.push_back(v);
    return it->second;
  };
  for (Operation &op : par.getBody().front()) {
    if (op.getNumRegions())
      return nullptr;
    ParallelInst inst{PInst::AddF};
    auto binary = [&](PInst kind) {
      inst.kind = kind;
      inst.a = slotOf(op.getOperand(0));
      inst.b = slotOf(op.getOperand(1));
      return true;
    };
    auto unary = [&](PInst kind, double (*fn)(double) = nullptr) {
      inst.kind = kind;
      inst.unary = fn;
      inst.a = slotOf(op.getOperand(0));
      return true;
    };
    if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
      Scalar value;
      if (auto i = dyn_cast<IntegerAttr>(cst.getValue()))
        value.i = wrapSigned(i.getValue().getSExtValue(),
                             intWidth(cst.getType()));
      else if (auto f = dyn_cast<FloatAttr>(cst.getValue()))
        value.f = f.getValueAsDouble();
      else
        return nullptr;
      prog->constants.push_back({define(cst.getResult()), value});
      continue;
    }
    bool known =
        llvm::TypeSwitch<Operation *, bool>(&op)
            .Case([&](arith::AddFOp) { return binary(PInst::AddF); })
            .Case([&](arith::SubFOp) { return binary(PInst::SubF); })
            .Case([&](arith::MulFOp) { return binary(PInst::MulF); })
            .Case([&](arith::DivFOp) { return binary(PInst::DivF); })
            .Case([&](arith::MaximumFOp) { return binary(PInst::MaximumF); })
            .Case([&](arith::MinimumFOp) { return binary(PInst::MinimumF); })
            .Case([&](arith::MaxNumFOp) { return binary(PInst::MaxNumF); })
            .Case([&](arith::MinNumFOp) { return binary(PInst::MinNumF); })
            .Case([&](arith::NegFOp) { return unary(PInst::NegF); })
            .Case<arith::ExtFOp, arith::TruncFOp>(
                [&](Operation *) { return unary(PInst::CopyF); })
            .Case([&](arith::SIToFPOp) { return unary(PInst::SIToFP); })
            .Case<arith::IndexCastOp, arith::ExtSIOp, arith::TruncIOp>(
                [&](Operation *) { return unary(PInst::CopyI); })
            .Case([&](arith::AddIOp) { return binary(PInst::AddI); })
            .Case([&](arith::SubIOp) { return binary(PInst::SubI); })
            .Case([&](arith::MulIOp) { return binary(PInst::MulI); })
            .Case([&](arith::CmpFOp cmp) {
              inst.predicate = uint8_t(cmp.getPredicate());
              return binary(PInst::CmpF);
            })
            .Case([&](arith::SelectOp sel) {
              if (!sel.getCondition().getType().isInteger(1))
                return false;
              inst.kind = PInst::Select;
              inst.a = slotOf(sel.getCondition());
              inst.b = slotOf(sel.getTrueValue());
              inst.c = slotOf(sel.getFalseValue());
              return true;
            })
            .Case([&](math::ExpOp) { return unary(PInst::Unary, std::exp); })
            .Case([&](math::Exp2Op) { return unary(PInst::Unary, std::exp2); })
            .Case([&](math::LogOp) { return unary(PInst::Unary, std::log); })
            .Case([&](math::Log2Op) { return unary(PInst::Unary, std::log2); })
            .Case([&](math::SqrtOp) { return unary(PInst::Unary, std::sqrt); })
            .Case([&](math::RsqrtOp) { return unary(PInst::Unary, rsqrt); })
            .Case([&](math::TanhOp) { return unary(PInst::Unary, std::tanh); })
            .Case([&](math::AbsFOp) { return unary(PInst::Unary, std::fabs); })
            .Case([&](math::FmaOp) {
              inst.kind = PInst::Fma;
              inst.a = slotOf(op.getOperand(0));
              inst.b = slotOf(op.getOperand(1));
              inst.c = slotOf(op.getOperand(2));
              return true;
            })
            .Case([&](memref::LoadOp load) {
              inst.kind = PInst::Load;
              inst.buffer = bufferOf(load.getMemRef());
              inst.floatValue = isa<FloatType>(load.getType());
              inst.firstIndex = int32_t(prog->indexSlots.size());
              inst.numIndices = int32_t(load.getIndices().size());
              for (Value i : load.getIndices())
                prog->indexSlots.push_back(slotOf(i));
              return true;
            })
            .Case([&](memref::StoreOp store) {
              inst.kind = PInst::Store;
              inst.buffer = bufferOf(store.getMemRef());
              inst.a = slotOf(store.getValueToStore());
              inst.floatValue = isa<FloatType>(store.getValueToStore().getType());
              inst.firstIndex = int32_t(prog->indexSlots.size());
              inst.numIndices = int32_t(store.getIndices().size());
              for (Value i : store.getIndices())
                prog->indexSlots.push_back(slotOf(i));
              return true;
            })
            .Default([](Operation *) { return false; });
    if (!known)
      return nullptr;
    if (op.getNumResults() == 1) {
      inst.width = uint16_t(intWidth(op.getResult(0).getType()));
      inst.result = define(op.getResult(0));
    } else if (op.getNumResults() != 0) {
      return nullptr;
    }
    prog->insts.push_back(inst);
  }
  return prog;
}

static bool cmpF(arith::CmpFPredicate p, double x, double y) {
  bool unordered = std::isnan(x) || std::isnan(y);
  using P = arith::CmpFPredicate;
  switch (p) {
  case P::AlwaysFalse: return false;
  case P::AlwaysTrue: return true;
  case P::OEQ: return !unordered && x == y;
  case P::OGT: return !unordered && x > y;
  case P::OGE: return !unordered && x >= y;
  case P::OLT: return !unordered && x < y;
  case P::OLE: return !unordered && x <= y;
  case P::ONE: return !unordered && x != y;
  case P::ORD: return !unordered;
  case P::UEQ: return unordered || x == y;
  case P::UGT: return unordered || x > y;
  case P::UGE: return unordered || x >= y;
  case P::ULT: return unordered || x < y;
  case P::ULE: return unordered || x <= y;
  case P::UNE: return unordered || x != y;
  case P::UNO: return unordered;
  }
  return false;
}

LogicalResult Interpreter::execParallel(tl::ParallelOp par) {
  ArrayRef<int64_t> extents = par.getExtents();
  if (llvm::any_of(extents, [](int64_t e) { return e <= 0; }))
    return success();
  auto [it, inserted] = programs.try_emplace(par.getOperation());
  if (inserted)
    it->second = compileParallel(par);
  ParallelProgram *prog = it->second.get();
  SmallVector<int64_t> index(extents.size(), 0);
  auto slowElement = [&]() {
    for (auto [arg, value] : llvm::zip(par.getIndices(), index))
      setInt(arg, value);
    return execBlock(par.getBody().front(), nullptr);
  };
  if (!prog) {
    do {
      if (failed(slowElement()))
        return failure();
    } while (nextIndex(index, extents));
    return success();
  }

  std::vector<Scalar> s(std::max<int32_t>(prog->numSlots, 1));
  for (auto [v, slot] : llvm::zip(prog->inputs, prog->inputSlots))
    s[slot] = get(v);
  for (auto [slot, value] : prog->constants)
    s[slot] = value;
  SmallVector<Buffer *> bufs;
  for (Value v : prog->bufferValues) {
    Buffer *buf = lookupBuffer(par, v);
    if (!buf)
      return failure();
    bufs.push_back(buf);
  }
  const int32_t *indexSlots = prog->indexSlots.data();
  do {
    for (auto [slot, value] : llvm::zip(prog->ivSlots, index))
      s[slot].i = value;
    bool outOfBounds = false;
    for (const ParallelInst &in : prog->insts) {
      Scalar &r = in.result >= 0 ? s[in.result] : s[0];
      const Scalar &x = in.a >= 0 ? s[in.a] : s[0];
      const Scalar &y = in.b >= 0 ? s[in.b] : s[0];
      switch (in.kind) {
      case PInst::AddF: r.f = x.f + y.f; break;
      case PInst::SubF: r.f = x.f - y.f; break;
      case PInst::MulF: r.f = x.f * y.f; break;
      case PInst::DivF: r.f = x.f / y.f; break;
      case PInst::MaximumF:
        r.f = std::isnan(x.f) || std::isnan(y.f) ? NAN : std::max(x.f, y.f);
        break;
      case PInst::MinimumF:
        r.f = std::isnan(x.f) || std::isnan(y.f) ? NAN : std::min(x.f, y.f);
        break;
      case PInst::MaxNumF: r.f = std::fmax(x.f, y.f); break;
      case PInst::MinNumF: r.f = std::fmin(x.f, y.f); break;
      case PInst::NegF: r.f = -x.f; break;
      case PInst::CopyF: r.f = x.f; break;
      case PInst::SIToFP: r.f = double(x.i); break;
      case PInst::CopyI: r.i = wrapSigned(x.i, in.width); break;
      case PInst::AddI: r.i = wrapSigned(x.i + y.i, in.width); break;
      case PInst::SubI: r.i = wrapSigned(x.i - y.i, in.width); break;
      case PInst::MulI: r.i = wrapSigned(x.i * y.i, in.width); break;
      case PInst::CmpF:
        r.i = cmpF(arith::CmpFPredicate(in.predicate), x.f, y.f);
        break;
      case PInst::Select: r = x.i ? y : s[in.c]; break;
      case PInst::Unary: r.f = in.unary(x.f); break;
      case PInst::Fma: r.f = std::fma(x.f, y.f, s[in.c].f); break;
      case PInst::Load:
      case PInst::Store: {
        Buffer &buf = *bufs[in.buffer];
        if (int64_t(buf.shape.size()) != in.numIndices) {
          outOfBounds = true;
          break;
        }
        int64_t linear = 0;
        for (int32_t d = 0; d < in.numIndices; ++d) {
          int64_t i = s[indexSlots[in.firstIndex + d]].i;
          if (i < 0 || i >= buf.shape[d]) {
            outOfBounds = true;
            break;
          }
          linear += i * buf.strides[d];
        }
        if (outOfBounds)
          break;
        if (in.kind == PInst::Load) {
          double v = buf.load(linear);
          if (in.floatValue)
            r.f = v;
          else
            r.i = wrapSigned(int64_t(v), in.width);
        } else {
          buf.store(linear, in.floatValue ? x.f : double(x.i));
        }
        break;
      }
      }
      if (outOfBounds)
        break;
    }
    // The IR walk redoes this element and reports the access (only a
    // failing run gets here, so redoing its earlier stores does no harm).
    if (outOfBounds && failed(slowElement()))
      return failure();
  } while (nextIndex(index, extents));
  return success();
}
