//===- ElementAccess.cpp - Element loads, stores and scalar math ----------===//
//
// Element-wise code in kernels: `buf[i, j]` reads and writes (global
// tensors staged through fragments in T.Parallel), and the arithmetic and
// comparisons on the scalar SSA values they produce.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::frontend;

/// Whether `v` can be computed before `par`: defined outside it, or by pure
/// index arithmetic on such values (constants, block indices).
static bool isHoistable(Value v, Operation *par) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return !par->isAncestor(cast<BlockArgument>(v).getOwner()->getParentOp());
  if (!par->isAncestor(def))
    return true;
  if (def->getNumRegions() || !isPure(def) ||
      def->getDialect()->getNamespace() != "arith")
    return false;
  return llvm::all_of(def->getOperands(),
                      [&](Value o) { return isHoistable(o, par); });
}

static void hoist(Value v, Operation *par) {
  Operation *def = v.getDefiningOp();
  if (!def || !par->isAncestor(def))
    return;
  for (Value o : def->getOperands())
    hoist(o, par);
  def->moveBefore(par);
}

/// Whether the index value `v` is known to be non-negative: block indices,
/// indices of loops from a non-negative start, non-negative constants, and
/// sums, products and quotients of such values.
static bool isNonNegative(Value v, unsigned depth = 0) {
  if (depth > 32)
    return false;
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    Operation *owner = arg.getOwner()->getParentOp();
    if (isa<tl::KernelOp, tl::ParallelOp>(owner))
      return true;
    if (auto loop = dyn_cast<tl::PipelinedOp>(owner))
      return int64_t(loop.getLower()) >= 0;
    if (auto loop = dyn_cast<scf::ForOp>(owner))
      return arg == loop.getInductionVar() &&
             isNonNegative(loop.getLowerBound(), depth + 1);
    return false;
  }
  Operation *def = v.getDefiningOp();
  if (auto c = dyn_cast<arith::ConstantIntOp>(def))
    return c.value() >= 0;
  if (auto c = dyn_cast<arith::ConstantIndexOp>(def))
    return c.value() >= 0;
  if (isa<arith::AddIOp, arith::MulIOp, arith::DivSIOp, arith::FloorDivSIOp,
          arith::CeilDivSIOp, arith::IndexCastOp, arith::MaxSIOp,
          arith::MinSIOp>(def))
    return llvm::all_of(def->getOperands(),
                        [&](Value o) { return isNonNegative(o, depth + 1); });
  return false;
}

/// Whether `v` is a positive constant.
static bool isPositiveConstant(Value v) {
  if (auto c = v.getDefiningOp<arith::ConstantIndexOp>())
    return c.value() > 0;
  if (auto c = v.getDefiningOp<arith::ConstantIntOp>())
    return c.value() > 0;
  return false;
}

/// Two offsets computed the same way (the same window written twice).
static bool sameValue(Value a, Value b) {
  if (a == b)
    return true;
  Operation *x = a.getDefiningOp(), *y = b.getDefiningOp();
  if (!x || !y || x->getName() != y->getName() ||
      x->getAttrDictionary() != y->getAttrDictionary() ||
      x->getNumOperands() != y->getNumOperands())
    return false;
  for (auto [p, q] : llvm::zip(x->getOperands(), y->getOperands()))
    if (!sameValue(p, q))
      return false;
  return true;
}

