//===- TorchTensors.cpp - Driver torch tensors whose shape is known -------===//
//
// Driver code makes the tensors a @tilelang.jit kernel is called with, and
// reads sizes off them (`B, S, H, D = q.shape`). A torch tensor is an opaque
// value carrying its shape; the factories and methods below compute the
// shape of their result as torch does. Anything else (indexing, reductions,
// library calls) gives a plain opaque value, so that a shape is never a
// guess: a wrong one would silently build a kernel for other sizes.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "llvm/ADT/StringSwitch.h"

#include <numeric>

using namespace mlir;
using namespace mlir::tilett::frontend;

/// A tensor of shape `dims`; its dtype (a `torch.<dtype>` builtin) is the
/// value of the marker entry.
static Val torchTensor(std::vector<Val> dims, ast::Pos pos,
                       Val dtype = Val::builtin("torch.float32")) {
  Val t = Val::opaque("torch tensor", pos);
  t.kw.emplace_back("__torch_tensor__", std::move(dtype));
  t.elems = std::move(dims);
  return t;
}

static const Val &dtypeOf(const Val &t) { return t.kw.front().second; }

/// `torch.float16`, `torch.half`, ...: a dtype torch tensors carry.
static bool isTorchDType(const Val &v) {
  if (v.kind != Val::Builtin || !StringRef(v.s).starts_with("torch."))
    return false;
  StringRef leaf = StringRef(v.s).drop_front(6);
  return leaf.starts_with("float") || leaf.starts_with("bfloat") ||
         leaf.starts_with("int") || leaf.starts_with("uint") ||
         llvm::is_contained({"half", "double", "long", "short", "bool"},
                            leaf);
}

/// The `dtype=` keyword when it names a torch dtype, else `otherwise`.
static Val dtypeKeyword(const std::vector<KwArg> &kwargs, Val otherwise) {
  for (const KwArg &kw : kwargs)
    if (kw.first == "dtype" && isTorchDType(kw.second))
      return Val::builtin(canonicalTorchPath(kw.second.s));
  return otherwise;
}

/// The sizes of `f(2, 3)` / `f((2, 3))` / `f([2, 3])`, or nullopt when one is
/// not a compile-time integer.
static std::optional<std::vector<int64_t>>
sizesOf(const std::vector<Val> &args) {
  const std::vector<Val> &dims =
      args.size() == 1 &&
              (args[0].kind == Val::Tuple || args[0].kind == Val::List)
          ? args[0].elems
          : args;
  std::vector<int64_t> out;
  for (const Val &d : dims) {
    if (!d.isIntLike())
      return std::nullopt;
    out.push_back(d.i);
  }
  return out;
}

static std::vector<Val> toVals(ArrayRef<int64_t> dims) {
  std::vector<Val> out;
  for (int64_t d : dims)
    out.push_back(Val::integer(d));
  return out;
}

/// A dimension index as torch takes it (negative counts from the end).
static std::optional<size_t> dimIndex(const Val &v, size_t rank) {
  if (!v.isIntLike())
    return std::nullopt;
  int64_t d = v.i < 0 ? v.i + (int64_t)rank : v.i;
  if (d < 0 || d >= (int64_t)rank)
    return std::nullopt;
  return d;
}

/// Methods that keep the shape: moves, casts, copies and element-wise math.
static bool keepsShape(StringRef m) {
  return llvm::is_contained(
      {"cuda", "cpu", "to", "half", "float", "double", "bfloat16", "int",
       "long", "short", "bool", "type", "contiguous", "clone", "detach",
       "requires_grad_", "normal_", "uniform_", "zero_", "fill_", "random_",
       "exponential_", "abs", "neg", "exp", "exp2", "log", "sqrt", "rsqrt",
       "sigmoid", "tanh", "relu", "square", "clamp", "clamp_", "mul", "mul_",
       "add", "add_", "sub", "sub_", "div", "div_", "copy_", "pin_memory",
       "masked_fill", "masked_fill_", "softmax", "log_softmax", "cumsum",
       "float16", "pow", "sign"},
      m);
}

