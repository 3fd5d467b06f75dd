//===- Parser.cpp - Recursive-descent parser for TileLang scripts ---------===//
//
// Covers the statements and expressions of Python that TileLang scripts and
// their driver code use. Constructs the compiler never needs to evaluate
// (lambdas, comprehensions, starred arguments) are parsed and kept as
// `Unsupported` nodes so that driver code around a kernel does not stop the
// parse; the evaluator reports them only if a kernel depends on them.
//
//===----------------------------------------------------------------------===//

#include "Parser.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <cstdlib>

using namespace mlir::tilett::frontend;
using namespace mlir::tilett::frontend::ast;

namespace {
/// Deep nesting is legal Python but only fuzzers write it; the bound keeps
/// the recursive descent off the end of the stack.
constexpr int kMaxDepth = 200;
// The height of one expression tree (Parser::adopt).
constexpr int kMaxHeight = 400;

class Parser {
public:
  Parser(const std::vector<Token> &toks, SyntaxError &err)
      : toks(toks), err(err) {}

  std::optional<Block> parseFile();
  ExprPtr parseSingleExpr();

private:
  const Token &cur() const { return toks[idx]; }
  Pos pos() const { return {cur().line, cur().col}; }
  bool isOp(llvm::StringRef op) const {
    return cur().kind == TokKind::Op && cur().text == op;
  }
  bool isKw(llvm::StringRef kw) const {
    return cur().kind == TokKind::Name && cur().text == kw;
  }
  void next() {
    if (cur().kind != TokKind::Eof && cur().kind != TokKind::Error)
      ++idx;
  }
  bool consumeOp(llvm::StringRef op) {
    if (!isOp(op))
      return false;
    next();
    return true;
  }
  bool consumeKw(llvm::StringRef kw) {
    if (!isKw(kw))
      return false;
    next();
    return true;
  }
  std::string describe() const {
    switch (cur().kind) {
    case TokKind::Newline: return "end of line";
    case TokKind::Indent: return "an indented block";
    case TokKind::Dedent: return "the end of the block";
    case TokKind::Eof: return "end of file";
    case TokKind::String: return "a string";
    default: return "'" + cur().text + "'";
    }
  }
  /// Records the first error; returns null so callers can `return fail(...)`.
  std::nullptr_t fail(const std::string &msg) {
    if (!failed) {
      failed = true;
      if (cur().kind == TokKind::Error)
        err = {pos(), cur().text};
      else
        err = {pos(), msg};
    }
    return nullptr;
  }
  /// Appends `kid` to `parent`, tracking the tree's height. Chains built in
  /// loops (`a + b + ...`, `x.f().g[0]...`) grow it without deepening the
  /// parser's recursion, and everything that walks the tree later recurses
  /// over it, so the height is bounded here, where the tree is built.
  void adopt(Expr &parent, ExprPtr kid) {
    if (kid && kid->height >= parent.height) {
      parent.height = kid->height + 1;
      if (parent.height > kMaxHeight && !failed) {
        failed = true;
        err = {parent.pos, "expression nested too deeply (more than " +
                               std::to_string(kMaxHeight) +
                               " levels of operators, calls or subscripts); "
                               "split it into several statements"};
      }
    }
    parent.kids.push_back(std::move(kid));
  }
  std::nullptr_t expected(const std::string &what) {
    return fail("expected " + what + " but got " + describe());
  }
  bool expectOp(llvm::StringRef op) {
    if (consumeOp(op))
      return true;
    expected("'" + op.str() + "'");
    return false;
  }

  // Statements.
  bool parseBlock(Block &out);
  bool parseStatement(Block &out);
  bool parseSimpleStatements(Block &out);
  StmtPtr parseSmallStatement();
  StmtPtr parseCompound();
  StmtPtr parseFunctionDef(std::vector<ExprPtr> decorators, Pos p);
  StmtPtr parseIf(Pos p);

