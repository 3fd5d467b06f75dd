//===- KernelBuilder.cpp - TileLang language calls to tl ops --------------===//
//
// Gives meaning to `T.*`: types of kernel parameters, the launch, buffers,
// tile operations, loops and element-wise arithmetic. Every op is created at
// the FileLineColLoc of the Python expression that produced it.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTAttrs.h"
#include "tilett/Dialect/TT/IR/TTSugar.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/StringSet.h"

#include <limits>

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::frontend;

static const char *kSupported =
    "supported: T.copy, T.gemm, T.clear, T.fill, T.reduce_sum/max/min, "
    "T.alloc_shared, T.alloc_fragment, T.Pipelined, T.serial, T.Parallel, "
    "T.annotate_layout, T.annotate_core_grid and element-wise math in "
    "T.Parallel";

/// GPU scheduling hints: accepted, without effect on Tenstorrent.
static bool isGpuHint(StringRef name) {
  return llvm::is_contained(
      {"use_swizzle", "no_set_max_nreg", "annotate_l2_hit_ratio",
       "sync_threads", "disable_warp_group_reg_alloc", "set_max_nreg",
       "dec_max_nreg", "inc_max_nreg", "annotate_padding", "tvm_storage_sync",
       "assume", "annotate_restrict_buffers"},
      name);
}

/// Ops whose results depend on GPU semantics tilett cannot reproduce.
static bool hasNoTTMeaning(StringRef name) {
  return name.starts_with("atomic") || name.starts_with("call_") ||
         name.starts_with("ptx") || name.starts_with("tma") ||
         llvm::is_contained({"shfl_sync", "shfl_xor", "shfl_down", "shfl_up",
                             "ldmatrix", "stmatrix", "mma", "wgmma",
                             "alloc_local", "alloc_barrier",
                             "get_thread_binding", "get_thread_bindings",
                             "get_block_binding", "get_block_bindings",
                             "get_lane_idx", "get_warp_idx",
                             "barrier_wait", "barrier_arrive", "mbarrier_wait_parity",
                             "import_source", "cumsum", "print", "address_of"},
                            name);
}

std::string Interpreter::dtypeName(Type t) {
  if (t.isF16()) return "float16";
  if (t.isBF16()) return "bfloat16";
  if (t.isF32()) return "float32";
  if (t.isF64()) return "float64";
  if (auto i = dyn_cast<IntegerType>(t))
    return (i.isUnsigned() ? "uint" : "int") + std::to_string(i.getWidth());
  return "unknown";
}

std::optional<Type> Interpreter::toDType(const Val &v, ast::Pos pos) {
  StringRef name;
  if (v.kind == Val::Str)
    name = v.s;
  else if (v.kind == Val::Builtin)
    name = StringRef(v.s).rsplit('.').second.empty() ? StringRef(v.s)
                                                     : StringRef(v.s).rsplit('.').second;
  Type t = llvm::StringSwitch<Type>(name)
               .Cases({"float16", "half", "fp16", "f16"}, Float16Type::get(ctx))
               .Cases({"bfloat16", "bf16"}, BFloat16Type::get(ctx))
               .Cases({"float32", "float", "fp32", "f32"}, Float32Type::get(ctx))
               .Cases({"int32", "int"}, IntegerType::get(ctx, 32))
               .Case("int8", IntegerType::get(ctx, 8))
               .Case("int16", IntegerType::get(ctx, 16))
               .Case("uint8", IntegerType::get(ctx, 8, IntegerType::Unsigned))
               .Default(Type());
  if (t)
    return t;
  // TileLang dtypes that Tenstorrent tiles cannot hold: say so rather than
  // calling them unknown.
  bool noTileFormat =
      name == "bool" || name.starts_with("float8") ||
      name.starts_with("float4") || name.starts_with("float6") ||
      llvm::is_contained({"float64", "double", "int64", "uint16", "uint32",
                          "uint64", "int4", "uint4", "int1"},
                         name);
  if (v.kind == Val::Opaque)
    emitError(loc(pos)) << "dtype is not known at compile time: " << v.s;
  else if (noTileFormat)
    emitError(loc(pos)) << "dtype " << name
                        << " has no Tenstorrent tile format; use float16, "
                           "bfloat16, float32, int8/16/32 or uint8";
  else
    emitError(loc(pos)) << "expected a dtype (\"float16\", \"bfloat16\", "
                           "\"float32\", \"float\", \"int32\", T.float16, ...) "
                           "but got "
                        << (name.empty() ? StringRef("a non-dtype value")
                                         : name);
  return std::nullopt;
}

std::optional<int64_t> Interpreter::toConstInt(const Val &v, ast::Pos pos,
                                               StringRef what) {
  if (v.isIntLike())
    return v.i;
  InFlightDiagnostic d = emitError(loc(pos));
  d << "expected " << what << " to be an integer known at compile time";
  if (v.kind == Val::Opaque)
    d << " but it depends on " << v.s;
  else if (v.kind == Val::Builtin && (StringRef(v.s).contains("symbolic") ||
                                      StringRef(v.s).contains("dynamic")))
    d << "; dynamic shapes are not supported, pass concrete sizes";
  return std::nullopt;
}

std::optional<SmallVector<int64_t>> Interpreter::toShape(const Val &v,
                                                         ast::Pos pos) {
  SmallVector<int64_t> shape;
  std::vector<Val> dims = v.kind == Val::Tuple || v.kind == Val::List
                              ? v.elems
                              : std::vector<Val>{v};
  if (dims.empty())
    return (emitError(loc(pos)) << "expected a non-empty shape", std::nullopt);
  for (const Val &d : dims) {
    std::optional<int64_t> n = toConstInt(d, pos, "a shape dimension");
    if (!n)
      return std::nullopt;
    if (*n <= 0)
      return (emitError(loc(pos)) << "expected positive shape dimensions but "
                                     "got "
                                  << *n,
              std::nullopt);
    shape.push_back(*n);
  }
  return shape;
}

std::optional<Value> Interpreter::toIndex(const Val &v, ast::Pos pos) {
  if (v.isIntLike())
    return arith::ConstantIndexOp::create(builder, loc(pos), v.i).getResult();
  if (v.kind == Val::Scalar) {
    if (v.v.getType().isIndex())
      return v.v;
    if (isa<IntegerType>(v.v.getType()))
      return arith::IndexCastOp::create(builder, loc(pos), builder.getIndexType(), v.v)
          .getResult();
  }
  if (v.kind == Val::Opaque)
    emitError(loc(pos)) << "expected an integer index but got a value tilett "
                           "does not model: "
                        << v.s;
  else
    emitError(loc(pos)) << "expected an integer index";
  return std::nullopt;
}

/// Materializes `v` as an SSA value, with Python literals taking the type of
/// the value they combine with (`like`).
std::optional<Value> Interpreter::toValue(const Val &v, Type like,
                                          ast::Pos pos) {
  if (v.kind == Val::Region) {
    Result r = load(v, pos);
    if (!r)
      return std::nullopt;
    return r->v;
  }
  if (v.kind == Val::Scalar)
    return v.v;
  if (v.isIntLike() || v.kind == Val::Float) {
    double x = v.kind == Val::Float ? v.f : v.i;
    if (!like)
      like = v.kind == Val::Float ? Type(builder.getF32Type())
                                  : Type(builder.getIndexType());
    if (auto ft = dyn_cast<FloatType>(like))
      return arith::ConstantOp::create(builder, loc(pos), builder.getFloatAttr(ft, x))
          .getResult();
    if (v.kind == Val::Float)
      return arith::ConstantOp::create(builder, 
                 loc(pos), builder.getF32FloatAttr(v.f))
          .getResult();
    return arith::ConstantOp::create(builder, loc(pos),
                                             builder.getIntegerAttr(like, v.i))
        .getResult();
  }
  if (v.kind == Val::Opaque)
    emitError(loc(pos)) << "expected a number or buffer element but got a "
                           "value tilett does not model: "
                        << v.s;
  else
    emitError(loc(pos)) << "expected a number or buffer element";
  return std::nullopt;
}

