//===- ParserImpl.h - The parser's state, shared by its parts ---*- C++ -*-===//
//
// The recursive-descent parser is one class whose statement rules are in
// Parser.cpp and expression rules in ParseExpressions.cpp; this header is
// private to those two files.
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_LIB_FRONTEND_PARSERIMPL_H
#define TILETT_LIB_FRONTEND_PARSERIMPL_H

#include "Parser.h"

#include "llvm/ADT/StringRef.h"

namespace mlir::tilett::frontend::detail {

using namespace mlir::tilett::frontend::ast;

/// Deep nesting is legal Python but only fuzzers write it; the bound keeps
/// the recursive descent off the end of the stack.
inline constexpr int kMaxDepth = 200;
// The height of one expression tree (Parser::adopt).
inline constexpr int kMaxHeight = 400;

class Parser {
public:
  Parser(const std::vector<Token> &toks, SyntaxError &err, unsigned file = 0)
      : toks(toks), err(err), file(file) {}

  std::optional<Block> parseFile();
  ExprPtr parseSingleExpr();

private:
  const Token &cur() const { return toks[idx]; }
  Pos pos() const { return {cur().line, cur().col, file}; }
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
  /// A left-associative chain `a KEYWORD b KEYWORD c` of `operand`s.
  ExprPtr parseBoolChain(llvm::StringRef keyword, ExprPtr (Parser::*operand)());
  ExprPtr parseNot();
  ExprPtr parseComparison();
  ExprPtr parseBinary(int level);
  ExprPtr parseUnary();
  ExprPtr parsePower();
  ExprPtr parseTrailers(ExprPtr e);
  ExprPtr parseAtom();
  ExprPtr parseSubscriptItem();
  bool parseCallArgs(Expr &call);
  /// The `for ... in ... [if ...]` clauses after `element`, into a
  /// Comprehension of `kind` (list, generator, set or dict).
  ExprPtr parseComprehension(std::vector<ExprPtr> element,
                             const std::string &kind, Pos p);
  ExprPtr parseLambda();

  const std::vector<Token> &toks;
  SyntaxError &err;
  unsigned file; // Pos::file of every node
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

} // namespace mlir::tilett::frontend::detail

#endif // TILETT_LIB_FRONTEND_PARSERIMPL_H
