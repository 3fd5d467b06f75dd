//===- PythonOperators.cpp - Unary, binary and comparison operators -------===//
//
// Python's operators on compile-time values (ints, floats, strings, tuples,
// dtypes), with Python's floor division and modulo; operands that are SSA
// values are handed to ElementAccess.cpp's scalar arithmetic.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tilett::frontend;
using ast::Expr;
using ast::Stmt;

Result Interpreter::unary(StringRef op, Val v, ast::Pos pos) {
  if (op == "not") {
    std::optional<bool> b = truth(v, pos);
    if (!b && v.kind == Val::Opaque && !kernelFunc)
      return driverOperand(v, pos);
    if (!b)
      return unsupported(pos, "'not' needs a value known at compile time");
    return Val::boolean(!*b);
  }
  if (v.isIntLike()) {
    if (op == "-") return Val::integer(-v.i);
    if (op == "~") return Val::integer(~v.i);
    return Val::integer(v.i);
  }
  if (v.kind == Val::Float)
    return Val::real(op == "-" ? -v.f : v.f);
  if (op == "-" && (v.kind == Val::Scalar || v.kind == Val::Region))
    return scalarBinary("-", Val::integer(0), v, pos);
  if (op == "+")
    return v;
  return unsupported(pos, "unary '" + op + "' is not supported here");
}

/// The result of an operator on an opaque driver value: unknown for the
/// operand's reason. Arithmetic on a torch tensor is not a tensor of the same
/// shape in general (`q @ k.T`), so it loses the shape.
Val Interpreter::driverOperand(const Val &v, ast::Pos pos) {
  if (isTorchTensor(v))
    return Val::opaque("arithmetic on a torch tensor (driver data, not "
                       "modelled at compile time)",
                       pos);
  return v;
}

/// Python's floor division and modulo on integers.
static int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

Result Interpreter::binary(StringRef op, Val l, Val r, ast::Pos pos) {
  if (l.isIntLike() && r.isIntLike()) {
    int64_t a = l.i, b = r.i;
    if ((op == "//" || op == "%") && b == 0)
      return error(pos, "integer division by zero");
    if (op == "+") return Val::integer(a + b);
    if (op == "-") return Val::integer(a - b);
    if (op == "*") return Val::integer(a * b);
    if (op == "//") return Val::integer(floorDiv(a, b));
    if (op == "%") return Val::integer(a - floorDiv(a, b) * b);
    if (op == "/") {
      if (b == 0)
        return error(pos, "division by zero");
      return Val::real((double)a / b);
    }
    if (op == "**") {
      if (b < 0 || b > 62)
        return unsupported(pos, "exponent out of range");
      int64_t p = 1;
      for (int64_t k = 0; k < b; ++k)
        p *= a;
      return Val::integer(p);
    }
    if (op == "&") return Val::integer(a & b);
    if (op == "|") return Val::integer(a | b);
    if (op == "^") return Val::integer(a ^ b);
    if (op == "<<" && b >= 0 && b < 63) return Val::integer(a << b);
    if (op == ">>" && b >= 0 && b < 63) return Val::integer(a >> b);
    return unsupported(pos, "operator '" + op + "' is not supported here");
  }
  bool lNum = l.isIntLike() || l.kind == Val::Float;
  bool rNum = r.isIntLike() || r.kind == Val::Float;
  if (lNum && rNum) {
    double a = l.kind == Val::Float ? l.f : l.i;
    double b = r.kind == Val::Float ? r.f : r.i;
    if (op == "+") return Val::real(a + b);
    if (op == "-") return Val::real(a - b);
    if (op == "*") return Val::real(a * b);
    if (op == "/") return Val::real(a / b);
    if (op == "**") return Val::real(std::pow(a, b));
    if (op == "//") return Val::real(std::floor(a / b));
    return unsupported(pos, "operator '" + op + "' is not supported on floats");
  }
  if (l.kind == Val::Str && r.kind == Val::Str && op == "+")
    return Val::str(l.s + r.s);
  if ((l.kind == Val::Tuple || l.kind == Val::List) && l.kind == r.kind &&
      op == "+") {
    l.elems.insert(l.elems.end(), r.elems.begin(), r.elems.end());
    return l;
  }
  auto isElem = [](const Val &v) {
    return v.kind == Val::Scalar || v.kind == Val::Region;
  };
  if ((isElem(l) || lNum) && (isElem(r) || rNum) && kernelFunc)
    return scalarBinary(op, l, r, pos);
  // Element-wise arithmetic of a torch tensor with a number, or with a
  // tensor of the same shape, keeps the shape (`torch.rand(m, k) * 2 - 1`);
  // anything else on a tensor (`q @ k.T`, broadcasting) is not modelled.
  if (!kernelFunc && op != "@" && (isTorchTensor(l) || isTorchTensor(r))) {
    const Val &t = isTorchTensor(l) ? l : r;
    const Val &other = isTorchTensor(l) ? r : l;
    bool number = other.isIntLike() || other.kind == Val::Float;
    bool sameShape = isTorchTensor(other) && other.elems.size() == t.elems.size() &&
                     llvm::all_of(llvm::zip(other.elems, t.elems), [](auto p) {
                       return std::get<0>(p).i == std::get<1>(p).i;
                     });
    if (number || sameShape) {
      Val result = t;
      result.pos = pos;
      return result;
    }
  }
  if (l.kind == Val::Opaque)
    return kernelFunc ? error(pos, "value is not known at compile time: " + l.s)
                      : Result(driverOperand(l, pos));
  if (r.kind == Val::Opaque)
    return kernelFunc ? error(pos, "value is not known at compile time: " + r.s)
                      : Result(driverOperand(r, pos));
  return unsupported(pos, "operator '" + op + "' is not supported on these "
                          "operands");
}