Result Interpreter::castTo(Val v, Type type, ast::Pos pos) {
  if (v.isIntLike() || v.kind == Val::Float) {
    std::optional<Value> c = toValue(v, type, pos);
    return c ? Result(Val::scalar(*c)) : std::nullopt;
  }
  std::optional<Value> x = toValue(v, Type(), pos);
  if (!x)
    return std::nullopt;
  Type from = x->getType();
  Location l = loc(pos);
  if (from == type)
    return Val::scalar(*x);
  if (isa<FloatType>(from) && isa<FloatType>(type)) {
    if (from.getIntOrFloatBitWidth() < type.getIntOrFloatBitWidth())
      return Val::scalar(arith::ExtFOp::create(builder, l, type, *x));
    if (from.getIntOrFloatBitWidth() > type.getIntOrFloatBitWidth())
      return Val::scalar(arith::TruncFOp::create(builder, l, type, *x));
    Value wide = arith::ExtFOp::create(builder, l, builder.getF32Type(), *x);
    return Val::scalar(arith::TruncFOp::create(builder, l, type, wide));
  }
  Value src = *x;
  if (from.isIndex()) {
    src = arith::IndexCastOp::create(builder, l, builder.getI64Type(), src);
    from = src.getType();
  }
  if (isa<IntegerType>(from) && isa<FloatType>(type))
    return Val::scalar(arith::SIToFPOp::create(builder, l, type, src));
  if (isa<FloatType>(from) && isa<IntegerType>(type))
    return Val::scalar(arith::FPToSIOp::create(builder, l, type, src));
  if (isa<IntegerType>(from) && type.isIndex())
    return Val::scalar(arith::IndexCastOp::create(builder, l, type, src));
  if (isa<IntegerType>(from) && isa<IntegerType>(type)) {
    if (from.getIntOrFloatBitWidth() < type.getIntOrFloatBitWidth())
      return Val::scalar(arith::ExtSIOp::create(builder, l, type, src));
    return Val::scalar(arith::TruncIOp::create(builder, l, type, src));
  }
  return error(pos, "cannot cast " + dtypeName(from) + " to " + dtypeName(type));
}

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
/// before the loop; the indexed dimensions must be the trailing ones, in
/// loop order (the tl.copy window contract).
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
  ValueRange indices = parallel.getIndices();
  for (Value x : idx) {
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
      if (!ivs.empty()) {
        why = "a fixed index follows a dimension indexed by the loop";
        return std::nullopt;
      }
      offsets.push_back(x);
      continue;
    }
    if (!iv || (!ivs.empty() && *iv <= ivs.back())) {
      why = "each index must be 'offset + i' with i a T.Parallel variable, in "
            "loop order, and the offset known before the loop";
      return std::nullopt;
    }
    ivs.push_back(*iv);
    offsets.push_back(offset);
  }
  if (ivs.empty()) {
    why = "no index depends on the T.Parallel variables";
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
          st.ivs == ivs &&
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
  if (store) {
    builder.setInsertionPointAfter(par);
    tl::CopyOp::create(builder, l, frag, ValueRange{}, region.v, offsets);
  } else {
    tl::CopyOp::create(builder, l, region.v, offsets, frag, ValueRange{});
  }
  remark(pos, "staging " + Twine(store ? "stores to" : "loads of") +
                  " global tensor '" + tl::getBufferName(region.v) +
                  "' in T.Parallel through a " + Twine(shape.size()) +
                  "-D fragment and a T.copy window");
  staged.push_back({par, region.v, offsets, ivs, frag, store});
  return std::make_pair(frag, fragIdx);
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

/// Looks up argument `index` or keyword `name`; `missing` if neither.
static Val getArg(const std::vector<Val> &args,
                  const std::vector<KwArg> &kwargs,
                  size_t index, StringRef name, Val missing = Val::none()) {
  for (auto &[k, v] : kwargs)
    if (k == name)
      return v;
  return index < args.size() ? args[index] : missing;
}

/// |src| into a new fragment of src's shape and dtype (T.reduce_absmax /
/// T.reduce_abssum reduce that), allocated at the top of the kernel so that
/// a reduction inside a loop does not allocate per iteration.
Value Interpreter::absInto(Value src, ast::Pos pos) {
  Location l = loc(pos);
  auto type = cast<MemRefType>(src.getType());
  Value tmp;
  {
    OpBuilder::InsertionGuard guard(builder);
    auto kernel = builder.getInsertionBlock()->getParentOp();
    while (kernel && !isa<tl::KernelOp>(kernel))
      kernel = kernel->getParentOp();
    if (kernel)
      builder.setInsertionPointToStart(&cast<tl::KernelOp>(kernel).getBody().front());
    auto frag = MemRefType::get(
        type.getShape(), type.getElementType(), MemRefLayoutAttrInterface(),
        tl::MemorySpaceAttr::get(ctx, tl::MemorySpace::Fragment));
    Operation *alloc = tl::AllocFragmentOp::create(builder, l, frag);
    alloc->setAttr("tl.name",
                   builder.getStringAttr(tl::getBufferName(src) + "_abs"));
    tmp = alloc->getResult(0);
  }
  auto par = tl::ParallelOp::create(builder, l, type.getShape());
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(&par.getBody().front());
  ValueRange ivs = par.getIndices();
  Value x = memref::LoadOp::create(builder, l, src, ivs);
  Value ax = math::AbsFOp::create(builder, l, x);
  memref::StoreOp::create(builder, l, ax, tmp, ivs);
  return tmp;
}

Result Interpreter::callLanguage(StringRef name, std::vector<Val> args,
                                 std::vector<KwArg> kwargs,
                                 ast::Pos pos) {
  Location l = loc(pos);
  // Compile-time integer helpers (valid anywhere).
  if (name == "ceildiv" && args.size() == 2) {
    if (args[0].isIntLike() && args[1].isIntLike()) {
      if (args[1].i == 0)
        return error(pos, "T.ceildiv by zero");
      return binary("//", Val::integer(args[0].i + args[1].i - 1), args[1], pos);
    }
    // On block indices (`T.ceildiv((bx + 1) * block_M, block_N)`): index
    // arithmetic, usable wherever a runtime index is.
    auto isIndexLike = [](const Val &v) {
      return v.isIntLike() ||
             (v.kind == Val::Scalar && !isa<FloatType>(v.v.getType()));
    };
    if (kernelFunc && isIndexLike(args[0]) && isIndexLike(args[1])) {
      Result a = castTo(args[0], builder.getIndexType(), pos);
      Result b = a ? castTo(args[1], builder.getIndexType(), pos) : std::nullopt;
      if (!b)
        return std::nullopt;
      return Val::scalar(arith::CeilDivSIOp::create(builder, l, a->v, b->v));
    }
    return unsupported(pos, "T.ceildiv needs integers known at compile time");
  }
  // T.clamp(x, lo, hi) == T.min(T.max(x, lo), hi).
  if (name == "clamp" && args.size() == 3) {
    Result lo = callLanguage("max", {args[0], args[1]}, {}, pos);
    return lo ? callLanguage("min", {*lo, args[2]}, {}, pos) : std::nullopt;
  }
  if ((name == "max" || name == "min") && args.size() >= 2) {
    Val acc = args[0];
    for (size_t k = 1; k < args.size(); ++k) {
      if (acc.isIntLike() && args[k].isIntLike())
        acc = Val::integer(name == "max" ? std::max(acc.i, args[k].i)
                                         : std::min(acc.i, args[k].i));
      else if ((acc.isIntLike() || acc.kind == Val::Float) &&
               (args[k].isIntLike() || args[k].kind == Val::Float)) {
        double a = acc.kind == Val::Float ? acc.f : acc.i;
        double b = args[k].kind == Val::Float ? args[k].f : args[k].i;
        acc = Val::real(name == "max" ? std::max(a, b) : std::min(a, b));
      } else if (kernelFunc) {
        Result r = scalarBinary(name, acc, args[k], pos);
        if (!r)
          return std::nullopt;
        acc = *r;
      } else {
        return unsupported(pos, name + " of values not known at compile time");
      }
    }
    return acc;
  }
  // dtype names used as values or as constructors: T.float32(0).
  if (Type t = llvm::StringSwitch<Type>(name)
                   .Cases({"float16", "bfloat16", "float32", "int32", "int8",
                           "int16", "uint8", "float64"},
                          builder.getF32Type())
                   .Default(Type())) {
    (void)t;
    if (args.empty())
      return Val::str(name.str());
    if (args[0].isIntLike() || args[0].kind == Val::Float)
      return name.starts_with("float") || name.starts_with("bfloat")
                 ? Val::real(args[0].kind == Val::Float ? args[0].f : args[0].i)
                 : Val::integer(args[0].kind == Val::Float ? (int64_t)args[0].f
                                                           : args[0].i);
    std::optional<Type> dt = toDType(Val::str(name.str()), pos);
    return dt ? castTo(args[0], *dt, pos) : std::nullopt;
  }
  if (name == "Tensor" || name == "Buffer" || name == "StridedTensor" ||
      name == "FragmentBuffer" || name == "SharedBuffer") {
    if (args.empty())
      return error(pos, "expected T." + name + "(shape, dtype)");
    std::optional<SmallVector<int64_t>> shape = toShape(args[0], pos);
    if (!shape)
      return std::nullopt;
    std::optional<Type> dt =
        toDType(getArg(args, kwargs, 1, "dtype", Val::str("float32")), pos);
    if (!dt)
      return std::nullopt;
    Val r;
    r.kind = Val::Str;
    r.s = "__tensor_type__";
    r.v = Value();
    r.pos = pos;
    r.elems.push_back(Val::none());
    // Keep the type in an attribute-free way: stash it in a TypeAttr string.
    r.kw.emplace_back("type", Val::none());
    r.f = 0;
    r.i = 0;
    // Encode the memref type by printing it; buildPrimFunc parses it back.
    std::string text;
    llvm::raw_string_ostream os(text);
    os << MemRefType::get(*shape, *dt);
    r.kw.back().second = Val::str(text);
    return r;
  }

  // `M = T.symbolic("m")` in a factory: a size only known at run time.
  // Harmless until a kernel needs it, then toConstInt says why.
  if (!kernelFunc && (name == "symbolic" || name == "dynamic" ||
                      name == "dyn")) {
    std::string what = "T." + name.str() + "(" +
                       (args.empty() || args[0].kind != Val::Str
                            ? std::string()
                            : "\"" + args[0].s + "\"") +
                       "), a size known only at run time (dynamic shapes are "
                       "not supported on Tenstorrent; pass a concrete size)";
    return Val::opaque(what, pos);
  }
  if (!kernelFunc)
    return unsupported(pos, "T." + name + " is only meaningful in a kernel");

  if (name == "const" || name == "dynamic" || name == "symbolic") {
    // `M, N = T.const("M, N")`: sizes given to `.compile(M=..., N=...)`.
    if (!eagerConsts)
      return error(pos, "T." + name + " sizes are only known in a "
                        "@tilelang.jit kernel instantiated with "
                        ".compile(...); dynamic shapes are not supported");
    if (args.empty() || args[0].kind != Val::Str)
      return error(pos, "expected T." + name + "(\"M, N, ...\")");
    SmallVector<StringRef> names;
    StringRef(args[0].s).split(names, ',', -1, /*KeepEmpty=*/false);
    Val tuple;
    tuple.kind = Val::Tuple;
    for (StringRef n : names) {
      n = n.trim();
      const KwArg *found = nullptr;
      for (const KwArg &kw : *eagerConsts)
        if (kw.first == n)
          found = &kw;
      if (!found)
        return error(pos, "size '" + n + "' of T." + name +
                              " has no value; pass " + n +
                              "=... to .compile()");
      tuple.elems.push_back(found->second);
    }
    if (tuple.elems.size() == 1)
      return tuple.elems[0];
    return tuple;
  }
  if (name == "empty") {
    // `C = T.empty((M, N), dtype)`: the kernel's output, a new argument
    // after the declared inputs (named when assigned).
    if (!eagerConsts || !isa<func::FuncOp>(kernelFunc))
      return error(pos, "T.empty is only supported in a @tilelang.jit "
                        "kernel instantiated with .compile(...)");
    if (args.empty())
      return error(pos, "expected T.empty(shape, dtype)");
    std::optional<SmallVector<int64_t>> shape = toShape(args[0], pos);
    if (!shape)
      return std::nullopt;
    std::optional<Type> dt =
        toDType(getArg(args, kwargs, 1, "dtype", Val::str("float32")), pos);
    if (!dt)
      return std::nullopt;
    return addKernelArgument(MemRefType::get(*shape, *dt), "", pos);
  }

  if (isGpuHint(name)) {
    remark(pos, "ignoring GPU scheduling hint T." + name +
                    " (no meaning on Tenstorrent)");
    return Val::none();
  }
  for (auto &[k, v] : kwargs)
    if (k == "coalesced_width" || k == "policy" || k == "k_pack" ||
        k == "wg_wait" || k == "disable_tma" || k == "eviction_policy" ||
        k == "order" || k == "stage" || k == "group" || k == "sync")
      remark(pos, "ignoring GPU scheduling hint '" + k +
                      "=' (no meaning on Tenstorrent)");

  if (name == "Pipelined" || name == "serial" || name == "Serial" ||
      name == "Parallel" || name == "unroll" || name == "vectorized") {
    Val r;
    r.kind = Val::Range;
    r.s = name == "Pipelined" || name == "Parallel" ? name.str() : "serial";
    r.elems = std::move(args);
    r.kw = std::move(kwargs);
    r.pos = pos;
    return r;
  }
  if (name == "alloc_var") {
    // `x = T.alloc_var(dtype[, init])`: a block-uniform scalar. Later
    // assignments `x = expr` rebind it, converted to its dtype (see assign);
    // without an initializer it starts at zero, TileLang's being undefined.
    if (args.empty() && kwargs.empty())
      return error(pos, "expected T.alloc_var(dtype[, init])");
    std::optional<Type> dt =
        toDType(getArg(args, kwargs, 0, "dtype", Val::str("float32")), pos);
    if (!dt)
      return std::nullopt;
    Result v = castTo(getArg(args, kwargs, 1, "init", Val::integer(0)), *dt, pos);
    if (!v)
      return std::nullopt;
    v->s = kAllocVarTag;
    return v;
  }
  if (name == "alloc_shared" || name == "alloc_fragment") {
    if (args.empty())
      return error(pos, "expected T." + name + "(shape, dtype)");
    std::optional<SmallVector<int64_t>> shape = toShape(args[0], pos);
    if (!shape)
      return std::nullopt;
    std::optional<Type> dt =
        toDType(getArg(args, kwargs, 1, "dtype", Val::str("float32")), pos);
    if (!dt)
      return std::nullopt;
    auto space = tl::MemorySpaceAttr::get(
        ctx, name == "alloc_shared" ? tl::MemorySpace::Shared
                                    : tl::MemorySpace::Fragment);
    auto type = MemRefType::get(*shape, *dt, MemRefLayoutAttrInterface(), space);
    Operation *op;
    if (name == "alloc_shared")
      op = tl::AllocSharedOp::create(builder, l, type);
    else
      op = tl::AllocFragmentOp::create(builder, l, type);
    Val r;
    r.kind = Val::Buffer;
    r.v = op->getResult(0);
    return r;
  }
  auto asBuffer = [&](const Val &v, StringRef what) -> std::optional<Value> {
    if (v.kind == Val::Buffer)
      return v.v;
    emitError(l) << "expected " << what << " to be a buffer";
    return std::nullopt;
  };
  if (name == "copy") {
    if (args.size() < 2)
      return error(pos, "expected T.copy(src, dst)");
    // Each side: a buffer, or buffer[point] / buffer[slices].
    struct Side {
      Value buf;
      SmallVector<Value> offsets;
      SmallVector<bool> sliced; // per dimension: a slice, not a point
      bool windowed = false;
    };
    auto side = [&](const Val &v, Side &s) -> LogicalResult {
      if (v.kind == Val::Buffer) {
        s.buf = v.v;
        return success();
      }
      if (v.kind != Val::Region)
        return emitError(l) << "expected T.copy operands to be buffers or "
                               "buffer windows";
      s.buf = v.v;
      s.windowed = true;
      for (const Val &i : v.elems) {
        Val start = i.kind == Val::Slice ? i.elems[0] : i;
        s.sliced.push_back(i.kind == Val::Slice);
        if (start.kind == Val::None)
          start = Val::integer(0);
        std::optional<Value> x = toIndex(start, pos);
        if (!x)
          return failure();
        s.offsets.push_back(*x);
      }
      return success();
    };
    Side src, dst;
    if (failed(side(args[0], src)) || failed(side(args[1], dst)))
      return std::nullopt;
    for (Side *s : {&src, &dst}) {
      auto type = cast<MemRefType>(s->buf.getType());
      Side *other = s == &src ? &dst : &src;
      auto otherType = cast<MemRefType>(other->buf.getType());
      // The window's extent is the local buffer's shape laid over the
      // tensor's trailing dimensions (the tl.copy contract), so a slice of a
      // leading dimension, or a point in a spanned one, cannot be expressed.
      if (tl::isGlobalBuffer(type) && tl::isLocalBuffer(otherType) &&
          llvm::is_contained(s->sliced, true)) {
        int64_t lead = type.getRank() - otherType.getRank();
        for (auto [d, isSlice] : llvm::enumerate(s->sliced)) {
          bool spanned = (int64_t)d >= lead;
          if (isSlice && !spanned)
            return error(pos, "T.copy's window slices dimension " + Twine(d) +
                                  " of the " + Twine(type.getRank()) +
                                  "-D tensor '" + tl::getBufferName(s->buf) +
                                  "', but a " + Twine(otherType.getRank()) +
                                  "-D buffer spans only its trailing " +
                                  Twine(otherType.getRank()) +
                                  " dimensions; index leading dimensions with "
                                  "a single point");
          if (!isSlice && spanned && otherType.getDimSize(d - lead) != 1)
            return error(pos, "T.copy's window indexes dimension " + Twine(d) +
                                  " of '" + tl::getBufferName(s->buf) +
                                  "' with a point, but the buffer it pairs "
                                  "with spans it; use a slice");
        }
      }
      if (tl::isGlobalBuffer(type)) {
        if (!s->windowed)
          for (int64_t d = 0; d < type.getRank(); ++d)
            s->offsets.push_back(
                arith::ConstantIndexOp::create(builder, l, 0).getResult());
      } else if (s->windowed) {
        bool whole = llvm::all_of(s->offsets, [](Value o) {
          auto c = o.getDefiningOp<arith::ConstantIndexOp>();
          return c && c.value() == 0;
        });
        if (!whole)
          return error(pos, "windows into block-local buffers are not "
                            "supported; copy whole shared/fragment buffers");
        s->offsets.clear();
      }
    }
    tl::CopyOp::create(builder, l, src.buf, src.offsets, dst.buf, dst.offsets);
    return Val::none();
  }
  if (name == "gemm" || name == "gemm_v2" || name == "gemm_v1") {
    if (args.size() < 3)
      return error(pos, "expected T.gemm(A, B, C, transpose_A=..., "
                        "transpose_B=..., clear_accum=...)");
    std::optional<Value> a = asBuffer(args[0], "T.gemm's A"),
                         b = asBuffer(args[1], "T.gemm's B"),
                         c = asBuffer(args[2], "T.gemm's C");
    if (!a || !b || !c)
      return std::nullopt;
    auto flag = [&](size_t i, StringRef n) -> std::optional<bool> {
      Val v = getArg(args, kwargs, i, n, Val::boolean(false));
      std::optional<bool> t = truth(v, pos);
      if (!t)
        emitError(l) << "expected " << n << " to be a constant bool";
      return t;
    };
    std::optional<bool> ta = flag(3, "transpose_A"), tb = flag(4, "transpose_B"),
                        clear = flag(6, "clear_accum");
    if (!ta || !tb || !clear)
      return std::nullopt;
    for (const Val &v : {args[0], args[1], args[2]})
      if (!tl::isLocalBuffer(v.v.getType()))
        return error(pos, "T.gemm operands must be T.alloc_shared or "
                          "T.alloc_fragment buffers; got global tensor '" +
                              tl::getBufferName(v.v) + "'");
    tl::GemmOp::create(builder, l, *a, *b, *c, *ta, *tb, *clear);
    return Val::none();
  }
  if (name == "clear" || name == "fill") {
    if (args.empty() || (name == "fill" && args.size() < 2))
      return error(pos, name == "clear" ? "expected T.clear(buffer)"
                                        : "expected T.fill(buffer, value)");
    std::optional<Value> buf = asBuffer(args[0], "T." + name.str() + "'s operand");
    if (!buf)
      return std::nullopt;
    if (!tl::isLocalBuffer(buf->getType()))
      return error(pos, "T." + name + " needs a shared or fragment buffer");
    if (name == "clear") {
      tl::ClearOp::create(builder, l, *buf);
      return Val::none();
    }
    Val v = args[1];
    if (!(v.isIntLike() || v.kind == Val::Float))
      return error(pos, "expected T.fill's value to be a constant number");
    tl::FillOp::create(builder, 
        l, *buf, builder.getF64FloatAttr(v.kind == Val::Float ? v.f : v.i));
    return Val::none();
  }
  if (name.starts_with("reduce_")) {
    auto kind = llvm::StringSwitch<std::optional<tl::ReduceKind>>(name)
                    .Cases({"reduce_sum", "reduce_abssum"}, tl::ReduceKind::Sum)
                    .Cases({"reduce_max", "reduce_absmax"}, tl::ReduceKind::Max)
                    .Case("reduce_min", tl::ReduceKind::Min)
                    .Default(std::nullopt);
    bool ofAbs = name == "reduce_absmax" || name == "reduce_abssum";
    if (kind && args.size() >= 2) {
      std::optional<Value> src = asBuffer(args[0], "the reduce source"),
                           dst = asBuffer(args[1], "the reduce destination");
      if (!src || !dst)
        return std::nullopt;
      std::optional<int64_t> dim = toConstInt(
          getArg(args, kwargs, 2, "dim", Val::integer(-1)), pos, "dim");
      std::optional<bool> clear =
          truth(getArg(args, kwargs, 3, "clear", Val::boolean(true)), pos);
      if (!dim || !clear)
        return error(pos, "expected constant dim= and clear=");
      int64_t rank = cast<MemRefType>(src->getType()).getRank();
      if (*dim < 0)
        *dim += rank;
      if (!tl::isLocalBuffer(src->getType()) || !tl::isLocalBuffer(dst->getType()))
        return error(pos, "T." + name + " needs shared or fragment buffers");
      if (ofAbs)
        src = absInto(*src, pos);
      tl::ReduceOp::create(builder, l, *src, *dst,
                                   *kind, *dim,
                                   *clear);
      return Val::none();
    }
  }
  if (name == "annotate_layout") {
    if (args.size() != 1 || args[0].kind != Val::Dict)
      return error(pos, "expected T.annotate_layout({buffer: layout, ...})");
    func::FuncOp fn = cast<func::FuncOp>(kernelFunc);
    SmallVector<NamedAttribute> entries;
    if (auto old = fn->getAttrOfType<DictionaryAttr>("tt.layout_desc"))
      entries.append(old.begin(), old.end());
    size_t bufIdx = 0;
    for (auto &[key, value] : args[0].kw) {
      if (key[0] != '\x01')
        return error(pos, "expected T.annotate_layout keys to be buffers");
      Value buf = args[0].elems[bufIdx++].v;
      if (value.kind != Val::Dict) {
        remark(pos, "ignoring GPU layout hint for '" +
                        tl::getBufferName(buf) + "' (no meaning on Tenstorrent)");
        continue;
      }
      SmallVector<NamedAttribute> fields;
      for (auto &[fk, fv] : value.kw) {
        Attribute a = toLayoutField(fv, fk, pos);
        if (!a)
          return std::nullopt;
        fields.push_back(builder.getNamedAttr(fk, a));
      }
      entries.push_back(builder.getNamedAttr(tl::getBufferName(buf),
                                             builder.getDictionaryAttr(fields)));
    }
    if (!entries.empty())
      fn->setAttr("tt.layout_desc", builder.getDictionaryAttr(entries));
    return Val::none();
  }
  if (name == "annotate_core_grid") {
    if (args.size() != 2)
      return error(pos, "expected T.annotate_core_grid(gx, gy)");
    std::optional<int64_t> gx = toConstInt(args[0], pos, "gx"),
                           gy = toConstInt(args[1], pos, "gy");
    if (!gx || !gy)
      return std::nullopt;
    if (*gx <= 0 || *gy <= 0)
      return error(pos, "expected a positive core grid");
    kernelFunc->setAttr("tt.core_grid", tt::CoreGridAttr::get(ctx, *gx, *gy));
    return Val::none();
  }
  if (name == "if_then_else" && args.size() == 3) {
    // A condition known at compile time picks its branch here.
    if (args[0].kind == Val::Bool || args[0].kind == Val::Int) {
      Val &chosen = args[0].i ? args[1] : args[2];
      if (chosen.kind == Val::Region)
        return load(chosen, pos);
      return chosen;
    }
    std::optional<Value> c = toValue(args[0], Type(), pos);
    if (!c)
      return std::nullopt;
    if (!c->getType().isInteger(1))
      return error(pos, "expected T.if_then_else's condition to be a "
                        "comparison");
    if (failed(checkParallelSelect(*c, pos)))
      return std::nullopt;
    // Literals take the type of the other branch (`T.if_then_else(m, x, 0)`);
    // two literals are f32 if either is a float.
    Type t;
    for (Val &v : {std::ref(args[1]), std::ref(args[2])}) {
      if (v.kind == Val::Region) {
        Result x = load(v, pos);
        if (!x)
          return std::nullopt;
        v = *x;
      }
      if (!t && v.kind == Val::Scalar)
        t = v.v.getType();
    }
    if (!t)
      t = args[1].kind == Val::Float || args[2].kind == Val::Float
              ? Type(builder.getF32Type())
              : Type(builder.getIndexType());
    Result a = castTo(args[1], t, pos);
    Result b = a ? castTo(args[2], t, pos) : std::nullopt;
    if (!b)
      return std::nullopt;
    return Val::scalar(arith::SelectOp::create(builder, l, *c, a->v, b->v));
  }
  if (name == "cast" && args.size() == 2) {
    std::optional<Type> t = toDType(args[1], pos);
    return t ? castTo(args[0], *t, pos) : std::nullopt;
  }
  // TVM's spelling puts the dtype first: T.Cast("float32", x).
  if (name == "Cast" && args.size() == 2) {
    std::optional<Type> t = toDType(args[0], pos);
    return t ? castTo(args[1], *t, pos) : std::nullopt;
  }
  if (name == "infinity" || name == "max_value" || name == "min_value") {
    std::optional<Type> t = toDType(getArg(args, kwargs, 0, "dtype"), pos);
    if (!t)
      return std::nullopt;
    auto ft = dyn_cast<FloatType>(*t);
    if (!ft)
      return error(pos, "T." + name + " needs a float dtype");
    // A compile-time number, so that `-T.infinity(dtype)` folds and can fill
    // a buffer; it takes the element type of whatever it combines with.
    APFloat v = name == "infinity" ? APFloat::getInf(ft.getFloatSemantics())
                                   : APFloat::getLargest(ft.getFloatSemantics(),
                                                         name == "min_value");
    return Val::real(v.convertToDouble());
  }
  using UnaryBuilder = Value (*)(OpBuilder &, Location, Value);
  static const llvm::StringMap<UnaryBuilder> unaryMath = {
      {"exp", [](OpBuilder &b, Location l, Value x) -> Value { return math::ExpOp::create(b, l, x); }},
      {"exp2", [](OpBuilder &b, Location l, Value x) -> Value { return math::Exp2Op::create(b, l, x); }},
      {"log", [](OpBuilder &b, Location l, Value x) -> Value { return math::LogOp::create(b, l, x); }},
      {"log2", [](OpBuilder &b, Location l, Value x) -> Value { return math::Log2Op::create(b, l, x); }},
      {"sqrt", [](OpBuilder &b, Location l, Value x) -> Value { return math::SqrtOp::create(b, l, x); }},
      {"rsqrt", [](OpBuilder &b, Location l, Value x) -> Value { return math::RsqrtOp::create(b, l, x); }},
      {"tanh", [](OpBuilder &b, Location l, Value x) -> Value { return math::TanhOp::create(b, l, x); }},
      {"abs", [](OpBuilder &b, Location l, Value x) -> Value { return math::AbsFOp::create(b, l, x); }},
      {"sigmoid", [](OpBuilder &b, Location l, Value x) -> Value {
         // 1 / (1 + exp(-x))
         Value one = arith::ConstantOp::create(b, l, b.getFloatAttr(x.getType(), 1.0));
         Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, x));
         return arith::DivFOp::create(b, l, one, arith::AddFOp::create(b, l, one, e));
       }},
  };
  if (auto it = unaryMath.find(name); it != unaryMath.end() && args.size() == 1) {
    if (name == "abs" && args[0].isIntLike())
      return Val::integer(std::abs(args[0].i));
    if (name == "abs" && args[0].kind == Val::Float)
      return Val::real(std::abs(args[0].f));
    std::optional<Value> x = toValue(args[0], Type(), pos);
    if (!x)
      return std::nullopt;
    if (!isa<FloatType>(x->getType()))
      return error(pos, "T." + name + " expects a floating-point value");
    return Val::scalar(it->second(builder, l, *x));
  }
  if (name == "Kernel")
    return error(pos, "T.Kernel must be used as 'with T.Kernel(...) as ...:'");
  if (hasNoTTMeaning(name))
    return error(pos, "T." + name +
                          " has no Tenstorrent lowering and ignoring it would "
                          "change results; " +
                          kSupported);
  return error(pos, "T." + name + " is not supported by the tilett frontend; " +
                        kSupported);
}

