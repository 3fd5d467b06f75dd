//===- Builtins.cpp - Python builtins and TileLang helpers on constants ---===//
//
// Factories compute sizes and choose variants with ordinary Python: `sum` and
// `len` over tuples of block sizes, `x in ("silu", "gelu")`, `tilelang.cdiv`
// (the host-side twin of T.ceildiv), dtype objects built with T.dtype(...) or
// tvm.DataType(...). These fold on compile-time values so the sizes they
// give reach the kernel.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::tilett::frontend;

/// Python equality on the values `in` compares (numbers, strings, dtypes,
/// None, nested tuples); nullopt when either side is not known.
static std::optional<bool> sameValue(const Val &a, const Val &b) {
  bool aNum = a.isIntLike() || a.kind == Val::Float;
  bool bNum = b.isIntLike() || b.kind == Val::Float;
  if (aNum && bNum)
    return (a.kind == Val::Float ? a.f : (double)a.i) ==
           (b.kind == Val::Float ? b.f : (double)b.i);
  if (aNum != bNum && (aNum || bNum) &&
      (a.kind == Val::Str || b.kind == Val::Str || a.kind == Val::None ||
       b.kind == Val::None))
    return false;
  if (a.kind == Val::None || b.kind == Val::None)
    return a.kind == b.kind;
  if ((a.kind == Val::Str || a.kind == Val::Builtin) &&
      (b.kind == Val::Str || b.kind == Val::Builtin)) {
    // "float16" and T.float16 name the same dtype; a module path compares
    // by its last component only when the other side is a string.
    auto leaf = [](const Val &v) {
      StringRef s = v.s;
      return v.kind == Val::Builtin ? s.rsplit('.').second : s;
    };
    return leaf(a) == leaf(b);
  }
  if ((a.kind == Val::Tuple || a.kind == Val::List) &&
      (b.kind == Val::Tuple || b.kind == Val::List)) {
    if (a.elems.size() != b.elems.size())
      return false;
    for (auto [x, y] : llvm::zip(a.elems, b.elems)) {
      std::optional<bool> s = sameValue(x, y);
      if (!s || !*s)
        return s;
    }
    return true;
  }
  return std::nullopt;
}

Result Interpreter::containment(StringRef op, const Val &item,
                                const Val &container, ast::Pos pos) {
  bool negate = op == "not in";
  auto answer = [&](bool found) { return Val::boolean(found != negate); };
  if (container.kind == Val::Tuple || container.kind == Val::List) {
    for (const Val &e : container.elems) {
      std::optional<bool> s = sameValue(item, e);
      if (!s)
        return unsupported(pos, "'" + op +
                                    "' needs values known at compile "
                                    "time");
      if (*s)
        return answer(true);
    }
    return answer(false);
  }
  if (container.kind == Val::Dict && dictKey(item))
    return answer(llvm::any_of(container.kw, [&](const KwArg &kw) {
      return kw.first == *dictKey(item);
    }));
  if (container.kind == Val::Str && item.kind == Val::Str)
    return answer(StringRef(container.s).contains(item.s));
  return unsupported(pos, "'" + op +
                              "' needs a tuple, list, dict or string "
                              "known at compile time");
}

