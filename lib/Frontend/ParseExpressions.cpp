//===- ParseExpressions.cpp - Python expressions, loosest to tightest -----===//
//
// The expression rules of the parser: tuples and conditional expressions
// down through boolean operators, comparisons, binary operators by
// precedence, unary operators and powers, to trailers (calls, subscripts,
// attributes) and atoms (names, numbers, strings, displays).
//
//===----------------------------------------------------------------------===//

#include "ParserImpl.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <cstdlib>

using namespace mlir::tilett::frontend;
using namespace mlir::tilett::frontend::ast;
using mlir::tilett::frontend::detail::DepthGuard;
using mlir::tilett::frontend::detail::kMaxDepth;
using mlir::tilett::frontend::detail::Parser;

ExprPtr Parser::parseTestList(bool allowStar) {
  Pos p = pos();
  auto item = [&]() -> ExprPtr {
    if (allowStar && isOp("*")) {
      Pos sp = pos();
      next();
      if (!parseBinary(0))
        return nullptr;
      auto e = std::make_unique<Expr>(Expr::Unsupported, sp);
      e->name = "starred expression";
      return e;
    }
    return parseTest();
  };
  ExprPtr first = item();
  if (!first || !isOp(","))
    return first;
  auto tuple = std::make_unique<Expr>(Expr::Tuple, p);
  adopt(*tuple, std::move(first));
  while (consumeOp(",")) {
    if (cur().kind == TokKind::Newline || isOp("=") || isOp(")") ||
        isOp(":") || cur().kind == TokKind::Eof || isOp(";"))
      break;
    ExprPtr e = item();
    if (!e)
      return nullptr;
    adopt(*tuple, std::move(e));
  }
  return tuple;
}

/// Loop targets stop before `in`, so they are parsed below comparisons.
ExprPtr Parser::parseTargetList() {
  Pos p = pos();
  ExprPtr first = parseBinary(0);
  if (!first || !isOp(","))
    return first;
  auto tuple = std::make_unique<Expr>(Expr::Tuple, p);
  adopt(*tuple, std::move(first));
  while (consumeOp(",")) {
    if (isKw("in"))
      break;
    ExprPtr e = parseBinary(0);
    if (!e)
      return nullptr;
    adopt(*tuple, std::move(e));
  }
  return tuple;
}

ExprPtr Parser::parseTest() {
  DepthGuard guard(depth);
  if (depth > kMaxDepth)
    return fail("expression nested too deeply");
  if (isKw("lambda"))
    return parseLambda();
  Pos p = pos();
  ExprPtr body = parseOr();
  if (!body || !isKw("if"))
    return body;
  next();
  auto e = std::make_unique<Expr>(Expr::IfExp, p);
  ExprPtr cond = parseOr();
  if (!cond)
    return nullptr;
  if (!consumeKw("else"))
    return expected("'else' in a conditional expression");
  ExprPtr orelse = parseTest();
  if (!orelse)
    return nullptr;
  adopt(*e, std::move(body));
  adopt(*e, std::move(cond));
  adopt(*e, std::move(orelse));
  return e;
}

ExprPtr Parser::parseLambda() {
  Pos p = pos();
  next();
  while (!isOp(":")) {
    if (cur().kind == TokKind::Newline || cur().kind == TokKind::Eof ||
        cur().kind == TokKind::Error)
      return expected("':' in a lambda");
    next();
  }
  next();
  if (!parseTest())
    return nullptr;
  auto e = std::make_unique<Expr>(Expr::Unsupported, p);
  e->name = "lambda";
  return e;
}

ExprPtr Parser::parseBoolChain(llvm::StringRef keyword,
                               ExprPtr (Parser::*operand)()) {
  Pos p = pos();
  ExprPtr lhs = (this->*operand)();
  while (lhs && isKw(keyword)) {
    next();
    ExprPtr rhs = (this->*operand)();
    if (!rhs)
      return nullptr;
    auto e = std::make_unique<Expr>(Expr::BoolOp, p);
    e->name = keyword.str();
    adopt(*e, std::move(lhs));
    adopt(*e, std::move(rhs));
    lhs = std::move(e);
    if (failed)
      return nullptr;
  }
  return lhs;
}

// `or` binds looser than `and`, which binds looser than `not`.
ExprPtr Parser::parseOr() { return parseBoolChain("or", &Parser::parseAnd); }