  // Expressions, from loosest to tightest binding.
  ExprPtr parseTestList(bool allowStar = true);
  ExprPtr parseTargetList();
  ExprPtr parseTest();
  ExprPtr parseOr();
  ExprPtr parseAnd();
  ExprPtr parseNot();
  ExprPtr parseComparison();
  ExprPtr parseBinary(int level);
  ExprPtr parseUnary();
  ExprPtr parsePower();
  ExprPtr parseTrailers(ExprPtr e);
  ExprPtr parseAtom();
  ExprPtr parseSubscriptItem();
  bool parseCallArgs(Expr &call);
  bool skipComprehension();
  ExprPtr parseLambda();

  const std::vector<Token> &toks;
  SyntaxError &err;
  size_t idx = 0;
  bool failed = false;
  int depth = 0;
  /// Set by a `yield` in the function being parsed (see parseDef).
  bool sawYield = false;
};

struct DepthGuard {
  int &d;
  explicit DepthGuard(int &d) : d(d) { ++d; }
  ~DepthGuard() { --d; }
};
} // namespace

std::optional<Block> Parser::parseFile() {
  Block out;
  while (cur().kind != TokKind::Eof) {
    if (cur().kind == TokKind::Newline) {
      next();
      continue;
    }
    if (cur().kind == TokKind::Indent) {
      fail("unexpected indent");
      return std::nullopt;
    }
    if (!parseStatement(out))
      return std::nullopt;
  }
  return out;
}

ExprPtr Parser::parseSingleExpr() {
  ExprPtr e = parseTestList();
  if (!e)
    return nullptr;
  while (cur().kind == TokKind::Newline)
    next();
  if (cur().kind != TokKind::Eof)
    return expected("end of expression");
  return e;
}

bool Parser::parseBlock(Block &out) {
  if (!expectOp(":"))
    return false;
  if (cur().kind != TokKind::Newline)
    return parseSimpleStatements(out);
  next();
  if (cur().kind != TokKind::Indent) {
    expected("an indented block");
    return false;
  }
  next();
  while (cur().kind != TokKind::Dedent && cur().kind != TokKind::Eof) {
    if (!parseStatement(out))
      return false;
  }
  if (cur().kind == TokKind::Dedent)
    next();
  return true;
}

bool Parser::parseStatement(Block &out) {
  DepthGuard guard(depth);
  if (depth > kMaxDepth) {
    fail("statements nested too deeply");
    return false;
  }
  if (cur().kind == TokKind::Error) {
    fail("");
    return false;
  }
  if (isOp("@") || isKw("def") || isKw("if") || isKw("for") ||
      isKw("while") || isKw("with") || isKw("try") || isKw("class") ||
      isKw("async")) {
    StmtPtr s = parseCompound();
    if (!s)
      return false;
    out.push_back(std::move(s));
    return true;
  }
  return parseSimpleStatements(out);
}

bool Parser::parseSimpleStatements(Block &out) {
  while (true) {
    StmtPtr s = parseSmallStatement();
    if (!s)
      return false;
    out.push_back(std::move(s));
    if (!consumeOp(";"))
      break;
    if (cur().kind == TokKind::Newline)
      break;
  }
  if (cur().kind == TokKind::Eof)
    return true;
  if (cur().kind != TokKind::Newline) {
    expected("end of line");
    return false;
  }
  next();
  return true;
}