/// One field of a user layout dictionary, kept as written for
/// PropagateTTLayout to normalise.
Attribute Interpreter::toLayoutField(const Val &fv, StringRef fk,
                                     ast::Pos pos) {
  if (fv.kind == Val::Str)
    return builder.getStringAttr(fv.s);
  if (fv.kind == Val::Bool)
    return builder.getBoolAttr(fv.i);
  if (fv.kind == Val::Int)
    return builder.getI64IntegerAttr(fv.i);
  if (fv.kind == Val::Tuple || fv.kind == Val::List) {
    SmallVector<int64_t> xs;
    for (const Val &x : fv.elems) {
      if (!x.isIntLike()) {
        emitError(loc(pos)) << "expected integers in layout field '" << fk
                            << "'";
        return {};
      }
      xs.push_back(x.i);
    }
    return builder.getI64ArrayAttr(xs);
  }
  emitError(loc(pos)) << "expected a string, bool, integer or list for "
                         "layout field '"
                      << fk << "'";
  return {};
}

/// The original backend's ir_sugar.py on a built kernel. Each call goes
/// through the tt dialect's own sugar, which checks the value against the
/// function; the kernel value is returned so `f = with_core_grid(f, 4, 4)`
/// keeps working.
Result Interpreter::callTTSugar(StringRef name, const std::vector<Val> &args,
                                const std::vector<KwArg> &kwargs,
                                ast::Pos pos) {
  auto pair = [&](const Val &v, int64_t &x, int64_t &y) {
    if ((v.kind != Val::Tuple && v.kind != Val::List) || v.elems.size() != 2 ||
        !v.elems[0].isIntLike() || !v.elems[1].isIntLike())
      return false;
    x = v.elems[0].i;
    y = v.elems[1].i;
    return true;
  };
  if (name == "CoreRange") {
    Val start = getArg(args, kwargs, 0, "start", Val::none());
    Val extent = getArg(args, kwargs, 1, "extent", Val::none());
    int64_t sx, sy, ex, ey;
    if (!pair(start, sx, sy) || !pair(extent, ex, ey))
      return unsupported(pos, "CoreRange(start, extent) of values not known "
                              "at compile time");
    Val r;
    r.kind = Val::Dict;
    r.kw = {{"start", start}, {"extent", extent}};
    r.s = "__core_range__";
    return r;
  }
  // Applied to anything but a kernel (a TVM PrimFunc built some other way),
  // the call is driver code.
  if (args.empty() || args[0].kind != Val::PrimFunc)
    return unsupported(pos, name + " of a value that is not a @T.prim_func");
  Val kernel = args[0];
  auto fn = module.lookupSymbol<func::FuncOp>(kernel.s);
  if (!fn)
    return unsupported(pos, name + " of a kernel that was not built");
  Location l = loc(pos);
  auto failedAt = [&]() -> Result {
    return error(pos, name + " rejected its arguments (see the error above)");
  };
  if (name == "with_core_grid") {
    Val gxv = getArg(args, kwargs, 1, "gx", Val::none());
    Val gyv = getArg(args, kwargs, 2, "gy", Val::none());
    std::optional<int64_t> gx = toConstInt(gxv, pos, "gx");
    std::optional<int64_t> gy = gx ? toConstInt(gyv, pos, "gy") : std::nullopt;
    if (!gy)
      return std::nullopt;
    if (failed(tt::withCoreGrid(fn, *gx, *gy)))
      return failedAt();
    return kernel;
  }
  if (name == "with_core_ranges") {
    Val list = getArg(args, kwargs, 1, "ranges", Val::none());
    if (list.kind != Val::List && list.kind != Val::Tuple)
      return error(pos, "expected with_core_ranges(func, [CoreRange(start, "
                        "extent), ...])");
    SmallVector<tt::CoreRange> ranges;
    for (const Val &r : list.elems) {
      tt::CoreRange cr;
      if (r.s != "__core_range__" || !pair(r.kw[0].second, cr.sx, cr.sy) ||
          !pair(r.kw[1].second, cr.ex, cr.ey))
        return error(pos, "expected with_core_ranges(func, [CoreRange(start, "
                          "extent), ...])");
      ranges.push_back(cr);
    }
    if (failed(tt::withCoreRanges(fn, ranges)))
      return failedAt();
    return kernel;
  }
  if (name == "with_layout_desc") {
    Val layouts = getArg(args, kwargs, 1, "layouts", Val::none());
    if (layouts.kind != Val::Dict)
      return error(pos, "expected with_layout_desc(func, {\"A\": {...}, ...})");
    SmallVector<NamedAttribute> entries;
    for (auto &[buffer, layout] : layouts.kw) {
      if (buffer.empty() || buffer[0] == '\x01' || buffer[0] == '\x02' ||
          layout.kind != Val::Dict)
        return error(pos, "expected with_layout_desc(func, {\"A\": {...}, "
                          "...}) keyed by buffer names");
      SmallVector<NamedAttribute> fields;
      for (auto &[fk, fv] : layout.kw) {
        Attribute a = toLayoutField(fv, fk, pos);
        if (!a)
          return std::nullopt;
        fields.push_back(builder.getNamedAttr(fk, a));
      }
      entries.push_back(
          builder.getNamedAttr(buffer, builder.getDictionaryAttr(fields)));
    }
    if (failed(tt::withLayoutDesc(fn, builder.getDictionaryAttr(entries))))
      return failedAt();
    return kernel;
  }
  // with_work_partition: tilett derives the partition (TTTilesToCoreMap).
  mlir::emitWarning(l) << "ignoring " << name
                       << ": tilett computes the work partition itself "
                          "(TTTilesToCoreMap)";
  return kernel;
}

