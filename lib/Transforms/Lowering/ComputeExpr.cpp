//===- ComputeExpr.cpp - Element-wise expressions on DST tiles ------------===//

#include "ComputeExpr.h"

#include "tilett/Dialect/TT/IR/TTOps.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::lowering;

/// The operands an op node combines, in operand order.
static SmallVector<const Expr *, 3> operandsOf(const Expr &e) {
  switch (e.kind) {
  case Expr::Kind::Binary:
    return {e.lhs.get(), e.rhs.get()};
  case Expr::Kind::Compare:
    if (e.rhs)
      return {e.lhs.get(), e.rhs.get()};
    return {e.lhs.get()};
  case Expr::Kind::Select:
    return {e.cond.get(), e.lhs.get(), e.rhs.get()};
  default:
    return {};
  }
}

/// The DST slot offset of each operand: the hungriest operand is evaluated
/// first in the lowest slots, each later one above the values already held
/// (Sethi-Ullman), so an expression needs as few slots as it can.
static SmallVector<int64_t, 3> operandSlots(ArrayRef<const Expr *> operands) {
  SmallVector<unsigned, 3> order = llvm::to_vector<3>(
      llvm::seq<unsigned>(0, static_cast<unsigned>(operands.size())));
  // Ties keep operand order.
  llvm::sort(order, [&](unsigned a, unsigned b) {
    int64_t na = operands[a]->slotsNeeded(), nb = operands[b]->slotsNeeded();
    return na != nb ? na > nb : a < b;
  });
  SmallVector<int64_t, 3> slots(operands.size());
  for (auto [position, index] : llvm::enumerate(order))
    slots[index] = static_cast<int64_t>(position);
  return slots;
}

int64_t Expr::slotsNeeded() const {
  switch (kind) {
  case Kind::Leaf:
  case Kind::Const:
    return 1;
  case Kind::Unary:
  case Kind::Scalar:
    return lhs->slotsNeeded();
  case Kind::Binary:
  case Kind::Compare:
  case Kind::Select: {
    SmallVector<const Expr *, 3> operands = operandsOf(*this);
    SmallVector<int64_t, 3> slots = operandSlots(operands);
    int64_t need = 1;
    for (auto [operand, offset] : llvm::zip(operands, slots))
      need = std::max(need, operand->slotsNeeded() + offset);
    return need;
  }
  }
  return 1;
}

void Expr::forEachLeaf(function_ref<void(const Expr &)> fn) const {
  if (kind == Kind::Leaf)
    fn(*this);
  for (const std::unique_ptr<Expr> *child : {&lhs, &rhs, &cond})
    if (*child)
      (*child)->forEachLeaf(fn);
}

void Expr::collectBuffers(SmallVectorImpl<Value> &buffers) const {
  forEachLeaf([&](const Expr &leaf) {
    if (!llvm::is_contained(buffers, leaf.buffer))
      buffers.push_back(leaf.buffer);
  });
}

std::unique_ptr<Expr> Expr::clone() const {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->buffer = buffer;
  e->bcast = bcast;
  e->transposed = transposed;
  e->value = value;
  e->uniform = uniform;
  e->unary = unary;
  e->binary = binary;
  e->predicate = predicate;
  for (auto [to, from] : {std::pair{&e->lhs, &lhs}, std::pair{&e->rhs, &rhs},
                          std::pair{&e->cond, &cond}})
    if (*from)
      *to = (*from)->clone();
  return e;
}

bool Expr::readsPlainly(Value buffer) const {
  bool plain = true;
  forEachLeaf([&](const Expr &leaf) {
    if (leaf.buffer == buffer &&
        (leaf.transposed || leaf.bcast != Broadcast::None))
      plain = false;
  });
  return plain;
}