std::optional<Result>
Interpreter::makeTorchTensor(StringRef name, const std::vector<Val> &args,
                             const std::vector<KwArg> &kwargs, ast::Pos pos) {
  Val f32 = Val::builtin("torch.float32");
  if (llvm::is_contained({"randn", "rand", "zeros", "ones", "empty"}, name)) {
    std::optional<std::vector<int64_t>> dims = sizesOf(args);
    if (!dims)
      return Val::opaque("torch tensor of unknown shape", pos);
    return torchTensor(toVals(*dims), pos, dtypeKeyword(kwargs, f32));
  }
  // torch.randn_like(q): q's shape.
  if (llvm::is_contained({"randn_like", "rand_like", "zeros_like",
                          "ones_like", "empty_like", "full_like"},
                         name)) {
    if (args.empty() || !isTorchTensor(args[0]))
      return Val::opaque("torch tensor of unknown shape", pos);
    return torchTensor(args[0].elems, pos,
                       dtypeKeyword(kwargs, dtypeOf(args[0])));
  }
  // torch.randint([low,] high, size).
  if (name == "randint") {
    std::optional<std::vector<int64_t>> dims =
        args.size() >= 2 ? sizesOf({args.back()}) : std::nullopt;
    if (!dims)
      return Val::opaque("torch tensor of unknown shape", pos);
    return torchTensor(toVals(*dims), pos,
                       dtypeKeyword(kwargs, Val::builtin("torch.int64")));
  }
  // torch.full((M, N), value).
  if (name == "full") {
    std::optional<std::vector<int64_t>> dims =
        args.empty() ? std::nullopt : sizesOf({args[0]});
    if (!dims)
      return Val::opaque("torch tensor of unknown shape", pos);
    return torchTensor(toVals(*dims), pos, dtypeKeyword(kwargs, f32));
  }
  // torch.tensor([...]) of a flat or nested list of numbers.
  if (name == "tensor") {
    if (args.empty())
      return Val::opaque("torch tensor of unknown shape", pos);
    std::vector<int64_t> dims;
    const Val *level = &args[0];
    while (level->kind == Val::List || level->kind == Val::Tuple) {
      dims.push_back(level->elems.size());
      if (level->elems.empty())
        break;
      size_t inner = level->elems[0].elems.size();
      for (const Val &e : level->elems)
        if (e.kind != level->elems[0].kind ||
            ((e.kind == Val::List || e.kind == Val::Tuple) &&
             e.elems.size() != inner))
          return Val::opaque("ragged torch.tensor", pos);
      level = &level->elems[0];
    }
    if (level->kind != Val::Int && level->kind != Val::Float &&
        level->kind != Val::Bool && !dims.empty())
      return Val::opaque("torch tensor of unknown shape", pos);
    Val inferred = level->kind == Val::Float  ? f32
                   : level->kind == Val::Bool ? Val::builtin("torch.bool")
                                              : Val::builtin("torch.int64");
    return torchTensor(toVals(dims), pos, dtypeKeyword(kwargs, inferred));
  }
  // torch.arange(n) / torch.arange(start, stop[, step]) of integers.
  if (name == "arange") {
    Val range;
    range.kind = Val::Range;
    range.s = "range";
    range.elems = args;
    std::optional<std::vector<Val>> items = iterateConst(range);
    if (!items)
      return Val::opaque("torch tensor of unknown shape", pos);
    return torchTensor({Val::integer(items->size())}, pos,
                       dtypeKeyword(kwargs, Val::builtin("torch.int64")));
  }
  return std::nullopt;
}

Result Interpreter::torchAttribute(const Val &t, StringRef name,
                                   ast::Pos pos) {
  if (name == "shape") {
    Val shape;
    shape.kind = Val::Tuple;
    shape.elems = t.elems;
    return shape;
  }
  if (name == "ndim")
    return Val::integer(t.elems.size());
  if (name == "dtype")
    return dtypeOf(t);
  // x.T reverses the dimensions, x.mT swaps the last two.
  if (name == "T") {
    std::vector<Val> dims(t.elems.rbegin(), t.elems.rend());
    return torchTensor(std::move(dims), pos, dtypeOf(t));
  }
  if (name == "mT") {
    if (t.elems.size() < 2)
      return Val::opaque("torch tensor .mT of fewer than 2 dimensions", pos);
    Val r = torchTensor(t.elems, pos, dtypeOf(t));
    std::swap(r.elems[r.elems.size() - 1], r.elems[r.elems.size() - 2]);
    return r;
  }
  // dtype, device, grad, ...: not needed to size a kernel.
  if (!keepsShape(name) &&
      !llvm::is_contained({"dim", "numel", "size", "view", "reshape",
                           "transpose", "swapaxes", "t", "permute",
                           "unsqueeze", "squeeze", "flatten"},
                          name))
    return Val::opaque("torch tensor ." + name.str() +
                           " (driver data, not modelled at compile time)",
                       pos);
  Val bound = t;
  bound.pos = pos;
  bound.kw.emplace_back("__method__", Val::str(name.str()));
  return bound;
}

