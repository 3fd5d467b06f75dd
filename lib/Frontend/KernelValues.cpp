//===- KernelValues.cpp - Script values as typed kernel values ------------===//
//
// Converts interpreter values to what kernel ops take: dtypes, constant
// integers and shapes, SSA index and element values, and casts between
// element types.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "mlir/AsmParser/AsmParser.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::frontend;

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
  else if (name == "ptr" || name == "handle")
    emitError(loc(pos)) << "T." << name << " tensors (tables of device "
                           "pointers) have no Tenstorrent equivalent: cores "
                           "reach DRAM through the kernel's tensor "
                           "arguments, not through pointers read from memory";
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