Val Interpreter::addKernelArgument(Type type, StringRef name, ast::Pos pos) {
  auto fn = cast<func::FuncOp>(kernelFunc);
  unsigned index = fn.getNumArguments();
  (void)fn.insertArgument(index, type,
                          builder.getDictionaryAttr(builder.getNamedAttr(
                              tl::kBufferNameAttr, builder.getStringAttr(name))),
                          loc(pos));
  Val b;
  b.kind = Val::Buffer;
  b.v = fn.getArgument(index);
  return b;
}

Result Interpreter::buildEagerKernel(const Val &fnVal, std::vector<Val> args,
                                     std::vector<KwArg> kwargs,
                                     ast::Pos pos) {
  const ast::Stmt &def = *fnVal.fn;
  // With an entry call, only that call instantiates kernels.
  if (!buildKernels)
    return Val::opaque("kernel not instantiated", pos);
  if (kernelFunc)
    return error(pos, "a @tilelang.jit kernel cannot be compiled inside a "
                      "kernel");
  if (callStack.size() >= 64)
    return error(pos, "calls nested too deeply");
  // Parameters take positional values, then keywords, then defaults; the
  // rest are tensors declared later with `A: T.Tensor(...)`. Keywords that
  // name no parameter are the T.const sizes.
  auto local = std::make_shared<Env>();
  local->parent = fnVal.env;
  size_t next = 0;
  for (auto [p, param] : llvm::enumerate(def.params)) {
    if (param.variadic)
      continue;
    Val v = Val::opaque("tensor parameter '" + param.name +
                            "' (declare it with " + param.name +
                            ": T.Tensor(shape, dtype))",
                        param.pos);
    if (param.defaultValue)
      v = fnVal.elems[p];
    if (next < args.size())
      v = args[next++];
    for (auto &[k, kv] : kwargs)
      if (k == param.name)
        v = kv;
    local->vars[param.name] = v;
  }

  // Sizes not given by keyword come from torch tensors passed for declared
  // parameters: `A: T.Tensor((M, K), dtype)` with A of shape (1024, 512)
  // gives M = 1024, K = 512.
  for (const ast::StmtPtr &st : def.body) {
    if (st->kind != ast::Stmt::AnnAssign || st->value ||
        st->targets[0]->kind != ast::Expr::Name || !st->annotation ||
        st->annotation->kind != ast::Expr::Call ||
        st->annotation->kids.size() < 2)
      continue;
    Val *given = local->lookup(st->targets[0]->name);
    const ast::Expr &shape = *st->annotation->kids[1];
    if (!given || !isTorchTensor(*given) ||
        (shape.kind != ast::Expr::Tuple && shape.kind != ast::Expr::List) ||
        shape.kids.size() != given->elems.size())
      continue;
    for (auto [dim, size] : llvm::zip(shape.kids, given->elems)) {
      if (dim->kind != ast::Expr::Name ||
          llvm::any_of(kwargs, [&](const KwArg &kw) {
            return kw.first == dim->name;
          }))
        continue;
      kwargs.push_back({dim->name, size});
    }
  }

  std::string symbol = def.name;
  for (unsigned n = 1; module.lookupSymbol(symbol); ++n)
    symbol = def.name + "_" + std::to_string(n);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(builder, loc(def.pos), symbol,
                                         builder.getFunctionType({}, {}));
  Block *entry = fn.addEntryBlock();
  builder.setInsertionPointToEnd(entry);
  auto ret = func::ReturnOp::create(builder, loc(def.pos));
  builder.setInsertionPoint(ret);

  kernelFunc = fn;
  eagerConsts = &kwargs;
  callStack.push_back(def.name);
  Flow f = execBlock(def.body, local);
  callStack.pop_back();
  eagerConsts = nullptr;
  kernelFunc = nullptr;
  if (f == Flow::Error) {
    fn.erase();
    return std::nullopt;
  }
  Val result;
  result.kind = Val::PrimFunc;
  result.s = dedupInstance(fn, def.name + ":" + std::to_string((uintptr_t)&def));
  return result;
}