bool Expr::readsOnceAtBase(Value buffer) const {
  int64_t reads = 0;
  forEachLeaf([&](const Expr &leaf) { reads += leaf.buffer == buffer; });
  if (reads != 1)
    return false;
  // Follow the operands evaluated into the base slot down to a leaf.
  for (const Expr *e = this;;) {
    if (e->kind == Kind::Leaf)
      return e->buffer == buffer && !e->transposed &&
             e->bcast == Broadcast::None;
    if (e->kind == Kind::Unary || e->kind == Kind::Scalar) {
      e = e->lhs.get();
      continue;
    }
    SmallVector<const Expr *, 3> operands = operandsOf(*e);
    if (operands.empty())
      return false;
    SmallVector<int64_t, 3> slots = operandSlots(operands);
    const Expr *base = nullptr;
    for (auto [operand, offset] : llvm::zip(operands, slots))
      if (offset == 0)
        base = operand;
    e = base;
  }
}

void Expr::substitute(std::unique_ptr<Expr> &expr, Value buffer,
                      const Expr &by) {
  if (expr->kind == Kind::Leaf) {
    if (expr->buffer == buffer)
      expr = by.clone();
    return;
  }
  for (std::unique_ptr<Expr> *child : {&expr->lhs, &expr->rhs, &expr->cond})
    if (*child)
      substitute(*child, buffer, by);
}

std::unique_ptr<Expr> Expr::leafOf(Value buffer) {
  auto e = std::make_unique<Expr>();
  e->buffer = buffer;
  return e;
}

std::unique_ptr<Expr> Expr::negate(std::unique_ptr<Expr> x) {
  auto e = std::make_unique<Expr>();
  e->kind = Kind::Unary;
  e->unary = Unary::Neg;
  e->lhs = std::move(x);
  return e;
}

int32_t lowering::floatBits(double value) {
  llvm::APFloat f(value);
  bool lost = false;
  f.convert(llvm::APFloat::IEEEsingle(), llvm::APFloat::rmNearestTiesToEven,
            &lost);
  return static_cast<int32_t>(f.bitcastToAPInt().getZExtValue());
}

namespace {

constexpr llvm::StringLiteral kSupported =
    "supported: memref.load/store of block-local buffers at the parallel "
    "indices, float constants, arith.addf/subf/mulf/divf/maximumf/maxnumf/"
    "minimumf/minnumf/negf/extf/truncf, arith.select(cmpf(x, 0), x, 0) "
    "(relu), arith.select of arith.cmpf (where_tile of a comparison), "
    "math.exp/exp2/log/log2/sqrt/rsqrt/tanh/absf";

/// Builds the expression tree of one value of a tl.parallel body.
class ExprBuilder {
public:
  explicit ExprBuilder(tl::ParallelOp op) : op(op) {}

  FailureOr<std::unique_ptr<Expr>> build(Value v);

private:
  static std::unique_ptr<Expr> leaf(Expr::Kind kind) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    return e;
  }
  static std::unique_ptr<Expr> unary(Expr::Unary u, std::unique_ptr<Expr> x) {
    auto e = leaf(Expr::Kind::Unary);
    e->unary = u;
    e->lhs = std::move(x);
    return e;
  }
  static std::unique_ptr<Expr> scalar(Expr::Binary bin, std::unique_ptr<Expr> x,
                                      double c) {
    auto e = leaf(Expr::Kind::Scalar);
    e->binary = bin;
    e->value = c;
    e->lhs = std::move(x);
    return e;
  }
  /// The constant `v` folds to (`1.0 / float(D)` computed outside the body
  /// is as much a constant as a literal), through the ops' own folders.
  static Attribute foldToConstant(Value v, int depth = 0) {
    Attribute attr;
    if (matchPattern(v, m_Constant(&attr)))
      return attr;
    Operation *def = v.getDefiningOp();
    if (!def || depth > 32 || def->getNumResults() != 1 || !isPure(def) ||
        def->getNumRegions() != 0)
      return {};
    SmallVector<Attribute> operands;
    for (Value operand : def->getOperands()) {
      Attribute folded = foldToConstant(operand, depth + 1);
      if (!folded)
        return {};
      operands.push_back(folded);
    }
    SmallVector<OpFoldResult> results;
    if (failed(def->fold(operands, results)) || results.size() != 1)
      return {};
    return dyn_cast_if_present<Attribute>(results.front());
  }
  static std::optional<double> constantOf(Value v) {
    if (auto attr = dyn_cast_if_present<FloatAttr>(foldToConstant(v)))
      return attr.getValueAsDouble();
    return std::nullopt;
  }