/// The dtype a string or `T.<name>` denotes, with aliases resolved; other
/// values keep their full spelling.
static std::string canonicalDType(const Val &v) {
  StringRef name = v.s;
  if (v.kind == Val::Builtin) {
    if (name.starts_with("torch."))
      return canonicalTorchPath(name);
    if (!name.consume_front("tilelang.language."))
      return v.s;
  }
  return llvm::StringSwitch<std::string>(name)
      .Cases({"half", "fp16", "f16"}, "float16")
      .Cases({"float", "fp32", "f32"}, "float32")
      .Case("bf16", "bfloat16")
      .Case("int", "int32")
      .Default(name.str());
}

Result Interpreter::compare(StringRef op, Val l, Val r, ast::Pos pos) {
  if (op == "in" || op == "not in")
    return containment(op, l, r, pos);
  bool lNum = l.isIntLike() || l.kind == Val::Float;
  bool rNum = r.isIntLike() || r.kind == Val::Float;
  if (lNum && rNum) {
    double a = l.kind == Val::Float ? l.f : l.i;
    double b = r.kind == Val::Float ? r.f : r.i;
    if (op == "<") return Val::boolean(a < b);
    if (op == ">") return Val::boolean(a > b);
    if (op == "<=") return Val::boolean(a <= b);
    if (op == ">=") return Val::boolean(a >= b);
    if (op == "==" || op == "is") return Val::boolean(a == b);
    if (op == "!=" || op == "is not") return Val::boolean(a != b);
  }
  if (l.kind == Val::Str && r.kind == Val::Str) {
    if (op == "==") return Val::boolean(l.s == r.s);
    if (op == "!=") return Val::boolean(l.s != r.s);
  }
  // dtypes spelled as T.float16 or "float16" compare by name
  // (`if accum_dtype == "float32":`).
  if ((l.kind == Val::Str || l.kind == Val::Builtin) &&
      (r.kind == Val::Str || r.kind == Val::Builtin) &&
      (op == "==" || op == "!=" || op == "is" || op == "is not")) {
    bool same = canonicalDType(l) == canonicalDType(r);
    return Val::boolean((op == "==" || op == "is") == same);
  }
  if (l.kind == Val::None || r.kind == Val::None) {
    bool same = l.kind == r.kind;
    if (op == "is" || op == "==") return Val::boolean(same);
    if (op == "is not" || op == "!=") return Val::boolean(!same);
  }
  if (kernelFunc && (l.kind == Val::Scalar || l.kind == Val::Region ||
                     r.kind == Val::Scalar || r.kind == Val::Region))
    return scalarCompare(op, l, r, pos);
  if (!kernelFunc && (l.kind == Val::Opaque || r.kind == Val::Opaque))
    return driverOperand(l.kind == Val::Opaque ? l : r, pos);
  return unsupported(pos, "comparison '" + op + "' is not supported here");
}
