//===- HostObjects.cpp - Driver objects a factory reads sizes from --------===//
//
// Configuration dicts (`cfg.get("block_M", 64)`, `.items()`) and argparse
// parsers (their defaults, as the script would run with no command line):
// the objects driver code hands a factory its sizes in.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

using namespace mlir;
using namespace mlir::tilett::frontend;

/// The dict methods a driver or factory uses to read a configuration. Keys
/// that are buffers (T.annotate_layout's dicts) are not visible to them.
Result Interpreter::callDictMethod(const Val &dict, StringRef method,
                                   const std::vector<Val> &args,
                                   ast::Pos pos) {
  auto isNamed = [](const KwArg &kw) {
    return !kw.first.empty() && kw.first[0] != '\x01' && kw.first[0] != '\x02';
  };
  if (method == "get") {
    if (args.empty() || args.size() > 2)
      return error(pos, "expected dict.get(key[, default])");
    if (std::optional<std::string> key = dictKey(args[0]))
      for (const KwArg &kw : dict.kw)
        if (kw.first == *key)
          return kw.second;
    return args.size() == 2 ? args[1] : Val::none();
  }
  if (method == "copy")
    return dict;
  Val r;
  r.kind = Val::List;
  for (const KwArg &kw : dict.kw) {
    if (!isNamed(kw))
      return unsupported(pos, "dict." + method + "() of a dict keyed by "
                                                 "buffers");
    if (method == "keys") {
      r.elems.push_back(dictKeyValue(kw.first));
    } else if (method == "values") {
      r.elems.push_back(kw.second);
    } else {
      Val item;
      item.kind = Val::Tuple;
      item.elems = {dictKeyValue(kw.first), kw.second};
      r.elems.push_back(item);
    }
  }
  return r;
}

/// Drivers read sizes from the command line; without one, an argparse
/// parser yields each argument's default, which is what the script would run
/// with. The parser and its namespace share one Env holding the defaults.
Result Interpreter::callArgparse(const Val &fn, const std::vector<Val> &args,
                                 const std::vector<KwArg> &kwargs,
                                 ast::Pos pos) {
  StringRef path = fn.s;
  if (path == "argparse.ArgumentParser") {
    Val parser = Val::builtin("argparse.__parser__");
    parser.env = std::make_shared<Env>();
    return parser;
  }
  if (!fn.env || !path.consume_front("argparse.__parser__."))
    return unsupported(pos, "call to '" + fn.s + "' is not supported");
  if (path == "add_argument") {
    std::string name;
    for (const Val &a : args)
      if (a.kind == Val::Str && (name.empty() || StringRef(a.s).starts_with("--")))
        name = a.s;
    Val value = Val::none();
    for (const KwArg &kw : kwargs) {
      if (kw.first == "dest" && kw.second.kind == Val::Str)
        name = kw.second.s;
      else if (kw.first == "default")
        value = kw.second;
      else if (kw.first == "action" && kw.second.kind == Val::Str &&
               value.kind == Val::None)
        value = Val::boolean(kw.second.s == "store_false");
    }
    name = StringRef(name).ltrim('-').str();
    llvm::replace(name, '-', '_');
    if (!name.empty())
      fn.env->vars[name] = value;
    return Val::none();
  }
  if (path == "parse_args" || path == "parse_known_args") {
    Val ns = Val::builtin("argparse.__namespace__");
    ns.env = fn.env;
    if (path == "parse_args")
      return ns;
    Val pair;
    pair.kind = Val::Tuple;
    pair.elems = {ns, Val()};
    pair.elems[1].kind = Val::List;
    return pair;
  }
  return Val::opaque("argparse." + path.str() + " is not modeled", pos);
}
