//===- Parser.h - Recursive-descent parser for TileLang scripts -*- C++ -*-===//

#ifndef TILETT_LIB_FRONTEND_PARSER_H
#define TILETT_LIB_FRONTEND_PARSER_H

#include "AST.h"
#include "Lexer.h"

#include <optional>

namespace mlir::tilett::frontend {

struct SyntaxError {
  ast::Pos pos;
  std::string message;
};

/// Parses a whole script. On failure returns nullopt and fills `error` with
/// the first problem found.
std::optional<ast::Block> parseModule(const std::vector<Token> &tokens,
                                      SyntaxError &error, unsigned file = 0);

/// Parses one expression (used for FrontendOptions::entry).
ast::ExprPtr parseExpression(const std::vector<Token> &tokens,
                             SyntaxError &error);

} // namespace mlir::tilett::frontend

#endif // TILETT_LIB_FRONTEND_PARSER_H