ExprPtr Parser::parseAnd() { return parseBoolChain("and", &Parser::parseNot); }

ExprPtr Parser::parseNot() {
  DepthGuard guard(depth);
  if (depth > kMaxDepth)
    return fail("expression nested too deeply");
  if (!isKw("not"))
    return parseComparison();
  Pos p = pos();
  next();
  ExprPtr operand = parseNot();
  if (!operand)
    return nullptr;
  auto e = std::make_unique<Expr>(Expr::Unary, p);
  e->name = "not";
  adopt(*e, std::move(operand));
  return e;
}

ExprPtr Parser::parseComparison() {
  Pos p = pos();
  ExprPtr first = parseBinary(0);
  if (!first)
    return nullptr;
  std::unique_ptr<Expr> cmp;
  while (true) {
    std::string op;
    if (cur().kind == TokKind::Op &&
        (cur().text == "<" || cur().text == ">" || cur().text == "==" ||
         cur().text == "!=" || cur().text == "<=" || cur().text == ">=")) {
      op = cur().text;
      next();
    } else if (isKw("in")) {
      op = "in";
      next();
    } else if (isKw("not") && idx + 1 < toks.size() &&
               toks[idx + 1].text == "in") {
      op = "not in";
      next();
      next();
    } else if (isKw("is")) {
      next();
      op = consumeKw("not") ? "is not" : "is";
    } else {
      break;
    }
    if (!cmp) {
      cmp = std::make_unique<Expr>(Expr::Compare, p);
      adopt(*cmp, std::move(first));
    }
    ExprPtr rhs = parseBinary(0);
    if (!rhs)
      return nullptr;
    cmp->ops.push_back(op);
    adopt(*cmp, std::move(rhs));
  }
  return cmp ? std::move(cmp) : std::move(first);
}

/// Binary operators by precedence level, loosest first.
static const std::vector<std::vector<llvm::StringRef>> kBinaryLevels = {
    {"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"}};

ExprPtr Parser::parseBinary(int level) {
  if (level == (int)kBinaryLevels.size())
    return parseUnary();
  Pos p = pos();
  ExprPtr lhs = parseBinary(level + 1);
  while (lhs && cur().kind == TokKind::Op &&
         llvm::is_contained(kBinaryLevels[level], cur().text)) {
    auto e = std::make_unique<Expr>(Expr::BinOp, p);
    e->name = cur().text;
    next();
    ExprPtr rhs = parseBinary(level + 1);
    if (!rhs)
      return nullptr;
    adopt(*e, std::move(lhs));
    adopt(*e, std::move(rhs));
    lhs = std::move(e);
    if (failed)
      return nullptr;
  }
  return lhs;
}

ExprPtr Parser::parseUnary() {
  DepthGuard guard(depth);
  if (depth > kMaxDepth)
    return fail("expression nested too deeply");
  if (isOp("-") || isOp("+") || isOp("~")) {
    auto e = std::make_unique<Expr>(Expr::Unary, pos());
    e->name = cur().text;
    next();
    ExprPtr operand = parseUnary();
    if (!operand)
      return nullptr;
    adopt(*e, std::move(operand));
    return e;
  }
  return parsePower();
}

ExprPtr Parser::parsePower() {
  Pos p = pos();
  consumeKw("await");
  ExprPtr base = parseAtom();
  if (!base)
    return nullptr;
  base = parseTrailers(std::move(base));
  if (!base || !isOp("**"))
    return base;
  next();
  ExprPtr exp = parseUnary();
  if (!exp)
    return nullptr;
  auto e = std::make_unique<Expr>(Expr::BinOp, p);
  e->name = "**";
  adopt(*e, std::move(base));
  adopt(*e, std::move(exp));
  return e;
}