  /// True when `v` is a float that does not vary over the iteration space:
  /// it reads no buffer and no index of the body.
  bool isUniform(Value v);
  FailureOr<std::unique_ptr<Expr>> buildBinary(Operation *def,
                                               Expr::Binary bin);
  FailureOr<std::unique_ptr<Expr>> buildLoad(memref::LoadOp load);
  FailureOr<std::unique_ptr<Expr>> buildCompare(arith::CmpFOp cmp);

  tl::ParallelOp op;
  DenseMap<Value, bool> uniformity;
};

} // namespace

bool ExprBuilder::isUniform(Value v) {
  if (!isa<FloatType>(v.getType()))
    return false;
  if (auto it = uniformity.find(v); it != uniformity.end())
    return it->second;
  std::function<bool(Value)> varies = [&](Value x) -> bool {
    if (auto arg = dyn_cast<BlockArgument>(x))
      return op->isAncestor(arg.getOwner()->getParentOp());
    Operation *def = x.getDefiningOp();
    if (!op->isProperAncestor(def))
      return false;
    if (isa<memref::LoadOp>(def) || !isPure(def) || def->getNumRegions())
      return true;
    return llvm::any_of(def->getOperands(), varies);
  };
  bool uniform = !varies(v);
  uniformity[v] = uniform;
  return uniform;
}

FailureOr<std::unique_ptr<Expr>> ExprBuilder::buildLoad(memref::LoadOp load) {
  Value buffer = load.getMemRef();
  if (!tl::isLocalBuffer(buffer.getType()))
    return load.emitOpError()
           << "expected a load of a block-local buffer in tl.parallel, but "
              "got a load of a global tensor; copy it in with tl.copy first";
  auto e = leaf(Expr::Kind::Leaf);
  e->buffer = buffer;
  ArrayRef<int64_t> shape = cast<MemRefType>(buffer.getType()).getShape();
  ArrayRef<int64_t> extents = op.getExtents();
  // A buffer of one element (a global element read before the loop, the
  // frontend's `Sinks[by]`) is the same value in every iteration.
  if (llvm::all_of(shape, [](int64_t d) { return d == 1; }) &&
      llvm::all_of(load.getIndices(), [](Value i) {
        return getConstantIntValue(i) == std::optional<int64_t>(0);
      })) {
    e->bcast = Expr::Broadcast::Scalar;
    return e;
  }
  // A 1-D buffer read with one index of a 2-D body is broadcast over the
  // other index.
  if (extents.size() == 2 && shape.size() == 1 && load.getIndices().size() == 1) {
    for (auto [d, bcast] : {std::pair{0, Expr::Broadcast::Col},
                            std::pair{1, Expr::Broadcast::Row}}) {
      if (load.getIndices()[0] == op.getIndices()[d] && shape[0] == extents[d]) {
        e->bcast = bcast;
        return e;
      }
    }
    return load.emitOpError()
           << "expected a 1-D buffer of " << extents[0] << " elements indexed "
           << "by the first tl.parallel index, or of " << extents[1]
           << " elements indexed by the second, but got " << buffer.getType();
  }
  // b[j, i] of a buffer shaped [J, I] in an [I, J] body reads a transpose.
  if (extents.size() == 2 && shape.size() == 2 &&
      load.getIndices().size() == 2 &&
      load.getIndices()[0] == op.getIndices()[1] &&
      load.getIndices()[1] == op.getIndices()[0] && shape[0] == extents[1] &&
      shape[1] == extents[0]) {
    e->transposed = true;
    return e;
  }
  if (shape != extents)
    return load.emitOpError()
           << "expected the loaded buffer to have the tl.parallel extents ["
           << extents << "] (or their transpose when read as b[j, i], or to "
           << "be a 1-D buffer indexed by one of them) but got "
           << buffer.getType();
  if (!llvm::equal(load.getIndices(), op.getIndices()))
    return load.emitOpError()
           << "expected the tl.parallel indices in order (or reversed, for a "
              "transpose) as load indices";
  return e;
}