/// `C[by * bM + i, bx * bN + j]` in `for i, j in T.Parallel(bM, bN)`: the
/// element-wise style of TileLang's first examples. Tenstorrent cores reach
/// DRAM only by tiles, so the access becomes a fragment of the parallel
/// extents, filled by a tl.copy window before the loop (loads) or copied
/// out after it (stores); the element access then indexes the fragment.
/// Each index must be `offset + i` (or `i`) with the offset computable
/// before the loop, the indexed dimensions in loop order; the others are
/// fixed points. Indexed dimensions that are not the trailing ones (BSHD's
/// `Q[b, r + i, h, j]`) become the copy's `window_dims`.
std::optional<std::pair<Value, SmallVector<Value>>>
Interpreter::stageGlobal(const Val &region, bool store, ast::Pos pos,
                         std::string &why) {
  Operation *par = builder.getInsertionBlock()->getParentOp();
  while (par && !isa<tl::ParallelOp>(par))
    par = par->getParentOp();
  if (!par) {
    why = "outside T.Parallel";
    return std::nullopt;
  }
  auto parallel = cast<tl::ParallelOp>(par);
  auto type = cast<MemRefType>(region.v.getType());
  SmallVector<Value> idx;
  for (const Val &i : region.elems) {
    if (i.kind == Val::Slice) {
      why = "a slice is not an element";
      return std::nullopt;
    }
    std::optional<Value> x = toIndex(i, pos);
    if (!x)
      return std::nullopt;
    idx.push_back(*x);
  }
  if ((int64_t)idx.size() != type.getRank()) {
    why = "expected one index per dimension";
    return std::nullopt;
  }
  SmallVector<Value> offsets;
  SmallVector<unsigned> ivs;
  SmallVector<int64_t> dims;
  ValueRange indices = parallel.getIndices();
  for (auto [d, x] : llvm::enumerate(idx)) {
    Value offset;
    std::optional<unsigned> iv;
    auto ivOf = [&](Value v) -> std::optional<unsigned> {
      for (auto [k, a] : llvm::enumerate(indices))
        if (v == a)
          return k;
      return std::nullopt;
    };
    if ((iv = ivOf(x))) {
      offset = Value();
    } else if (auto add = x.getDefiningOp<arith::AddIOp>()) {
      if ((iv = ivOf(add.getRhs())) && isHoistable(add.getLhs(), par))
        offset = add.getLhs();
      else if ((iv = ivOf(add.getLhs())) && isHoistable(add.getRhs(), par))
        offset = add.getRhs();
      else
        iv.reset();
    }
    if (!iv && isHoistable(x, par)) {
      offsets.push_back(x);
      continue;
    }
    if (!iv || (!ivs.empty() && *iv <= ivs.back())) {
      why = "each index must be 'offset + i' with i a T.Parallel variable, in "
            "loop order, and the offset known before the loop";
      return std::nullopt;
    }
    ivs.push_back(*iv);
    dims.push_back(int64_t(d));
    offsets.push_back(offset);
  }
  if (ivs.empty()) {
    // One element, the same in every iteration (`Sinks[by]`): a unit window
    // the reader extracts from its tile (DataMovement.cpp), read in the body
    // as a value broadcast over the tile. A store there would have every
    // iteration write the one element.
    if (store) {
      why = "no index depends on the T.Parallel variables, so every "
            "iteration would store to the same element";
      return std::nullopt;
    }
    return stageElement(region.v, offsets, par, pos);
  }
  // A fixed index after a loop-indexed one needs window_dims; a store there
  // that leaves a T.Parallel variable out would have several iterations
  // write one element, which no tile copy expresses.
  bool trailing = dims.front() == type.getRank() - int64_t(dims.size());
  if (!trailing && store && ivs.size() != indices.size()) {
    why = "a fixed index follows a dimension indexed by the loop, and the "
          "store does not use every T.Parallel variable";
    return std::nullopt;
  }
  for (Value &o : offsets) {
    if (!o) {
      OpBuilder::InsertionGuard g(builder);
      builder.setInsertionPoint(par);
      o = arith::ConstantIndexOp::create(builder, loc(pos), 0);
    } else {
      hoist(o, par);
    }
  }
  SmallVector<Value> fragIdx;
  for (unsigned k : ivs)
    fragIdx.push_back(indices[k]);

  auto find = [&](bool asStore) -> Staged * {
    for (Staged &st : staged)
      if (st.parallel == par && st.global == region.v && st.store == asStore &&
          st.ivs == ivs && st.dims == dims &&
          llvm::all_of(llvm::zip(st.offsets, offsets), [](auto pq) {
            return sameValue(std::get<0>(pq), std::get<1>(pq));
          }))
        return &st;
    return nullptr;
  };
  // A value written earlier in the body is read back from its fragment.
  if (Staged *st = find(true))
    return std::make_pair(st->fragment, fragIdx);
  if (!store)
    if (Staged *st = find(false))
      return std::make_pair(st->fragment, fragIdx);

  SmallVector<int64_t> shape;
  for (unsigned k : ivs)
    shape.push_back(parallel.getExtents()[k]);
  auto space = tl::MemorySpaceAttr::get(ctx, tl::MemorySpace::Fragment);
  auto fragType = MemRefType::get(shape, type.getElementType(),
                                  MemRefLayoutAttrInterface(), space);
  Location l = loc(pos);
  OpBuilder::InsertionGuard g(builder);
  builder.setInsertionPoint(par);
  auto alloc = tl::AllocFragmentOp::create(builder, l, fragType);
  std::string name = tl::getBufferName(region.v) + (store ? "_out" : "_in");
  alloc->setAttr(tl::kBufferNameAttr, builder.getStringAttr(name));
  Value frag = alloc.getResult();
  tl::CopyOp copy;
  if (store) {
    builder.setInsertionPointAfter(par);
    copy =
        tl::CopyOp::create(builder, l, frag, ValueRange{}, region.v, offsets);
  } else {
    copy =
        tl::CopyOp::create(builder, l, region.v, offsets, frag, ValueRange{});
  }
  if (!trailing)
    copy.setWindowDimsAttr(builder.getDenseI64ArrayAttr(dims));
  remark(pos, "staging " + Twine(store ? "stores to" : "loads of") +
                  " global tensor '" + tl::getBufferName(region.v) +
                  "' in T.Parallel through a " + Twine(shape.size()) +
                  "-D fragment and a T.copy window");
  staged.push_back({par, region.v, offsets, ivs, dims, frag, store});
  return std::make_pair(frag, fragIdx);
}

