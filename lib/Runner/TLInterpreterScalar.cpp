//===- TLInterpreterScalar.cpp - Scalar ops of the tl reference interpreter -===//
//
// arith, math, scf and memref element access, one op at a time, on the value
// map of TLInterpreterImpl.h.
//
//===----------------------------------------------------------------------===//

#include "TLInterpreterImpl.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::runner;
using namespace mlir::tilett::runner::detail;

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
    double v = buf->load(*linear);
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