FailureOr<std::unique_ptr<Expr>> ExprBuilder::buildBinary(Operation *def,
                                                          Expr::Binary bin) {
  Value l = def->getOperand(0), r = def->getOperand(1);
  std::optional<double> lc = constantOf(l), rc = constantOf(r);
  // A runtime scalar combines like a constant: the *_unary_tile ops take
  // its bits at run time.
  bool lu = !lc && isUniform(l), ru = !rc && isUniform(r);
  bool isArith = bin != Expr::Binary::Max && bin != Expr::Binary::Min;
  if (isArith && (lu || ru) && !(lu && ru) && !(lc || rc)) {
    auto x = build(ru ? l : r);
    if (failed(x))
      return failure();
    Value u = ru ? r : l;
    auto withUniform = [&](Expr::Binary b2, std::unique_ptr<Expr> e) {
      auto s2 = scalar(b2, std::move(e), 0.0);
      s2->uniform = u;
      return s2;
    };
    if (ru || bin == Expr::Binary::Add || bin == Expr::Binary::Mul)
      return withUniform(bin, std::move(*x));
    if (bin == Expr::Binary::Sub)
      return withUniform(Expr::Binary::Add,
                         unary(Expr::Unary::Neg, std::move(*x)));
    return withUniform(Expr::Binary::Mul,
                       unary(Expr::Unary::Recip, std::move(*x)));
  }
  if (lc && rc)
    return def->emitOpError()
           << "expected at least one non-constant operand (fold constants "
              "before lowering)";
  bool isMaxMin = bin == Expr::Binary::Max || bin == Expr::Binary::Min;
  // max(x, 0) is relu; other constants of max/min go through a filled tile.
  if (bin == Expr::Binary::Max && ((rc && *rc == 0.0) || (lc && *lc == 0.0))) {
    auto x = build(rc ? l : r);
    if (failed(x))
      return failure();
    return unary(Expr::Unary::Relu, std::move(*x));
  }
  if (!isMaxMin && (rc || lc)) {
    auto x = build(rc ? l : r);
    if (failed(x))
      return failure();
    double c = rc ? *rc : *lc;
    if (rc)
      return scalar(bin, std::move(*x), c);
    // Constant on the left: c + x, c * x commute; c - x = -x + c;
    // c / x = recip(x) * c.
    switch (bin) {
    case Expr::Binary::Add:
    case Expr::Binary::Mul:
      return scalar(bin, std::move(*x), c);
    case Expr::Binary::Sub:
      return scalar(Expr::Binary::Add, unary(Expr::Unary::Neg, std::move(*x)),
                    c);
    case Expr::Binary::Div:
      // 1 / x is recip(x) alone: the product with 1.0 changes nothing.
      if (c == 1.0)
        return unary(Expr::Unary::Recip, std::move(*x));
      return scalar(Expr::Binary::Mul,
                    unary(Expr::Unary::Recip, std::move(*x)), c);
    default:
      break;
    }
  }
  auto lhs = build(l);
  if (failed(lhs))
    return failure();
  auto rhs = build(r);
  if (failed(rhs))
    return failure();
  auto e = leaf(Expr::Kind::Binary);
  e->binary = bin;
  e->lhs = std::move(*lhs);
  e->rhs = std::move(*rhs);
  return e;
}