/// `Sinks[by]` in a T.Parallel body: an element whose indices the body does
/// not vary. It becomes a unit fragment (`[1]`, or `[1, 1]` for a tensor of
/// rank >= 2, so the window lies over the same trailing dims as the tile
/// copies of that tensor) filled by a tl.copy before the loop, and the body
/// reads its only element. Reads of one element at the same indices share
/// the fragment.
std::optional<std::pair<Value, SmallVector<Value>>>
Interpreter::stageElement(Value global, SmallVector<Value> offsets,
                          Operation *par, ast::Pos pos) {
  for (Staged &st : staged)
    if (st.parallel == par && st.global == global && !st.store &&
        st.ivs.empty() &&
        llvm::all_of(llvm::zip(st.offsets, offsets), [](auto pq) {
          return sameValue(std::get<0>(pq), std::get<1>(pq));
        }))
      return std::make_pair(st.fragment, elementIndices(st.fragment, pos));
  for (Value o : offsets)
    hoist(o, par);
  auto type = cast<MemRefType>(global.getType());
  SmallVector<int64_t> shape(type.getRank() == 1 ? 1 : 2, 1);
  auto space = tl::MemorySpaceAttr::get(ctx, tl::MemorySpace::Fragment);
  auto fragType = MemRefType::get(shape, type.getElementType(),
                                  MemRefLayoutAttrInterface(), space);
  Location l = loc(pos);
  Value frag;
  {
    OpBuilder::InsertionGuard g(builder);
    builder.setInsertionPoint(par);
    auto alloc = tl::AllocFragmentOp::create(builder, l, fragType);
    // Buffer names are unique per kernel: S_elem, S_elem_1, ...
    unsigned earlier = llvm::count_if(staged, [&](const Staged &st) {
      return st.global == global && st.ivs.empty() && !st.store;
    });
    std::string name = tl::getBufferName(global) + "_elem";
    if (earlier)
      name += "_" + std::to_string(earlier);
    alloc->setAttr(tl::kBufferNameAttr, builder.getStringAttr(name));
    frag = alloc.getResult();
    tl::CopyOp::create(builder, l, global, offsets, frag, ValueRange{});
  }
  remark(pos, "reading one element of global tensor '" +
                  tl::getBufferName(global) +
                  "' for the T.Parallel body through a unit T.copy window");
  staged.push_back({par, global, offsets, {}, {}, frag, false});
  return std::make_pair(frag, elementIndices(frag, pos));
}

SmallVector<Value> Interpreter::elementIndices(Value unit, ast::Pos pos) {
  auto rank = cast<MemRefType>(unit.getType()).getRank();
  Value zero = arith::ConstantIndexOp::create(builder, loc(pos), 0);
  return SmallVector<Value>(rank, zero);
}