Result Interpreter::buildPrimFunc(const ast::Stmt &def,
                                  const std::shared_ptr<Env> &env) {
  // Kernel name: the prim_func's own name, unless it is the generic `main`,
  // then the factory that made it.
  std::string name = def.name;
  if (name == "main" && !callStack.empty() && callStack.back() != "main")
    name = callStack.back();

  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  Operation *savedKernel = kernelFunc;
  // Annotations are evaluated as kernel code: their errors are reported.
  kernelFunc = module;
  for (const ast::Param &p : def.params) {
    if (!p.annotation) {
      kernelFunc = savedKernel;
      return error(p.pos, "expected kernel parameter '" + p.name +
                              "' to be annotated with T.Tensor(shape, dtype)");
    }
    Result t = eval(*p.annotation, env);
    if (!t) {
      kernelFunc = savedKernel;
      return std::nullopt;
    }
    if (t->kind != Val::Str || t->s != "__tensor_type__") {
      kernelFunc = savedKernel;
      return error(p.annotation->pos,
                   "expected kernel parameter '" + p.name +
                       "' to be a T.Tensor(shape, dtype) or T.Buffer(shape, "
                       "dtype); scalar parameters are not supported");
    }
    Type type = parseType(t->kw[0].second.s, ctx);
    argTypes.push_back(type);
    argNames.push_back(p.name);
  }
  kernelFunc = savedKernel;

  std::string key = name + ":" + std::to_string((uintptr_t)&def);
  Val result;
  result.kind = Val::PrimFunc;

  // Unique symbol names for several instances of one factory.
  std::string symbol = name;
  for (unsigned n = 1; module.lookupSymbol(symbol); ++n)
    symbol = name + "_" + std::to_string(n);

  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(builder, loc(def.pos), symbol,
                                         builder.getFunctionType(argTypes, {}));
  Block *entry = fn.addEntryBlock();
  auto local = std::make_shared<Env>();
  local->parent = env;
  for (auto [i, argName] : llvm::enumerate(argNames)) {
    fn.setArgAttr(i, tl::kBufferNameAttr, builder.getStringAttr(argName));
    Val b;
    b.kind = Val::Buffer;
    b.v = entry->getArgument(i);
    local->vars[argName] = b;
  }
  builder.setInsertionPointToEnd(entry);
  auto ret = func::ReturnOp::create(builder, loc(def.pos));
  builder.setInsertionPoint(ret);

  kernelFunc = fn;
  callStack.push_back(def.name);
  Flow f = execBlock(def.body, local);
  callStack.pop_back();
  kernelFunc = savedKernel;
  if (f == Flow::Error)
    return std::nullopt;
  result.s = dedupInstance(fn, key);
  return result;
}