Result Interpreter::callTorchMethod(const Val &t, StringRef m,
                                    const std::vector<Val> &args,
                                    ast::Pos pos) {
  size_t rank = t.elems.size();
  std::vector<int64_t> shape;
  for (const Val &d : t.elems)
    shape.push_back(d.i);
  auto unknown = [&] {
    return Val::opaque("torch tensor ." + m.str() +
                           "(...) (driver data, not modelled at compile "
                           "time)",
                       pos);
  };
  // Results keep the dtype unless the method casts.
  Val dtype = dtypeOf(t);
  if (std::optional<StringRef> cast =
          llvm::StringSwitch<std::optional<StringRef>>(m)
              .Case("half", StringRef("torch.float16"))
              .Case("float", StringRef("torch.float32"))
              .Case("double", StringRef("torch.float64"))
              .Case("bfloat16", StringRef("torch.bfloat16"))
              .Case("int", StringRef("torch.int32"))
              .Case("long", StringRef("torch.int64"))
              .Case("short", StringRef("torch.int16"))
              .Case("bool", StringRef("torch.bool"))
              .Default(std::nullopt))
    dtype = Val::builtin(cast->str());
  if (m == "to" || m == "type")
    for (const Val &a : args)
      if (isTorchDType(a))
        dtype = Val::builtin(canonicalTorchPath(a.s));
  auto tensor = [&](std::vector<Val> dims) {
    return torchTensor(std::move(dims), pos, dtype);
  };
  if (keepsShape(m))
    return tensor(t.elems);
  if (m == "dim")
    return Val::integer(rank);
  if (m == "numel")
    return Val::integer(std::accumulate(shape.begin(), shape.end(), int64_t(1),
                                        std::multiplies<int64_t>()));
  if (m == "size") {
    if (args.empty())
      return torchAttribute(t, "shape", pos);
    std::optional<size_t> d = dimIndex(args[0], rank);
    if (!d)
      return unknown();
    return t.elems[*d];
  }
  if (m == "view" || m == "reshape") {
    std::optional<std::vector<int64_t>> dims = sizesOf(args);
    if (!dims)
      return unknown();
    int64_t total = std::accumulate(shape.begin(), shape.end(), int64_t(1),
                                    std::multiplies<int64_t>());
    int64_t known = 1;
    int inferred = -1;
    for (auto [i, d] : llvm::enumerate(*dims)) {
      if (d == -1 && inferred < 0)
        inferred = i;
      else if (d <= 0)
        return unknown();
      else
        known *= d;
    }
    if (inferred >= 0) {
      if (known == 0 || total % known)
        return unknown();
      (*dims)[inferred] = total / known;
    } else if (known != total) {
      return unknown();
    }
    return tensor(toVals(*dims));
  }
  if (m == "transpose" || m == "swapaxes") {
    std::optional<size_t> a = args.size() == 2 ? dimIndex(args[0], rank)
                                               : std::nullopt;
    std::optional<size_t> b = args.size() == 2 ? dimIndex(args[1], rank)
                                               : std::nullopt;
    if (!a || !b)
      return unknown();
    std::swap(shape[*a], shape[*b]);
    return tensor(toVals(shape));
  }
  if (m == "t" && rank == 2)
    return tensor({t.elems[1], t.elems[0]});
  if (m == "permute") {
    std::optional<std::vector<int64_t>> order = sizesOf(args);
    if (!order || order->size() != rank)
      return unknown();
    std::vector<int64_t> out;
    std::vector<bool> seen(rank);
    for (int64_t o : *order) {
      std::optional<size_t> d = dimIndex(Val::integer(o), rank);
      if (!d || seen[*d])
        return unknown();
      seen[*d] = true;
      out.push_back(shape[*d]);
    }
    return tensor(toVals(out));
  }
  if (m == "unsqueeze" && args.size() == 1) {
    std::optional<size_t> d = dimIndex(args[0], rank + 1);
    if (!d)
      return unknown();
    shape.insert(shape.begin() + *d, 1);
    return tensor(toVals(shape));
  }
  if (m == "squeeze") {
    std::vector<int64_t> out;
    std::optional<size_t> only =
        args.size() == 1 ? dimIndex(args[0], rank) : std::nullopt;
    if (args.size() == 1 && !only)
      return unknown();
    for (auto [i, d] : llvm::enumerate(shape))
      if (d != 1 || (only && *only != i))
        out.push_back(d);
    return tensor(toVals(out));
  }
  if (m == "flatten" && args.empty())
    return tensor({Val::integer(std::accumulate(shape.begin(), shape.end(),
                                                int64_t(1),
                                                std::multiplies<int64_t>()))});
  return unknown();
}