FailureOr<std::unique_ptr<Expr>> ExprBuilder::build(Value v) {
  if (std::optional<double> c = constantOf(v)) {
    auto e = leaf(Expr::Kind::Const);
    e->value = *c;
    return e;
  }
  if (isUniform(v)) {
    auto e = leaf(Expr::Kind::Const);
    e->uniform = v;
    return e;
  }
  Operation *def = v.getDefiningOp();
  if (!def || !op->isProperAncestor(def)) {
    // Block arguments (the indices) have no per-tile meaning as data.
    if (def)
      return def->emitOpError()
             << "is used in a tl.parallel body but is not a constant; "
             << kSupported;
    return op.emitOpError() << "expected element values, but an index or "
                               "outside value is used as data; "
                            << kSupported;
  }
  using B = Expr::Binary;
  using U = Expr::Unary;
  auto un = [&](U u) -> FailureOr<std::unique_ptr<Expr>> {
    auto x = build(def->getOperand(0));
    if (failed(x))
      return failure();
    return unary(u, std::move(*x));
  };
  return llvm::TypeSwitch<Operation *, FailureOr<std::unique_ptr<Expr>>>(def)
      .Case([&](memref::LoadOp load) { return buildLoad(load); })
      .Case([&](arith::AddFOp) { return buildBinary(def, B::Add); })
      .Case([&](arith::SubFOp) { return buildBinary(def, B::Sub); })
      .Case([&](arith::MulFOp) { return buildBinary(def, B::Mul); })
      .Case([&](arith::DivFOp) { return buildBinary(def, B::Div); })
      .Case<arith::MaximumFOp, arith::MaxNumFOp>(
          [&](Operation *) { return buildBinary(def, B::Max); })
      .Case<arith::MinimumFOp, arith::MinNumFOp>(
          [&](Operation *) { return buildBinary(def, B::Min); })
      // DST and CB formats are fixed per buffer; conversions happen when a
      // tile is unpacked or packed, so they are no-ops here.
      .Case<arith::ExtFOp, arith::TruncFOp>(
          [&](Operation *) { return build(def->getOperand(0)); })
      .Case([&](arith::NegFOp) { return un(U::Neg); })
      .Case([&](math::ExpOp) { return un(U::Exp); })
      .Case([&](math::LogOp) { return un(U::Log); })
      .Case([&](math::SqrtOp) { return un(U::Sqrt); })
      .Case([&](math::RsqrtOp) { return un(U::Rsqrt); })
      .Case([&](math::Exp2Op) { return un(U::Exp2); })
      .Case([&](math::Log2Op) -> FailureOr<std::unique_ptr<Expr>> {
        // log2(x) = log(x) / ln 2.
        auto x = un(U::Log);
        if (failed(x))
          return failure();
        return scalar(Expr::Binary::Mul, std::move(*x), 1.0 / std::log(2.0));
      })
      .Case([&](math::TanhOp) { return un(U::Tanh); })
      .Case([&](math::AbsFOp) { return un(U::Abs); })
      .Case([&](arith::SelectOp sel) -> FailureOr<std::unique_ptr<Expr>> {
        // select(x > 0, x, 0) and select(x >= 0, x, 0) are relu.
        auto cmp = sel.getCondition().getDefiningOp<arith::CmpFOp>();
        using P = arith::CmpFPredicate;
        if (cmp && llvm::is_contained({P::OGT, P::OGE, P::UGT, P::UGE},
                                      cmp.getPredicate()) &&
            cmp.getLhs() == sel.getTrueValue() &&
            constantOf(cmp.getRhs()) == 0.0 &&
            constantOf(sel.getFalseValue()) == 0.0) {
          auto x = build(sel.getTrueValue());
          if (failed(x))
            return failure();
          return unary(U::Relu, std::move(*x));
        }
        auto cond = sel.getCondition().getDefiningOp<arith::CmpFOp>();
        if (!cond)
          return sel.emitOpError()
                 << "expected its condition to be an arith.cmpf of element "
                    "values; "
                 << kSupported;
        auto c = buildCompare(cond);
        if (failed(c))
          return failure();
        auto a = build(sel.getTrueValue());
        if (failed(a))
          return failure();
        auto f = build(sel.getFalseValue());
        if (failed(f))
          return failure();
        auto e = leaf(Expr::Kind::Select);
        e->cond = std::move(*c);
        e->lhs = std::move(*a);
        e->rhs = std::move(*f);
        return e;
      })
      .Case<arith::UIToFPOp, arith::SIToFPOp>(
          [&](Operation *cast) -> FailureOr<std::unique_ptr<Expr>> {
            // A comparison used as a number: 1.0 or 0.0 (-1.0 for a signed
            // i1 true, which is what sitofp gives).
            auto cmp = cast->getOperand(0).getDefiningOp<arith::CmpFOp>();
            if (!cmp)
              return cast->emitOpError()
                     << "converts an integer, which has no element value in a "
                        "tl.parallel body; "
                     << kSupported;
            auto c = buildCompare(cmp);
            if (failed(c) || isa<arith::UIToFPOp>(cast))
              return c;
            return scalar(Expr::Binary::Mul, std::move(*c), -1.0);
          })
      .Default([&](Operation *other) -> FailureOr<std::unique_ptr<Expr>> {
        return other->emitOpError()
               << "is not supported in a tl.parallel body; " << kSupported;
      });
}