/// A factory called twice with the same values builds the same kernel; one
/// copy is kept. Instances differ whenever any value that reached the kernel
/// differs (sizes, dtypes, a flag choosing an epilogue), so equality is
/// decided on the built function, not on the factory's arguments.
std::string Interpreter::dedupInstance(func::FuncOp fn,
                                       const std::string &defKey) {
  auto print = [](func::FuncOp f) {
    std::string text;
    llvm::raw_string_ostream os(text);
    f->print(os, OpPrintingFlags().printGenericOpForm().useLocalScope());
    return text;
  };
  std::string symbol = fn.getSymName().str();
  std::vector<std::string> &seen = instances[defKey];
  for (const std::string &old : seen) {
    auto other = module.lookupSymbol<func::FuncOp>(old);
    if (!other)
      continue;
    fn.setSymName(old);
    bool same = print(fn) == print(other);
    fn.setSymName(symbol);
    if (same) {
      fn.erase();
      return old;
    }
  }
  seen.push_back(symbol);
  ++numKernels;
  return symbol;
}

Flow Interpreter::execKernelWith(const ast::Stmt &s, const Val &,
                                 const std::shared_ptr<Env> &env) {
  const ast::Expr &call = *s.items[0].first;
  if (!kernelFunc || kernelFunc == module.getOperation()) {
    emitError(loc(s.pos)) << "T.Kernel is only allowed in a @T.prim_func";
    return Flow::Error;
  }
  SmallVector<int64_t> grid;
  std::optional<int64_t> threads;
  for (size_t k = 1; k < call.kids.size(); ++k) {
    Result r = eval(*call.kids[k], env);
    if (!r)
      return Flow::Error;
    std::optional<int64_t> g = toConstInt(*r, call.kids[k]->pos, "a grid size");
    if (!g)
      return Flow::Error;
    grid.push_back(*g);
  }
  if (grid.empty() || grid.size() > 3) {
    emitError(loc(call.pos)) << "expected 1 to 3 grid dimensions in T.Kernel "
                                "but got "
                             << grid.size();
    return Flow::Error;
  }
  for (auto &[k, v] : call.kwargs) {
    Result r = eval(*v, env);
    if (!r)
      return Flow::Error;
    if (k == "threads") {
      if (r->isIntLike())
        threads = r->i;
      remark(v->pos, "ignoring GPU scheduling hint 'threads=' (no meaning on "
                     "Tenstorrent; kept for round trips)");
    } else if (k == "core_grid") {
      if ((r->kind != Val::Tuple && r->kind != Val::List) ||
          r->elems.size() != 2 || !r->elems[0].isIntLike() ||
          !r->elems[1].isIntLike() || r->elems[0].i <= 0 || r->elems[1].i <= 0) {
        emitError(loc(v->pos)) << "expected core_grid=(gx, gy) with positive "
                                  "integers";
        return Flow::Error;
      }
      kernelFunc->setAttr("tt.core_grid", tt::CoreGridAttr::get(
                                              ctx, r->elems[0].i, r->elems[1].i));
    } else if (k == "prelude" || k == "is_cpu" || k == "cluster_dims") {
      remark(v->pos, "ignoring T.Kernel argument '" + k + "='");
    } else {
      emitError(loc(v->pos)) << "unknown T.Kernel argument '" << k << "='";
      return Flow::Error;
    }
  }
  for (int64_t g : grid)
    if (g <= 0) {
      emitError(loc(call.pos)) << "expected positive grid sizes but got " << g;
      return Flow::Error;
    }
  auto kernel = tl::KernelOp::create(builder, loc(call.pos), grid, threads);
  Block *body = &kernel.getBody().front();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(body);
  if (const ast::Expr *target = s.items[0].second.get()) {
    Val idx;
    if (body->getNumArguments() == 1 && target->kind == ast::Expr::Name) {
      idx = Val::scalar(body->getArgument(0));
    } else {
      idx.kind = Val::Tuple;
      for (Value a : body->getArguments())
        idx.elems.push_back(Val::scalar(a));
    }
    if (failed(assign(*target, idx, env)))
      return Flow::Error;
  }
  Flow f = execBlock(s.body, env);
  return f == Flow::Error ? f : Flow::Normal;
}