ExprPtr Parser::parseTrailers(ExprPtr e) {
  while (e && !failed) {
    Pos p = pos();
    if (consumeOp(".")) {
      if (cur().kind != TokKind::Name)
        return expected("an attribute name after '.'");
      auto a = std::make_unique<Expr>(Expr::Attribute, e->pos);
      a->name = cur().text;
      adopt(*a, std::move(e));
      next();
      e = std::move(a);
    } else if (consumeOp("(")) {
      auto c = std::make_unique<Expr>(Expr::Call, e->pos);
      adopt(*c, std::move(e));
      if (!parseCallArgs(*c))
        return nullptr;
      e = std::move(c);
    } else if (consumeOp("[")) {
      auto s = std::make_unique<Expr>(Expr::Subscript, e->pos);
      adopt(*s, std::move(e));
      do {
        if (isOp("]"))
          break;
        ExprPtr item = parseSubscriptItem();
        if (!item)
          return nullptr;
        adopt(*s, std::move(item));
      } while (consumeOp(","));
      if (!expectOp("]"))
        return nullptr;
      // `A[(i, j)]` indexes like `A[i, j]`.
      if (s->kids.size() == 2 && s->kids[1]->kind == Expr::Tuple) {
        ExprPtr tuple = std::move(s->kids[1]);
        s->kids.pop_back();
        for (ExprPtr &k : tuple->kids)
          adopt(*s, std::move(k));
      }
      e = std::move(s);
    } else {
      (void)p;
      break;
    }
  }
  return failed ? nullptr : std::move(e);
}

ExprPtr Parser::parseSubscriptItem() {
  Pos p = pos();
  ExprPtr lower;
  if (!isOp(":")) {
    lower = parseTest();
    if (!lower || !isOp(":"))
      return lower;
  }
  next(); // ':'
  auto slice = std::make_unique<Expr>(Expr::Slice, p);
  ExprPtr upper, step;
  if (!isOp(":") && !isOp(",") && !isOp("]") && !(upper = parseTest()))
    return nullptr;
  if (consumeOp(":") && !isOp(",") && !isOp("]") && !(step = parseTest()))
    return nullptr;
  adopt(*slice, std::move(lower));
  adopt(*slice, std::move(upper));
  adopt(*slice, std::move(step));
  return slice;
}

bool Parser::parseCallArgs(Expr &call) {
  while (!isOp(")")) {
    Pos p = pos();
    if (isOp("*") || isOp("**")) {
      // `*args` and `**kwargs` keep their operand so the evaluator can
      // expand a tuple or dict known at compile time (`f(M, N, **config)`).
      bool isDict = cur().text == "**";
      next();
      ExprPtr operand = parseTest();
      if (!operand)
        return false;
      auto e = std::make_unique<Expr>(Expr::Unsupported, p);
      e->name = isDict ? "double-starred argument" : "starred argument";
      adopt(*e, std::move(operand));
      if (isDict) {
        call.height = std::max(call.height, e->height + 1);
        call.kwargs.emplace_back("**", std::move(e));
      } else {
        adopt(call, std::move(e));
      }
    } else if (cur().kind == TokKind::Name && idx + 1 < toks.size() &&
               toks[idx + 1].kind == TokKind::Op &&
               toks[idx + 1].text == "=") {
      std::string name = cur().text;
      next();
      next();
      ExprPtr value = parseTest();
      if (!value)
        return false;
      call.height = std::max(call.height, value->height + 1);
      call.kwargs.emplace_back(name, std::move(value));
    } else {
      ExprPtr arg = parseTest();
      if (!arg)
        return false;
      if (isKw("for")) {
        std::vector<ExprPtr> element;
        element.push_back(std::move(arg));
        arg = parseComprehension(std::move(element), "generator", p);
        if (!arg)
          return false;
      }
      adopt(call, std::move(arg));
    }
    if (!consumeOp(","))
      break;
  }
  return expectOp(")");
}

ExprPtr Parser::parseComprehension(std::vector<ExprPtr> element,
                                   const std::string &kind, Pos p) {
  auto e = std::make_unique<Expr>(Expr::Comprehension, p);
  e->name = kind;
  for (ExprPtr &k : element)
    adopt(*e, std::move(k));
  while (consumeKw("for")) {
    ExprPtr target = parseTargetList();
    if (!target)
      return nullptr;
    if (!consumeKw("in"))
      return expected("'in' in a comprehension");
    ExprPtr iterable = parseOr();
    if (!iterable)
      return nullptr;
    e->ops.push_back("for");
    adopt(*e, std::move(target));
    adopt(*e, std::move(iterable));
    while (consumeKw("if")) {
      ExprPtr cond = parseOr();
      if (!cond)
        return nullptr;
      e->ops.push_back("if");
      adopt(*e, std::move(cond));
    }
  }
  return e;
}