StmtPtr Parser::parseSmallStatement() {
  Pos p = pos();
  auto simple = [&](Stmt::Kind k) {
    next();
    return std::make_unique<Stmt>(k, p);
  };
  if (isKw("pass"))
    return simple(Stmt::Pass);
  if (isKw("break"))
    return simple(Stmt::Break);
  if (isKw("continue"))
    return simple(Stmt::Continue);
  if (isKw("return")) {
    auto s = simple(Stmt::Return);
    if (cur().kind != TokKind::Newline && !isOp(";") &&
        cur().kind != TokKind::Eof && !(s->value = parseTestList()))
      return nullptr;
    return s;
  }
  if (isKw("yield")) {
    auto s = simple(Stmt::Yield);
    sawYield = true;
    consumeKw("from");
    if (cur().kind != TokKind::Newline && !isOp(";") &&
        cur().kind != TokKind::Eof && !(s->value = parseTestList()))
      return nullptr;
    return s;
  }
  if (isKw("global") || isKw("nonlocal") || isKw("del") || isKw("raise") ||
      isKw("assert")) {
    // Only driver code uses these; keep the expression for `assert` and
    // skip the rest of the others.
    Stmt::Kind k = isKw("assert") ? Stmt::Assert
                   : isKw("del")  ? Stmt::Del
                   : isKw("raise") ? Stmt::Raise
                                   : Stmt::Global;
    auto s = simple(k);
    if (cur().kind == TokKind::Newline || cur().kind == TokKind::Eof ||
        isOp(";"))
      return s;
    if (!(s->value = parseTestList()))
      return nullptr;
    if (consumeKw("from") || consumeOp(",")) {
      if (!parseTest())
        return nullptr;
    }
    return s;
  }
  if (isKw("import")) {
    auto s = simple(Stmt::Import);
    do {
      if (cur().kind != TokKind::Name)
        return expected("a module name");
      std::string mod = cur().text;
      next();
      while (consumeOp(".")) {
        if (cur().kind != TokKind::Name)
          return expected("a module name");
        mod += "." + cur().text;
        next();
      }
      std::string alias;
      if (consumeKw("as")) {
        if (cur().kind != TokKind::Name)
          return expected("a name after 'as'");
        alias = cur().text;
        next();
      }
      s->names.emplace_back(mod, alias);
    } while (consumeOp(","));
    return s;
  }
  if (isKw("from")) {
    auto s = simple(Stmt::ImportFrom);
    while (isOp(".") || isOp("...")) {
      s->name += cur().text;
      next();
    }
    while (cur().kind == TokKind::Name && !isKw("import")) {
      s->name += cur().text;
      next();
      if (!consumeOp("."))
        break;
      s->name += ".";
    }
    if (!consumeKw("import"))
      return expected("'import'");
    bool paren = consumeOp("(");
    do {
      if (paren && isOp(")"))
        break;
      if (consumeOp("*")) {
        s->names.emplace_back("*", "");
        continue;
      }
      if (cur().kind != TokKind::Name)
        return expected("a name to import");
      std::string n = cur().text, alias;
      next();
      if (consumeKw("as")) {
        if (cur().kind != TokKind::Name)
          return expected("a name after 'as'");
        alias = cur().text;
        next();
      }
      s->names.emplace_back(n, alias);
    } while (consumeOp(","));
    if (paren && !expectOp(")"))
      return nullptr;
    return s;
  }

  // Expression statement, assignment, augmented or annotated assignment.
  ExprPtr first = parseTestList();
  if (!first)
    return nullptr;
  if (cur().kind == TokKind::Op && cur().text.size() >= 2 &&
      cur().text.back() == '=' && cur().text != "==" && cur().text != "<=" &&
      cur().text != ">=" && cur().text != "!=") {
    auto s = std::make_unique<Stmt>(Stmt::AugAssign, p);
    s->name = cur().text.substr(0, cur().text.size() - 1);
    next();
    s->targets.push_back(std::move(first));
    if (!(s->value = parseTestList()))
      return nullptr;
    return s;
  }
  if (consumeOp(":")) {
    auto s = std::make_unique<Stmt>(Stmt::AnnAssign, p);
    s->targets.push_back(std::move(first));
    if (!(s->annotation = parseTest()))
      return nullptr;
    if (consumeOp("=") && !(s->value = parseTestList()))
      return nullptr;
    return s;
  }
  if (!isOp("=")) {
    auto s = std::make_unique<Stmt>(Stmt::ExprStmt, p);
    s->value = std::move(first);
    return s;
  }
  auto s = std::make_unique<Stmt>(Stmt::Assign, p);
  ExprPtr last = std::move(first);
  while (consumeOp("=")) {
    s->targets.push_back(std::move(last));
    if (!(last = parseTestList()))
      return nullptr;
  }
  s->value = std::move(last);
  return s;
}