/// The body of a kernel loop runs once, symbolically, so a name it binds to
/// a value computed inside the loop must not escape: a name that held a
/// number before the loop (an accumulator, a T.alloc_var) would need a
/// loop-carried value, which tilett does not model, so that is an error at
/// the assignment; a name the loop introduced is unbound after it (reading
/// it names the loop).
static void collectNames(const ast::Expr &e, llvm::StringSet<> &out) {
  if (e.kind == ast::Expr::Name)
    out.insert(e.name);
  for (const ast::ExprPtr &k : e.kids)
    collectNames(*k, out);
}

Flow Interpreter::escapeLoopScalars(const ast::Expr &target, Region &loop,
                                    const llvm::StringMap<Val> &before,
                                    const std::shared_ptr<Env> &env,
                                    ast::Pos pos) {
  llvm::StringSet<> ivs;
  collectNames(target, ivs);
  for (auto &entry : env->vars) {
    Val &v = entry.second;
    if (v.kind != Val::Scalar || !v.v || !loop.isAncestor(v.v.getParentRegion()))
      continue;
    StringRef name = entry.getKey();
    auto old = before.find(name);
    bool carried = !ivs.contains(name) && old != before.end() &&
                   (old->second.kind == Val::Scalar ||
                    old->second.isIntLike() || old->second.kind == Val::Float);
    if (carried) {
      Operation *def = v.v.getDefiningOp();
      emitError(def ? def->getLoc() : loc(pos))
          << "'" << name
          << "' is reassigned inside a kernel loop, so its value would carry "
             "from one iteration to the next; loop-carried scalars are not "
             "supported: accumulate into a buffer (T.alloc_fragment) instead";
      return Flow::Error;
    }
    v = Val::opaque("'" + name.str() + "' was bound inside a kernel loop "
                    "and is not defined after it", pos);
  }
  return Flow::Normal;
}

