//===- AST.h - Syntax tree of the Python subset TileLang scripts use -*- C++ -*-===//
//
// A deliberately small, uniform tree: every node has a kind, a source
// position, a name (identifier, operator or string), and child lists. The
// evaluator gives meaning to the kinds; the parser only checks syntax.
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_LIB_FRONTEND_AST_H
#define TILETT_LIB_FRONTEND_AST_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mlir::tilett::frontend::ast {

struct Pos {
  unsigned line = 1, col = 1;
  /// Which file: 0 is the script compiled, others the sibling modules it
  /// imports (Interpreter::files).
  unsigned file = 0;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  enum Kind {
    Name,      // name
    Int,       // ival
    Float,     // fval
    Str,       // name holds the text
    Const,     // name is True, False, None or ...
    Attribute, // kids[0].name
    Call,      // kids[0](kids[1..], kwargs)
    Subscript, // kids[0][kids[1..]]
    Slice,     // kids: lower, upper, step (each may be null)
    Tuple,
    List,
    Dict,      // kids: key0, value0, key1, value1, ...
    BinOp,     // kids[0] name kids[1]
    Unary,     // name kids[0]: "-", "+", "~", "not"
    Compare,   // kids[0] ops[0] kids[1] ops[1] kids[2] ...
    BoolOp,    // kids joined by name ("and" / "or")
    IfExp,     // kids: body, condition, orelse
    /// `[x for t in it if c]`, `(... for ...)`, `{... for ...}`: name is
    /// list, generator, set or dict; kids: the element (key and value for
    /// a dict), then per clause in `ops`: "for" takes a target and an
    /// iterable, "if" a condition.
    Comprehension,
    Unsupported // lambda, starred: name says which
  };
  Kind kind;
  Pos pos;
  std::string name;
  int64_t ival = 0;
  double fval = 0;
  std::vector<ExprPtr> kids;
  std::vector<std::pair<std::string, ExprPtr>> kwargs;
  std::vector<std::string> ops;
  /// Levels of the tree below and including this node (bounded by the
  /// parser, so walks over the tree cannot exhaust the stack).
  int height = 1;

  Expr(Kind kind, Pos pos) : kind(kind), pos(pos) {}
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

struct Param {
  std::string name;
  Pos pos;
  ExprPtr annotation; // may be null
  ExprPtr defaultValue; // may be null
  bool variadic = false; // *args or **kwargs
  bool keywords = false; // **kwargs (with variadic)
};

struct Stmt {
  enum Kind {
    ExprStmt,  // value
    Assign,    // targets = value (chained targets allowed)
    AugAssign, // targets[0] name= value
    AnnAssign, // targets[0]: annotation [= value]
    FunctionDef, // name(params) -> body, decorators
    ClassDef,  // name, body; targets: the bases
    Return,    // value (may be null)
    If,        // value: body else orelse
    For,       // for targets[0] in value: body else orelse
    While,     // while value: body
    With,      // with items: body
    Try,       // body, handlers merged into orelse, finalbody in body2
    Import,    // names: (module, alias)
    ImportFrom, // name = module; names: (name, alias)
    Pass, Break, Continue, Assert, Global, Del, Raise,
    Yield // `yield [from] value`; the enclosing def is a generator
  };
  Kind kind;
  Pos pos;
  std::string name;
  ExprPtr value;
  ExprPtr annotation;
  std::vector<ExprPtr> targets;
  std::vector<Param> params;
  std::vector<ExprPtr> decorators;
  /// `with` items: context expression and optional `as` target.
  std::vector<std::pair<ExprPtr, ExprPtr>> items;
  std::vector<std::pair<std::string, std::string>> names;
  Block body, orelse, body2;
  /// FunctionDef: the body yields (a generator: calling it runs nothing).
  bool generator = false;

  Stmt(Kind kind, Pos pos) : kind(kind), pos(pos) {}
};

} // namespace mlir::tilett::frontend::ast

#endif // TILETT_LIB_FRONTEND_AST_H