ExprPtr Parser::parseAtom() {
  Pos p = pos();
  const Token &t = cur();
  switch (t.kind) {
  case TokKind::Int: {
    auto e = std::make_unique<Expr>(Expr::Int, p);
    llvm::StringRef text = t.text;
    unsigned radix = 10;
    if (text.size() > 2 && text[0] == '0' &&
        llvm::StringRef("xXbBoO").contains(text[1])) {
      radix = llvm::StringSwitch<unsigned>(text.substr(1, 1).lower())
                  .Case("x", 16)
                  .Case("b", 2)
                  .Default(8);
      text = text.drop_front(2);
    }
    if (text.getAsInteger(radix, e->ival))
      return fail("integer literal '" + t.text + "' is out of range");
    next();
    return e;
  }
  case TokKind::Float: {
    auto e = std::make_unique<Expr>(Expr::Float, p);
    e->fval = std::strtod(t.text.c_str(), nullptr);
    next();
    return e;
  }
  case TokKind::String: {
    auto e = std::make_unique<Expr>(Expr::Str, p);
    while (cur().kind == TokKind::String) { // implicit concatenation
      e->name += cur().text;
      next();
    }
    return e;
  }
  case TokKind::Name: {
    if (t.text == "yield") { // `x = yield v`: a generator's driver value
      sawYield = true;
      next();
      consumeKw("from");
      if (cur().kind != TokKind::Newline && !isOp(")") && !isOp(";") &&
          cur().kind != TokKind::Eof && !parseTestList())
        return nullptr;
      auto e = std::make_unique<Expr>(Expr::Unsupported, p);
      e->name = "a yield expression";
      return e;
    }
    static const char *keywords[] = {"def", "class", "if", "else", "elif",
                                     "for", "while", "in", "return", "with",
                                     "as", "import", "from", "pass", "and",
                                     "or", "is", "try", "except", "finally",
                                     "lambda", "del", "global", "raise",
                                     "assert", "break", "continue", "yield"};
    for (const char *kw : keywords)
      if (t.text == kw)
        return expected("an expression");
    bool isConst = t.text == "True" || t.text == "False" || t.text == "None";
    auto e = std::make_unique<Expr>(isConst ? Expr::Const : Expr::Name, p);
    e->name = t.text;
    next();
    return e;
  }
  case TokKind::Op:
    break;
  default:
    return expected("an expression");
  }
  if (consumeOp("...")) {
    auto e = std::make_unique<Expr>(Expr::Const, p);
    e->name = "...";
    return e;
  }
  if (isOp("(") || isOp("[") || isOp("{")) {
    std::string open = cur().text;
    std::string close = open == "(" ? ")" : open == "[" ? "]" : "}";
    next();
    auto e = std::make_unique<Expr>(open == "(" ? Expr::Tuple
                                    : open == "[" ? Expr::List
                                                  : Expr::Dict,
                                    p);
    bool sawComma = false;
    while (!isOp(close)) {
      if (isOp("*") || isOp("**")) {
        Pos sp = pos();
        next();
        if (!parseBinary(0))
          return nullptr;
        auto u = std::make_unique<Expr>(Expr::Unsupported, sp);
        u->name = "starred expression";
        adopt(*e, std::move(u));
      } else {
        ExprPtr item = parseTest();
        if (!item)
          return nullptr;
        if (open == "{" && consumeOp(":")) {
          ExprPtr value = parseTest();
          if (!value)
            return nullptr;
          adopt(*e, std::move(item));
          adopt(*e, std::move(value));
        } else {
          if (open == "{")
            e->kind = Expr::List; // a set literal; only driver code has them
          adopt(*e, std::move(item));
        }
      }
      if (isKw("for")) {
        std::string kind = open == "(" ? "generator"
                           : open == "[" ? "list"
                           : e->kind == Expr::Dict ? "dict"
                                                   : "set";
        e = parseComprehension(std::move(e->kids), kind, p);
        if (!e)
          return nullptr;
        break;
      }
      if (!consumeOp(","))
        break;
      sawComma = true;
    }
    if (!expectOp(close))
      return nullptr;
    // `(x)` is just x; `(x,)` is a tuple.
    if (open == "(" && e->kind == Expr::Tuple && e->kids.size() == 1 &&
        !sawComma)
      return std::move(e->kids[0]);
    return e;
  }
  return expected("an expression");
}