FailureOr<std::unique_ptr<Expr>> ExprBuilder::buildCompare(arith::CmpFOp cmp) {
  using P = arith::CmpFPredicate;
  using Q = Expr::Predicate;
  std::optional<Q> predicate;
  switch (cmp.getPredicate()) {
  case P::OGT:
  case P::UGT:
    predicate = Q::Gt;
    break;
  case P::OLT:
  case P::ULT:
    predicate = Q::Lt;
    break;
  case P::OGE:
  case P::UGE:
    predicate = Q::Ge;
    break;
  case P::OLE:
  case P::ULE:
    predicate = Q::Le;
    break;
  case P::OEQ:
  case P::UEQ:
    predicate = Q::Eq;
    break;
  case P::ONE:
  case P::UNE:
    predicate = Q::Ne;
    break;
  default:
    return cmp.emitOpError()
           << "has a predicate with no Tenstorrent comparison (supported: "
              "<, <=, >, >=, ==, !=)";
  }
  auto e = leaf(Expr::Kind::Compare);
  e->predicate = *predicate;
  auto lhs = build(cmp.getLhs());
  if (failed(lhs))
    return failure();
  e->lhs = std::move(*lhs);
  if (std::optional<double> c = constantOf(cmp.getRhs())) {
    e->value = *c;
    return e;
  }
  auto rhs = build(cmp.getRhs());
  if (failed(rhs))
    return failure();
  e->rhs = std::move(*rhs);
  return e;
}

/// Checks one store of a tl.parallel body.
static LogicalResult checkStore(tl::ParallelOp op, memref::StoreOp store) {
  Value target = store.getMemRef();
  if (!tl::isLocalBuffer(target.getType()))
    return store.emitOpError()
           << "expected a store to a block-local buffer; write globals with "
              "tl.copy";
  if (cast<MemRefType>(target.getType()).getShape() != op.getExtents())
    return store.emitOpError()
           << "expected the stored buffer to have the tl.parallel extents ["
           << op.getExtents() << "] but got " << target.getType();
  if (!llvm::equal(store.getIndices(), op.getIndices()))
    return store.emitOpError()
           << "expected the tl.parallel indices in order as store indices";
  return success();
}