StmtPtr Parser::parseCompound() {
  Pos p = pos();
  if (isOp("@")) {
    std::vector<ExprPtr> decorators;
    while (consumeOp("@")) {
      ExprPtr d = parseTest();
      if (!d)
        return nullptr;
      decorators.push_back(std::move(d));
      if (cur().kind != TokKind::Newline)
        return expected("end of line after a decorator");
      next();
    }
    consumeKw("async");
    if (!isKw("def") && !isKw("class"))
      return expected("'def' after decorators");
    if (isKw("class")) {
      StmtPtr s = parseCompound();
      return s;
    }
    return parseFunctionDef(std::move(decorators), p);
  }
  consumeKw("async");
  if (isKw("def"))
    return parseFunctionDef({}, p);
  if (consumeKw("if"))
    return parseIf(p);
  if (consumeKw("class")) {
    auto s = std::make_unique<Stmt>(Stmt::ClassDef, p);
    if (cur().kind != TokKind::Name)
      return expected("a class name");
    s->name = cur().text;
    next();
    if (isOp("(")) {
      Expr dummy(Expr::Call, p);
      next();
      if (!parseCallArgs(dummy))
        return nullptr;
    }
    if (!parseBlock(s->body))
      return nullptr;
    return s;
  }
  if (consumeKw("for")) {
    auto s = std::make_unique<Stmt>(Stmt::For, p);
    ExprPtr target = parseTargetList();
    if (!target)
      return nullptr;
    s->targets.push_back(std::move(target));
    if (!consumeKw("in"))
      return expected("'in' in a for loop");
    if (!(s->value = parseTestList()) || !parseBlock(s->body))
      return nullptr;
    if (consumeKw("else") && !parseBlock(s->orelse))
      return nullptr;
    return s;
  }
  if (consumeKw("while")) {
    auto s = std::make_unique<Stmt>(Stmt::While, p);
    if (!(s->value = parseTest()) || !parseBlock(s->body))
      return nullptr;
    if (consumeKw("else") && !parseBlock(s->orelse))
      return nullptr;
    return s;
  }
  if (consumeKw("with")) {
    auto s = std::make_unique<Stmt>(Stmt::With, p);
    do {
      ExprPtr ctx = parseTest();
      if (!ctx)
        return nullptr;
      ExprPtr target;
      if (consumeKw("as") && !(target = parseBinary(0)))
        return nullptr;
      s->items.emplace_back(std::move(ctx), std::move(target));
    } while (consumeOp(","));
    if (!parseBlock(s->body))
      return nullptr;
    return s;
  }
  if (consumeKw("try")) {
    auto s = std::make_unique<Stmt>(Stmt::Try, p);
    if (!parseBlock(s->body))
      return nullptr;
    while (consumeKw("except")) {
      if (!isOp(":")) {
        if (!parseTest())
          return nullptr;
        if (consumeKw("as") && cur().kind == TokKind::Name)
          next();
      }
      if (!parseBlock(s->orelse))
        return nullptr;
    }
    if (consumeKw("else") && !parseBlock(s->orelse))
      return nullptr;
    if (consumeKw("finally") && !parseBlock(s->body2))
      return nullptr;
    return s;
  }
  return expected("a statement");
}

StmtPtr Parser::parseIf(Pos p) {
  auto s = std::make_unique<Stmt>(Stmt::If, p);
  if (!(s->value = parseTest()) || !parseBlock(s->body))
    return nullptr;
  Pos ep = pos();
  if (consumeKw("elif")) {
    StmtPtr nested = parseIf(ep);
    if (!nested)
      return nullptr;
    s->orelse.push_back(std::move(nested));
  } else if (consumeKw("else") && !parseBlock(s->orelse)) {
    return nullptr;
  }
  return s;
}

