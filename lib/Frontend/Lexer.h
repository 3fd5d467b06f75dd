//===- Lexer.h - Tokens of the Python subset TileLang scripts use -*- C++ -*-===//
//
// Splits a TileLang script into Python tokens, with INDENT/DEDENT tokens for
// block structure. Newlines and indentation inside brackets are ignored, as
// in Python. Lexical errors become `Error` tokens; the parser reports them.
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_LIB_FRONTEND_LEXER_H
#define TILETT_LIB_FRONTEND_LEXER_H

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace mlir::tilett::frontend {

enum class TokKind { Name, Int, Float, String, Op, Newline, Indent, Dedent, Eof, Error };

struct Token {
  TokKind kind;
  /// Identifier, operator spelling, decoded string contents, number text, or
  /// the message of an `Error` token.
  std::string text;
  unsigned line = 1, col = 1;
};

/// Tokenizes `source`. The result always ends with an `Eof` token, or with an
/// `Error` token at the first lexical error.
std::vector<Token> tokenize(llvm::StringRef source);

} // namespace mlir::tilett::frontend

#endif // TILETT_LIB_FRONTEND_LEXER_H