FailureOr<SmallVector<ParallelExpr>>
lowering::matchParallel(tl::ParallelOp op) {
  if (op.getExtents().size() != 1 && op.getExtents().size() != 2)
    return op.emitOpError() << "expected a 1-D or 2-D iteration space but got "
                            << op.getExtents().size() << " dimensions";
  Block &body = op.getBody().front();
  SmallVector<memref::StoreOp> stores;
  for (Operation &inner : body) {
    if (auto s = dyn_cast<memref::StoreOp>(inner)) {
      if (failed(checkStore(op, s)))
        return failure();
      stores.push_back(s);
      continue;
    }
    // Every op of the body must be supported, even if no store uses it: a
    // side effect we drop would change results.
    if (!isPure(&inner) && !isa<memref::LoadOp>(inner))
      return inner.emitOpError()
             << "is not supported in a tl.parallel body; " << kSupported;
  }
  if (stores.empty())
    return op.emitOpError()
           << "expected one memref.store in the body but got none";
  // Each store becomes one whole-buffer operation, in body order. That is
  // the per-element order too, as long as every load a store's value reads
  // sees the same store of its buffer either way: no store to the loaded
  // buffer may sit between the load and the store that uses it.
  for (memref::StoreOp store : stores) {
    SmallVector<Value> worklist{store.getValue()};
    DenseSet<Operation *> seen;
    while (!worklist.empty()) {
      Operation *def = worklist.pop_back_val().getDefiningOp();
      if (!def || def->getBlock() != &body || !seen.insert(def).second)
        continue;
      llvm::append_range(worklist, def->getOperands());
      auto load = dyn_cast<memref::LoadOp>(def);
      if (!load)
        continue;
      for (memref::StoreOp other : stores) {
        if (other.getMemRef() == load.getMemRef() &&
            load->isBeforeInBlock(other) && other->isBeforeInBlock(store)) {
          InFlightDiagnostic diag =
              load.emitOpError()
              << "reads a value that a later store of this tl.parallel body "
                 "overwrites before the store that uses it; load it again "
                 "after that store, or use a second buffer";
          diag.attachNote(other.getLoc()) << "overwritten here";
          return failure();
        }
      }
    }
  }
  SmallVector<ParallelExpr> result;
  ExprBuilder builder(op);
  for (memref::StoreOp store : stores) {
    auto expr = builder.build(store.getValue());
    if (failed(expr))
      return failure();
    result.push_back(ParallelExpr{store.getMemRef(), std::move(*expr)});
  }
  return result;
}

/// Re-emits the ops of the uniform value `v` that sit inside a tl.parallel
/// body (values from outside are used as they are) and returns its fp32 bits,
/// the form the *_unary_tile ops take.
static Value uniformBits(ImplicitLocOpBuilder &b, Value v) {
  IRMapping mapping;
  std::function<Value(Value)> clone = [&](Value x) -> Value {
    if (Value mapped = mapping.lookupOrNull(x))
      return mapped;
    Operation *def = x.getDefiningOp();
    if (!def || !def->getParentOfType<tl::ParallelOp>())
      return x;
    for (Value operand : def->getOperands())
      clone(operand);
    Operation *copy = b.clone(*def, mapping);
    return copy->getResult(cast<OpResult>(x).getResultNumber());
  };
  Value f = clone(v);
  Type f32 = b.getF32Type();
  if (f.getType() != f32)
    f = cast<FloatType>(f.getType()).getWidth() < 32
            ? Value(arith::ExtFOp::create(b, f32, f))
            : Value(arith::TruncFOp::create(b, f32, f));
  return tt::FloatBitsOp::create(b, b.getI32Type(), f);
}