StmtPtr Parser::parseFunctionDef(std::vector<ExprPtr> decorators, Pos p) {
  next(); // def
  auto s = std::make_unique<Stmt>(Stmt::FunctionDef, p);
  s->decorators = std::move(decorators);
  if (cur().kind != TokKind::Name)
    return expected("a function name");
  s->name = cur().text;
  next();
  if (!expectOp("("))
    return nullptr;
  while (!isOp(")")) {
    Param param;
    param.pos = pos();
    if (consumeOp("**")) {
      param.variadic = true;
      param.keywords = true;
    } else if (consumeOp("*")) {
      param.variadic = true;
      if (isOp(",") || isOp(")")) { // bare `*` separator
        consumeOp(",");
        continue;
      }
    } else if (consumeOp("/")) {
      consumeOp(",");
      continue;
    }
    if (cur().kind != TokKind::Name)
      return expected("a parameter name");
    param.name = cur().text;
    next();
    if (consumeOp(":") && !(param.annotation = parseTest()))
      return nullptr;
    if (consumeOp("=") && !(param.defaultValue = parseTest()))
      return nullptr;
    s->params.push_back(std::move(param));
    if (!consumeOp(","))
      break;
  }
  if (!expectOp(")"))
    return nullptr;
  if (consumeOp("->") && !(s->annotation = parseTest()))
    return nullptr;
  // A `yield` makes this def (not an enclosing one) a generator.
  bool outerYield = std::exchange(sawYield, false);
  if (!parseBlock(s->body))
    return nullptr;
  s->generator = std::exchange(sawYield, outerYield);
  return s;
}

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

ExprPtr Parser::parseOr() {
  Pos p = pos();
  ExprPtr lhs = parseAnd();
  while (lhs && isKw("or")) {
    next();
    ExprPtr rhs = parseAnd();
    if (!rhs)
      return nullptr;
    auto e = std::make_unique<Expr>(Expr::BoolOp, p);
    e->name = "or";
    adopt(*e, std::move(lhs));
    adopt(*e, std::move(rhs));
    lhs = std::move(e);
    if (failed)
      return nullptr;
  }
  return lhs;
}

ExprPtr Parser::parseAnd() {
  Pos p = pos();
  ExprPtr lhs = parseNot();
  while (lhs && isKw("and")) {
    next();
    ExprPtr rhs = parseNot();
    if (!rhs)
      return nullptr;
    auto e = std::make_unique<Expr>(Expr::BoolOp, p);
    e->name = "and";
    adopt(*e, std::move(lhs));
    adopt(*e, std::move(rhs));
    lhs = std::move(e);
    if (failed)
      return nullptr;
  }
  return lhs;
}

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
        if (!skipComprehension())
          return false;
        arg = std::make_unique<Expr>(Expr::Unsupported, p);
        arg->name = "generator expression";
      }
      adopt(call, std::move(arg));
    }
    if (!consumeOp(","))
      break;
  }
  return expectOp(")");
}

/// Skips `for targets in iterable [if cond]...` clauses of a comprehension.
bool Parser::skipComprehension() {
  while (consumeKw("for")) {
    if (!parseTargetList())
      return false;
    if (!consumeKw("in")) {
      expected("'in' in a comprehension");
      return false;
    }
    if (!parseOr())
      return false;
    while (consumeKw("if"))
      if (!parseOr())
        return false;
  }
  return true;
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
        if (!skipComprehension())
          return nullptr;
        e = std::make_unique<Expr>(Expr::Unsupported, p);
        e->name = "comprehension";
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

std::optional<Block> mlir::tilett::frontend::parseModule(
    const std::vector<Token> &tokens, SyntaxError &error) {
  return Parser(tokens, error).parseFile();
}

ExprPtr mlir::tilett::frontend::parseExpression(
    const std::vector<Token> &tokens, SyntaxError &error) {
  return Parser(tokens, error).parseSingleExpr();
}
