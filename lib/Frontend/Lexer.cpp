//===- Lexer.cpp - Tokens of the Python subset TileLang scripts use -------===//

#include "Lexer.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir::tilett::frontend;

namespace {
class Lexer {
public:
  explicit Lexer(llvm::StringRef src) : src(src) {}
  std::vector<Token> run();

private:
  char peek(size_t ahead = 0) const {
    return pos + ahead < src.size() ? src[pos + ahead] : '\0';
  }
  void advance() {
    if (src[pos] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    ++pos;
  }
  void push(TokKind kind, std::string text, unsigned l, unsigned c) {
    toks.push_back({kind, std::move(text), l, c});
  }
  bool error(const std::string &msg, unsigned l, unsigned c) {
    push(TokKind::Error, msg, l, c);
    return false;
  }
  bool lexIndentation();
  bool lexString(unsigned l, unsigned c);
  void lexNumber(unsigned l, unsigned c);

  llvm::StringRef src;
  size_t pos = 0;
  unsigned line = 1, col = 1;
  int depth = 0; // bracket nesting: newlines inside brackets are ignored
  /// Open brackets, innermost last, to name the one never closed.
  std::vector<Token> openers;
  std::vector<unsigned> indents{0};
  std::vector<Token> toks;
};
} // namespace

/// Handles the start of a logical line: skips blank and comment-only lines
/// and turns a change of indentation into INDENT/DEDENT tokens.
bool Lexer::lexIndentation() {
  while (pos < src.size()) {
    unsigned width = 0;
    while (peek() == ' ' || peek() == '\t' || peek() == '\f') {
      width = peek() == '\t' ? (width / 8 + 1) * 8 : width + 1;
      advance();
    }
    if (peek() == '#')
      while (pos < src.size() && peek() != '\n')
        advance();
    if (peek() == '\r')
      advance();
    if (peek() == '\n') {
      advance();
      continue;
    }
    if (pos >= src.size())
      return true;
    if (width > indents.back()) {
      indents.push_back(width);
      push(TokKind::Indent, "", line, col);
      return true;
    }
    while (width < indents.back()) {
      indents.pop_back();
      push(TokKind::Dedent, "", line, col);
    }
    if (width != indents.back())
      return error("unindent does not match any outer indentation level",
                   line, col);
    return true;
  }
  return true;
}

bool Lexer::lexString(unsigned l, unsigned c) {
  char quote = peek();
  bool triple = peek(1) == quote && peek(2) == quote;
  for (int i = 0, e = triple ? 3 : 1; i < e; ++i)
    advance();
  std::string text;
  while (true) {
    if (pos >= src.size() || (!triple && peek() == '\n'))
      return error("unterminated string literal", l, c);
    if (peek() == '\\' && pos + 1 < src.size()) {
      advance();
      char e = peek();
      text += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      advance();
      continue;
    }
    if (peek() == quote &&
        (!triple || (peek(1) == quote && peek(2) == quote))) {
      for (int i = 0, e = triple ? 3 : 1; i < e; ++i)
        advance();
      break;
    }
    text += peek();
    advance();
  }
  push(TokKind::String, std::move(text), l, c);
  return true;
}

void Lexer::lexNumber(unsigned l, unsigned c) {
  size_t start = pos;
  bool isFloat = false;
  if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X' || peek(1) == 'b' ||
                        peek(1) == 'B' || peek(1) == 'o' || peek(1) == 'O')) {
    advance();
    advance();
    while (llvm::isAlnum(peek()) || peek() == '_')
      advance();
  } else {
    while (llvm::isDigit(peek()) || peek() == '_')
      advance();
    if (peek() == '.') {
      isFloat = true;
      advance();
      while (llvm::isDigit(peek()) || peek() == '_')
        advance();
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (llvm::isDigit(peek(1)) ||
         ((peek(1) == '+' || peek(1) == '-') && llvm::isDigit(peek(2))))) {
      isFloat = true;
      advance();
      advance();
      while (llvm::isDigit(peek()))
        advance();
    }
  }
  std::string text = src.substr(start, pos - start).str();
  llvm::erase(text, '_');
  push(isFloat ? TokKind::Float : TokKind::Int, text, l, c);
}