void lowering::emitExpr(
    ImplicitLocOpBuilder &b, const Expr &expr, Value slot, bool fp32Dst,
    function_ref<void(ImplicitLocOpBuilder &, const Expr &, Value)> emitLeaf) {
  using namespace tt;
  auto next = [&](int64_t k = 1) -> Value {
    Value off = arith::ConstantIntOp::create(b, k, 32);
    return arith::AddIOp::create(b, slot, off);
  };
  // Operands of op nodes go to their Sethi-Ullman slots, lowest first.
  SmallVector<Value, 3> at;
  if (SmallVector<const Expr *, 3> operands = operandsOf(expr);
      !operands.empty()) {
    SmallVector<int64_t, 3> offsets = operandSlots(operands);
    at.resize(operands.size());
    for (int64_t position = 0; position < int64_t(operands.size()); ++position)
      for (auto [i, offset] : llvm::enumerate(offsets))
        if (offset == position) {
          at[i] = offset == 0 ? slot : next(offset);
          emitExpr(b, *operands[i], at[i], fp32Dst, emitLeaf);
        }
  }
  switch (expr.kind) {
  case Expr::Kind::Leaf:
    emitLeaf(b, expr, slot);
    return;
  case Expr::Kind::Const:
    FillTileInitOp::create(b);
    FillTileOp::create(b, slot, b.getF32FloatAttr(expr.uniform ? 0.0 : expr.value));
    if (expr.uniform) {
      // A runtime value: 0 + v, since fill_tile takes a constant here.
      BinopWithScalarTileInitOp::create(b);
      AddUnaryTile_Op::create(b, slot, uniformBits(b, expr.uniform));
    }
    return;
  case Expr::Kind::Unary:
    emitExpr(b, *expr.lhs, slot, fp32Dst, emitLeaf);
    switch (expr.unary) {
#define TT_UNARY(KIND, NAME)                                                   \
  case Expr::Unary::KIND:                                                      \
    NAME##_InitOp::create(b);                                                  \
    NAME##_Op::create(b, slot);                                                \
    return;
      TT_UNARY(Exp, ExpTile)
      TT_UNARY(Log, LogTile)
      TT_UNARY(Sqrt, SqrtTile)
      TT_UNARY(Rsqrt, RsqrtTile)
      TT_UNARY(Exp2, Exp2Tile)
      TT_UNARY(Tanh, TanhTile)
      TT_UNARY(Abs, AbsTile)
      TT_UNARY(Neg, NegativeTile)
      TT_UNARY(Relu, ReluTile)
      TT_UNARY(Recip, RecipTile)
#undef TT_UNARY
    }
    return;
  case Expr::Kind::Scalar: {
    emitExpr(b, *expr.lhs, slot, fp32Dst, emitLeaf);
    BinopWithScalarTileInitOp::create(b);
    Value bits = expr.uniform
                     ? uniformBits(b, expr.uniform)
                     : arith::ConstantIntOp::create(b, floatBits(expr.value), 32)
                           .getResult();
    switch (expr.binary) {
    case Expr::Binary::Add:
      AddUnaryTile_Op::create(b, slot, bits);
      return;
    case Expr::Binary::Sub:
      SubUnaryTile_Op::create(b, slot, bits);
      return;
    case Expr::Binary::Mul:
      MulUnaryTile_Op::create(b, slot, bits);
      return;
    case Expr::Binary::Div:
      DivUnaryTile_Op::create(b, slot, bits);
      return;
    default:
      llvm_unreachable("max/min with a constant go through a filled tile");
    }
  }
  case Expr::Kind::Binary: {
    switch (expr.binary) {
#define TT_BINARY(KIND, NAME)                                                  \
  case Expr::Binary::KIND:                                                     \
    NAME##_InitOp::create(b);                                                  \
    NAME##_Op::create(b, at[0], at[1], slot);                                  \
    return;
      TT_BINARY(Add, AddBinaryTile)
      TT_BINARY(Sub, SubBinaryTile)
      TT_BINARY(Mul, MulBinaryTile)
      TT_BINARY(Div, DivBinaryTile)
      TT_BINARY(Max, MaxBinaryTile)
      TT_BINARY(Min, MinBinaryTile)
#undef TT_BINARY
    }
    return;
  }
  case Expr::Kind::Compare: {
    // lhs - rhs (or lhs - value), then the comparison with zero.
    if (expr.rhs) {
      SubBinaryTile_InitOp::create(b);
      SubBinaryTile_Op::create(b, at[0], at[1], slot);
    } else if (expr.value != 0.0) {
      BinopWithScalarTileInitOp::create(b);
      SubUnaryTile_Op::create(
          b, slot, arith::ConstantIntOp::create(b, floatBits(expr.value), 32));
    }
    switch (expr.predicate) {
#define TT_COMPARE(KIND, NAME)                                                 \
  case Expr::Predicate::KIND:                                                  \
    NAME##_InitOp::create(b);                                                  \
    NAME##_Op::create(b, slot);                                                \
    return;
      TT_COMPARE(Gt, GtzTile)
      TT_COMPARE(Lt, LtzTile)
      TT_COMPARE(Ge, GezTile)
      TT_COMPARE(Le, LezTile)
      TT_COMPARE(Eq, EqzTile)
      TT_COMPARE(Ne, NezTile)
#undef TT_COMPARE
    }
    return;
  }
  case Expr::Kind::Select: {
    // where_tile picks per element between the two values.
    WhereTileInitOp::create(b);
    WhereTileOp::create(b, at[0], at[1], at[2], slot, fp32Dst);
    return;
  }
  }
}