std::optional<Result> Interpreter::callHelperBuiltin(StringRef path,
                                                     std::vector<Val> &args,
                                                     std::vector<KwArg> &kwargs,
                                                     ast::Pos pos) {
  // tilelang.cdiv(a, b) is T.ceildiv on the host.
  if (path == "tilelang.cdiv" || path == "tilelang.math.cdiv" ||
      path == "tilelang.language.cdiv")
    return callLanguage("ceildiv", std::move(args), std::move(kwargs), pos);
  // A dtype object is its name: T.dtype("float16"), tvm.DataType(...).
  if (path == "tilelang.language.dtype" || path.ends_with("DataType")) {
    if (args.size() == 1 &&
        (args[0].kind == Val::Str || args[0].kind == Val::Builtin))
      return args[0];
    return std::nullopt;
  }
  if (!path.consume_front("builtins."))
    return std::nullopt;
  auto isSeq = [](const Val &v) {
    return v.kind == Val::Tuple || v.kind == Val::List;
  };
  if (path == "sum" && (args.size() == 1 || args.size() == 2) &&
      isSeq(args[0])) {
    Val total = args.size() == 2 ? args[1] : Val::integer(0);
    for (const Val &e : args[0].elems) {
      Result r = binary("+", total, e, pos);
      if (!r)
        return r;
      total = *r;
    }
    return total;
  }
  if (path == "len" && args.size() == 1) {
    if (args[0].kind == Val::Dict)
      return Val::integer(args[0].kw.size());
    if (args[0].kind == Val::Str)
      return Val::integer(args[0].s.size());
  }
  // dict(block_N=128, ...), dict(pairs), dict(other, k=v): configurations.
  if (path == "dict" && args.size() <= 1) {
    Val d;
    d.kind = Val::Dict;
    if (args.size() == 1) {
      if (args[0].kind == Val::Dict) {
        d.kw = args[0].kw;
      } else if (std::optional<std::vector<Val>> items = iterateConst(args[0])) {
        for (const Val &item : *items) {
          std::optional<std::string> key =
              item.elems.size() == 2 ? dictKey(item.elems[0]) : std::nullopt;
          if ((item.kind != Val::Tuple && item.kind != Val::List) || !key)
            return unsupported(pos, "dict() of items that are not (key, "
                                    "value) pairs with string keys");
          d.kw.emplace_back(*key, item.elems[1]);
        }
      } else {
        return unsupported(pos, "dict() of a value not known at compile "
                                "time");
      }
    }
    for (KwArg &kw : kwargs) {
      if (kw.first == "**")
        return unsupported(pos, "dict(**mapping) of a mapping not known at "
                                "compile time");
      llvm::erase_if(d.kw, [&](const KwArg &e) { return e.first == kw.first; });
      d.kw.push_back(kw);
    }
    return d;
  }
  // zip / enumerate / reversed over compile-time sequences, as lists.
  if (path == "zip" || path == "enumerate" || path == "reversed") {
    std::vector<std::vector<Val>> seqs;
    for (const Val &a : args) {
      std::optional<std::vector<Val>> items = iterateConst(a);
      if (!items)
        return unsupported(pos, path + "() of a value not known at compile "
                                       "time");
      seqs.push_back(std::move(*items));
    }
    Val out;
    out.kind = Val::List;
    if (path == "reversed") {
      if (seqs.size() != 1)
        return unsupported(pos, "expected reversed(sequence)");
      out.elems.assign(seqs[0].rbegin(), seqs[0].rend());
      return out;
    }
    if (path == "enumerate") {
      if (seqs.size() != 1)
        return unsupported(pos, "expected enumerate(sequence)");
      int64_t start = 0;
      for (const KwArg &kw : kwargs)
        if (kw.first == "start" && kw.second.isIntLike())
          start = kw.second.i;
      for (auto [i, x] : llvm::enumerate(seqs[0])) {
        Val pair;
        pair.kind = Val::Tuple;
        pair.elems = {Val::integer(start + (int64_t)i), x};
        out.elems.push_back(pair);
      }
      return out;
    }
    size_t n = seqs.empty() ? 0 : seqs[0].size();
    for (const std::vector<Val> &s : seqs)
      n = std::min(n, s.size());
    for (size_t i = 0; i < n; ++i) {
      Val tuple;
      tuple.kind = Val::Tuple;
      for (const std::vector<Val> &s : seqs)
        tuple.elems.push_back(s[i]);
      out.elems.push_back(tuple);
    }
    return out;
  }
  // int("64") / float("0.5"): command-line style strings.
  if ((path == "int" || path == "float") && args.size() == 1 &&
      args[0].kind == Val::Str) {
    StringRef text = StringRef(args[0].s).trim();
    if (path == "int") {
      int64_t v;
      if (!text.getAsInteger(10, v))
        return Val::integer(v);
    } else if (double v; !text.getAsDouble(v)) {
      return Val::real(v);
    }
    return error(pos, "invalid literal for " + path + "(): '" + args[0].s +
                          "'");
  }
  // int(x) / float(x) / len(x) of a value the compiler does not know: the
  // result is unknown for the same reason, which is what a kernel that
  // needs it should report.
  if (llvm::is_contained({"int", "float", "len"}, path) && args.size() == 1 &&
      args[0].kind == Val::Opaque && !isTorchTensor(args[0]))
    return Val::opaque(args[0].s, args[0].pos);
  if ((path == "any" || path == "all") && args.size() == 1 && isSeq(args[0])) {
    bool wantAll = path == "all";
    for (const Val &e : args[0].elems) {
      std::optional<bool> b = truth(e, pos);
      if (!b)
        return unsupported(pos, "'" + path +
                                    "' needs values known at "
                                    "compile time");
      if (*b != wantAll)
        return Val::boolean(!wantAll);
    }
    return Val::boolean(wantAll);
  }
  return std::nullopt;
}

bool mlir::tilett::frontend::isGpuLayoutConstructor(const Val &callee) {
  // T.Layout(shape, lambda i, j: ...) and T.Fragment(...) describe how GPU
  // threads hold a buffer; their index maps are lambdas the kernel language
  // does not evaluate. The value only feeds T.annotate_layout, which ignores
  // GPU layouts with a remark.
  if (callee.kind != Val::Builtin)
    return false;
  StringRef path = callee.s;
  return (path.starts_with("tilelang.language.") ||
          path.starts_with("tilelang.layout.")) &&
         (path.ends_with(".Layout") || path.ends_with(".Fragment"));
}