std::vector<Token> Lexer::run() {
  bool atLineStart = true;
  while (true) {
    if (atLineStart && depth == 0) {
      if (!lexIndentation())
        return toks;
      atLineStart = false;
    }
    if (pos >= src.size())
      break;
    char ch = peek();
    unsigned l = line, c = col;
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f') {
      advance();
      continue;
    }
    if (ch == '#') {
      while (pos < src.size() && peek() != '\n')
        advance();
      continue;
    }
    if (ch == '\\' && (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n'))) {
      advance();
      while (peek() != '\n')
        advance();
      advance();
      continue;
    }
    if (ch == '\n') {
      advance();
      if (depth == 0) {
        if (!toks.empty() && toks.back().kind != TokKind::Newline)
          push(TokKind::Newline, "", l, c);
        atLineStart = true;
      }
      continue;
    }
    // String prefixes (r, b, f, u and combinations) are accepted; f-strings
    // are kept as plain text since only driver code uses them.
    if (llvm::isAlpha(ch) || ch == '_') {
      size_t start = pos;
      while (llvm::isAlnum(peek()) || peek() == '_')
        advance();
      llvm::StringRef word = src.substr(start, pos - start);
      if ((peek() == '"' || peek() == '\'') && word.size() <= 2 &&
          word.find_first_not_of("rRbBfFuU") == llvm::StringRef::npos) {
        if (!lexString(l, c))
          return toks;
        continue;
      }
      push(TokKind::Name, word.str(), l, c);
      continue;
    }
    if (llvm::isDigit(ch) || (ch == '.' && llvm::isDigit(peek(1)))) {
      lexNumber(l, c);
      continue;
    }
    if (ch == '"' || ch == '\'') {
      if (!lexString(l, c))
        return toks;
      continue;
    }
    static const char *ops[] = {"**=", "//=", ">>=", "<<=", "...", "->", "**",
                                "//", "==", "!=", "<=", ">=", "+=", "-=", "*=",
                                "/=", "%=", "&=", "|=", "^=", "@=", ":=", "<<",
                                ">>"};
    std::string op;
    for (const char *o : ops)
      if (src.substr(pos).starts_with(o)) {
        op = o;
        break;
      }
    if (op.empty()) {
      if (!llvm::StringRef("()[]{}:,.;@=+-*/%<>&|^~").contains(ch))
        return error(std::string("unexpected character '") +
                         (llvm::isPrint(ch) ? std::string(1, ch)
                                            : "\\x" + llvm::utohexstr(
                                                          (unsigned char)ch)) +
                         "'",
                     l, c), toks;
      op = std::string(1, ch);
    }
    for (size_t i = 0; i < op.size(); ++i)
      advance();
    if (op == "(" || op == "[" || op == "{") {
      ++depth;
      openers.push_back({TokKind::Op, op, l, c});
    } else if ((op == ")" || op == "]" || op == "}") && depth > 0) {
      --depth;
      openers.pop_back();
    }
    push(TokKind::Op, op, l, c);
  }
  // A bracket still open at the end of the file is the error, at the
  // bracket, rather than whatever the parser expected next.
  if (!openers.empty())
    return error("'" + openers.back().text + "' was never closed",
                 openers.back().line, openers.back().col),
           toks;
  if (!toks.empty() && toks.back().kind != TokKind::Newline)
    push(TokKind::Newline, "", line, col);
  while (indents.size() > 1) {
    indents.pop_back();
    push(TokKind::Dedent, "", line, col);
  }
  push(TokKind::Eof, "", line, col);
  return toks;
}

std::vector<Token> mlir::tilett::frontend::tokenize(llvm::StringRef source) {
  return Lexer(source).run();
}