Result Interpreter::load(const Val &region, ast::Pos pos) {
  auto type = cast<MemRefType>(region.v.getType());
  if (tl::isGlobalBuffer(type)) {
    std::string why;
    if (parallelDepth)
      if (auto st = stageGlobal(region, /*store=*/false, pos, why))
        return Val::scalar(
            memref::LoadOp::create(builder, loc(pos), st->first, st->second));
    if (!why.empty() || !parallelDepth)
      return error(pos, "element access to global tensor '" +
                            tl::getBufferName(region.v) +
                            "' is not supported on Tenstorrent" +
                            (why.empty() ? "" : " (" + why + ")") +
                            "; copy a tile into a T.alloc_shared/"
                            "T.alloc_fragment buffer with T.copy first");
    return std::nullopt;
  }
  SmallVector<Value> idx;
  for (const Val &i : region.elems) {
    if (i.kind == Val::Slice)
      return error(pos, "expected an element index but got a slice");
    std::optional<Value> x = toIndex(i, pos);
    if (!x)
      return std::nullopt;
    idx.push_back(*x);
  }
  return Val::scalar(memref::LoadOp::create(builder, loc(pos), region.v, idx));
}

Result Interpreter::store(const Val &region, Val value, ast::Pos pos) {
  if (!kernelFunc)
    return error(pos, "buffer stores are only allowed in a kernel");
  auto type = cast<MemRefType>(region.v.getType());
  if (tl::isGlobalBuffer(type)) {
    Result v = castTo(value, type.getElementType(), pos);
    if (!v)
      return std::nullopt;
    std::string why;
    if (parallelDepth)
      if (auto st = stageGlobal(region, /*store=*/true, pos, why)) {
        memref::StoreOp::create(builder, loc(pos), v->v, st->first, st->second);
        return Val::none();
      }
    if (!why.empty() || !parallelDepth)
      return error(pos, "element stores to global tensor '" +
                            tl::getBufferName(region.v) +
                            "' are not supported on Tenstorrent" +
                            (why.empty() ? "" : " (" + why + ")") +
                            "; compute into a fragment and T.copy it out");
    return std::nullopt;
  }
  Result v = castTo(value, type.getElementType(), pos);
  if (!v)
    return std::nullopt;
  SmallVector<Value> idx;
  for (const Val &i : region.elems) {
    if (i.kind == Val::Slice)
      return error(pos, "expected an element index but got a slice; use "
                        "T.fill or T.copy for whole buffers");
    std::optional<Value> x = toIndex(i, pos);
    if (!x)
      return std::nullopt;
    idx.push_back(*x);
  }
  memref::StoreOp::create(builder, loc(pos), v->v, region.v, idx);
  return Val::none();
}

/// The common type of two element values: the wider float, else the first.
static Type commonType(Type a, Type b) {
  if (!a) return b;
  if (!b) return a;
  if (a == b) return a;
  bool af = isa<FloatType>(a), bf = isa<FloatType>(b);
  if (af && bf)
    return a.getIntOrFloatBitWidth() >= b.getIntOrFloatBitWidth() &&
                   !(a.getIntOrFloatBitWidth() == b.getIntOrFloatBitWidth())
               ? a
               : Float32Type::get(a.getContext());
  return af ? a : bf ? b : a;
}