Flow Interpreter::execLoop(const ast::Stmt &s, const Val &range,
                           const std::shared_ptr<Env> &env) {
  ast::Pos pos = s.value->pos;
  Location l = loc(pos);
  const ast::Expr &target = *s.targets[0];
  auto runBody = [&](Block *body, ValueRange ivs) -> Flow {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(body->getTerminator() ? body->getTerminator()
                                                    : nullptr);
    if (!body->empty() && body->back().hasTrait<OpTrait::IsTerminator>())
      builder.setInsertionPoint(&body->back());
    else
      builder.setInsertionPointToEnd(body);
    Val idx;
    if (ivs.size() == 1 && target.kind != ast::Expr::Tuple) {
      idx = Val::scalar(ivs[0]);
    } else {
      idx.kind = Val::Tuple;
      for (Value v : ivs)
        idx.elems.push_back(Val::scalar(v));
    }
    llvm::StringMap<Val> before = env->vars;
    if (failed(assign(target, idx, env)))
      return Flow::Error;
    Flow f = execBlock(s.body, env);
    if (f == Flow::Break || f == Flow::Continue || f == Flow::Return) {
      emitError(l) << "'break', 'continue' and 'return' are not supported in "
                      "kernel loops";
      return Flow::Error;
    }
    if (f == Flow::Error)
      return f;
    return escapeLoopScalars(target, *body->getParent(), before, env, pos);
  };

  if (!kernelFunc) {
    // Driver loop over a constant range: run it (bounded by kMaxSteps).
    if (range.s != "range")
      return Flow::Normal;
    std::vector<int64_t> b;
    for (const Val &a : range.elems) {
      if (!a.isIntLike())
        return Flow::Normal;
      b.push_back(a.i);
    }
    int64_t lo = b.size() > 1 ? b[0] : 0, hi = b.size() > 1 ? b[1] : b.empty() ? 0 : b[0];
    int64_t step = b.size() > 2 ? b[2] : 1;
    if (step <= 0)
      return Flow::Normal;
    for (int64_t i = lo; i < hi; i += step) {
      if (failed(assign(target, Val::integer(i), env)))
        return Flow::Error;
      Flow f = execBlock(s.body, env);
      if (f == Flow::Break)
        break;
      if (f == Flow::Return || f == Flow::Error)
        return f;
    }
    return Flow::Normal;
  }

  if (range.s == "Parallel") {
    SmallVector<int64_t> extents;
    for (const Val &a : range.elems) {
      std::optional<int64_t> n = toConstInt(a, pos, "a T.Parallel extent");
      if (!n)
        return Flow::Error;
      if (*n <= 0) {
        emitError(l) << "expected positive T.Parallel extents but got " << *n;
        return Flow::Error;
      }
      extents.push_back(*n);
    }
    size_t numTargets = target.kind == ast::Expr::Tuple ? target.kids.size() : 1;
    if (extents.empty() || numTargets != extents.size()) {
      emitError(l) << "expected " << extents.size()
                   << " loop variables for T.Parallel but got " << numTargets;
      return Flow::Error;
    }
    auto par = tl::ParallelOp::create(builder, l, extents);
    ++parallelDepth;
    Flow f = runBody(&par.getBody().front(), par.getIndices());
    --parallelDepth;
    return f;
  }

  // T.Pipelined(n) / T.Pipelined(start, stop) and range-like loops.
  std::vector<Val> b = range.elems;
  if (b.empty() || b.size() > 3) {
    emitError(l) << "expected 1 to 3 loop bounds but got " << b.size();
    return Flow::Error;
  }
  Val lo = b.size() > 1 ? b[0] : Val::integer(0);
  Val hi = b.size() > 1 ? b[1] : b[0];
  Val step = b.size() > 2 ? b[2] : Val::integer(1);
  if (target.kind != ast::Expr::Name) {
    emitError(loc(target.pos)) << "expected one loop variable";
    return Flow::Error;
  }
  if (range.s == "Pipelined") {
    std::optional<int64_t> l0 = toConstInt(lo, pos, "the T.Pipelined start");
    std::optional<int64_t> h0 = l0 ? toConstInt(hi, pos, "the T.Pipelined trip count") : std::nullopt;
    std::optional<int64_t> s0 = h0 ? toConstInt(step, pos, "the T.Pipelined step") : std::nullopt;
    if (!s0)
      return Flow::Error;
    std::optional<int64_t> stages = toConstInt(
        getArg({}, range.kw, 0, "num_stages", Val::integer(1)), pos,
        "num_stages");
    if (!stages)
      return Flow::Error;
    if (*s0 <= 0 || *h0 < *l0 || *stages < 0) {
      emitError(l) << "expected a non-empty T.Pipelined range with a positive "
                      "step and num_stages >= 0";
      return Flow::Error;
    }
    auto pipe = tl::PipelinedOp::create(builder, l, *l0, *h0, *s0,
                                                std::max<int64_t>(*stages, 1));
    return runBody(&pipe.getBody().front(), pipe.getBody().front().getArguments());
  }
  std::optional<Value> lv = toIndex(lo, pos);
  std::optional<Value> hv = lv ? toIndex(hi, pos) : std::nullopt;
  std::optional<Value> sv = hv ? toIndex(step, pos) : std::nullopt;
  if (!sv)
    return Flow::Error;
  if (step.isIntLike() && step.i <= 0) {
    emitError(l) << "expected a positive loop step";
    return Flow::Error;
  }
  auto loop = scf::ForOp::create(builder, l, *lv, *hv, *sv);
  return runBody(loop.getBody(), loop.getInductionVar());
}