std::optional<Val> mlir::tilett::frontend::dtypeField(const Val &dtype,
                                                      StringRef field) {
  if (field != "bits" && field != "lanes")
    return std::nullopt;
  StringRef name = dtype.s;
  if (dtype.kind == Val::Builtin) {
    if (!name.starts_with("tilelang.language.") && !name.starts_with("tvm."))
      return std::nullopt;
    name = name.rsplit('.').second;
  } else if (dtype.kind != Val::Str) {
    return std::nullopt;
  }
  // TVM's names: a kind, the width in bits, an optional e/m format suffix
  // (float8_e4m3fn) and an optional xN lane count.
  int64_t bits = llvm::StringSwitch<int64_t>(name)
                     .Cases({"float", "int", "uint"}, 32)
                     .Case("half", 16)
                     .Case("double", 64)
                     .Case("bool", 1)
                     .Default(0);
  int64_t lanes = 1;
  if (!bits) {
    StringRef rest = name;
    for (StringRef kind : {"bfloat", "float", "uint", "int"})
      if (rest.consume_front(kind))
        break;
    if (rest.size() == name.size())
      return std::nullopt; // not a dtype name
    StringRef width = rest.take_while(llvm::isDigit);
    if (width.empty() || width.getAsInteger(10, bits))
      return std::nullopt;
    rest = rest.drop_front(width.size());
    if (size_t x = rest.find('x');
        x != StringRef::npos && rest.drop_front(x + 1).getAsInteger(10, lanes))
      return std::nullopt;
  }
  return Val::integer(field == "bits" ? bits : lanes);
}

bool mlir::tilett::frontend::isStrMethod(StringRef name) {
  return llvm::is_contained({"split", "strip", "lstrip", "rstrip", "lower",
                             "upper", "replace", "startswith", "endswith",
                             "join"},
                            name);
}

/// The string methods driver code uses to read sizes from a command line
/// (`[int(x) for x in args.sizes.split(",")]`).
Result Interpreter::callStrMethod(const Val &str, StringRef method,
                                  const std::vector<Val> &args,
                                  ast::Pos pos) {
  StringRef s = str.s;
  auto strArg = [&](size_t i) -> std::optional<StringRef> {
    if (i < args.size() && args[i].kind == Val::Str)
      return StringRef(args[i].s);
    return std::nullopt;
  };
  if (method == "split") {
    Val parts;
    parts.kind = Val::List;
    SmallVector<StringRef> pieces;
    if (args.empty() || args[0].kind == Val::None) {
      // No separator: runs of whitespace split, and none are kept empty.
      s.split(pieces, ' ', -1, /*KeepEmpty=*/false);
      SmallVector<StringRef> words;
      for (StringRef p : pieces) {
        SmallVector<StringRef> sub;
        p.split(sub, '\t', -1, false);
        for (StringRef w : sub)
          if (!w.trim().empty())
            words.push_back(w.trim());
      }
      pieces = words;
    } else if (std::optional<StringRef> sep = strArg(0); sep && !sep->empty()) {
      s.split(pieces, *sep);
    } else {
      return unsupported(pos, "str.split needs a non-empty string separator");
    }
    for (StringRef p : pieces)
      parts.elems.push_back(Val::str(p.str()));
    return parts;
  }
  if (method == "strip" || method == "lstrip" || method == "rstrip") {
    StringRef chars = " \t\n\r";
    if (!args.empty()) {
      std::optional<StringRef> c = strArg(0);
      if (!c)
        return unsupported(pos, "str." + method + " needs a string");
      chars = *c;
    }
    if (method != "rstrip")
      s = s.ltrim(chars);
    if (method != "lstrip")
      s = s.rtrim(chars);
    return Val::str(s.str());
  }
  if (method == "lower")
    return Val::str(s.lower());
  if (method == "upper")
    return Val::str(s.upper());
  if (method == "startswith" || method == "endswith") {
    std::optional<StringRef> x = strArg(0);
    if (!x)
      return unsupported(pos, "str." + method + " needs a string");
    return Val::boolean(method == "startswith" ? s.starts_with(*x)
                                               : s.ends_with(*x));
  }
  if (method == "replace") {
    std::optional<StringRef> from = strArg(0), to = strArg(1);
    if (!from || !to || from->empty())
      return unsupported(pos, "str.replace needs two strings");
    std::string out;
    for (size_t i = 0; i < s.size();) {
      if (s.substr(i).starts_with(*from)) {
        out += to->str();
        i += from->size();
      } else {
        out += s[i++];
      }
    }
    return Val::str(out);
  }
  if (method == "join") {
    if (args.size() != 1 ||
        (args[0].kind != Val::Tuple && args[0].kind != Val::List))
      return unsupported(pos, "str.join needs a list of strings");
    std::string out;
    for (auto [i, e] : llvm::enumerate(args[0].elems)) {
      if (e.kind != Val::Str)
        return unsupported(pos, "str.join needs a list of strings");
      if (i)
        out += str.s;
      out += e.s;
    }
    return Val::str(out);
  }
  return unsupported(pos, "str." + method + " is not supported");
}