Result Interpreter::scalarBinary(StringRef op, Val l, Val r, ast::Pos pos) {
  auto typeOf = [&](Val &v) -> Type {
    if (v.kind == Val::Region) {
      Result x = load(v, pos);
      if (!x)
        return Type();
      v = *x;
    }
    return v.kind == Val::Scalar ? v.v.getType() : Type();
  };
  if ((l.kind == Val::Region && !typeOf(l)) ||
      (r.kind == Val::Region && !typeOf(r)))
    return std::nullopt;
  Type t = commonType(typeOf(l), typeOf(r));
  // As in Python, a float literal makes integer arithmetic float
  // (`-5.0 - 1.0 * i_h` with a block index).
  if ((op == "/" || l.kind == Val::Float || r.kind == Val::Float) &&
      !isa<FloatType>(t))
    t = builder.getF32Type();
  Result lc = castTo(l, t, pos), rc = lc ? castTo(r, t, pos) : std::nullopt;
  if (!rc)
    return std::nullopt;
  Value a = lc->v, b = rc->v;
  Location lo = loc(pos);
  if (isa<FloatType>(t)) {
    if (op == "+") return Val::scalar(arith::AddFOp::create(builder, lo, a, b));
    if (op == "-") return Val::scalar(arith::SubFOp::create(builder, lo, a, b));
    if (op == "*") return Val::scalar(arith::MulFOp::create(builder, lo, a, b));
    if (op == "/") return Val::scalar(arith::DivFOp::create(builder, lo, a, b));
    if (op == "max") return Val::scalar(arith::MaximumFOp::create(builder, lo, a, b));
    if (op == "min") return Val::scalar(arith::MinimumFOp::create(builder, lo, a, b));
    if (op == "**") return Val::scalar(math::PowFOp::create(builder, lo, a, b));
    return error(pos, "operator '" + op + "' is not supported on floats");
  }
  if (failed(checkParallelIntegerMath(op, t, pos)))
    return std::nullopt;
  if (op == "+") return Val::scalar(arith::AddIOp::create(builder, lo, a, b));
  if (op == "-") return Val::scalar(arith::SubIOp::create(builder, lo, a, b));
  if (op == "*") return Val::scalar(arith::MulIOp::create(builder, lo, a, b));
  // On non-negative operands floor and truncating division agree; the
  // device's index code has only the latter (GQA's `by // groups`).
  if (op == "//" && a.getType().isIndex() && isNonNegative(a) &&
      isPositiveConstant(b))
    return Val::scalar(arith::DivSIOp::create(builder, lo, a, b));
  if (op == "//") return Val::scalar(arith::FloorDivSIOp::create(builder, lo, a, b));
  if (op == "%") return Val::scalar(arith::RemSIOp::create(builder, lo, a, b));
  if (op == "max") return Val::scalar(arith::MaxSIOp::create(builder, lo, a, b));
  if (op == "min") return Val::scalar(arith::MinSIOp::create(builder, lo, a, b));
  if (op == "&" && t.isInteger(1)) return Val::scalar(arith::AndIOp::create(builder, lo, a, b));
  if (op == "|" && t.isInteger(1)) return Val::scalar(arith::OrIOp::create(builder, lo, a, b));
  return error(pos, "operator '" + op + "' is not supported on integers");
}

Result Interpreter::scalarCompare(StringRef op, Val l, Val r, ast::Pos pos) {
  // An integer compared with a float literal compares as floats.
  if (r.kind == Val::Float && l.kind == Val::Scalar &&
      !isa<FloatType>(l.v.getType()))
    std::swap(l, r), op = llvm::StringSwitch<StringRef>(op)
                              .Case("<", ">").Case(">", "<")
                              .Case("<=", ">=").Case(">=", "<=")
                              .Default(op);
  std::optional<Value> a = toValue(l, Type(), pos);
  if (!a)
    return std::nullopt;
  Result lc = castTo(l, a->getType(), pos);
  Result rc = lc ? castTo(r, a->getType(), pos) : std::nullopt;
  if (!rc)
    return std::nullopt;
  Location lo = loc(pos);
  if (isa<FloatType>(a->getType())) {
    auto pred = llvm::StringSwitch<std::optional<arith::CmpFPredicate>>(op)
                    .Case("<", arith::CmpFPredicate::OLT)
                    .Case("<=", arith::CmpFPredicate::OLE)
                    .Case(">", arith::CmpFPredicate::OGT)
                    .Case(">=", arith::CmpFPredicate::OGE)
                    .Case("==", arith::CmpFPredicate::OEQ)
                    .Case("!=", arith::CmpFPredicate::UNE)
                    .Default(std::nullopt);
    if (!pred)
      return error(pos, "comparison '" + op + "' is not supported here");
    return Val::scalar(arith::CmpFOp::create(builder, lo, *pred, lc->v, rc->v));
  }
  auto pred = llvm::StringSwitch<std::optional<arith::CmpIPredicate>>(op)
                  .Case("<", arith::CmpIPredicate::slt)
                  .Case("<=", arith::CmpIPredicate::sle)
                  .Case(">", arith::CmpIPredicate::sgt)
                  .Case(">=", arith::CmpIPredicate::sge)
                  .Case("==", arith::CmpIPredicate::eq)
                  .Case("!=", arith::CmpIPredicate::ne)
                  .Default(std::nullopt);
  if (!pred)
    return error(pos, "comparison '" + op + "' is not supported here");
  return Val::scalar(arith::CmpIOp::create(builder, lo, *pred, lc->v, rc->v));
}
