//===- Parser.cpp - Recursive-descent parser for TileLang scripts ---------===//
//
// Covers the statements and expressions of Python that TileLang scripts and
// their driver code use. Constructs the compiler never needs to evaluate
// (lambdas, starred arguments) are parsed and kept as
// `Unsupported` nodes so that driver code around a kernel does not stop the
// parse; the evaluator reports them only if a kernel depends on them. This
// file holds the statement rules and the entry points; expressions are in
// ParseExpressions.cpp.
//
//===----------------------------------------------------------------------===//

#include "ParserImpl.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir::tilett::frontend;
using namespace mlir::tilett::frontend::ast;
using mlir::tilett::frontend::detail::DepthGuard;
using mlir::tilett::frontend::detail::kMaxDepth;
using mlir::tilett::frontend::detail::Parser;

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
      Expr bases(Expr::Call, p);
      next();
      if (!parseCallArgs(bases))
        return nullptr;
      for (ExprPtr &b : bases.kids)
        s->targets.push_back(std::move(b));
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

std::optional<Block> mlir::tilett::frontend::parseModule(
    const std::vector<Token> &tokens, SyntaxError &error, unsigned file) {
  return Parser(tokens, error, file).parseFile();
}

ExprPtr mlir::tilett::frontend::parseExpression(
    const std::vector<Token> &tokens, SyntaxError &error) {
  return Parser(tokens, error).parseSingleExpr();
}
