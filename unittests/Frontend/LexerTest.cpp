//===- LexerTest.cpp - Tokens of TileLang scripts -------------------------===//

#include "Lexer.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace mlir::tilett::frontend;

namespace {

/// Kinds of all tokens, as a compact string: N(ame) I(nt) F(loat) S(tring)
/// O(p) ;(newline) >(indent) <(dedent) $(eof) !(error).
std::string kinds(const std::vector<Token> &toks) {
  std::string s;
  for (const Token &t : toks) {
    switch (t.kind) {
    case TokKind::Name: s += 'N'; break;
    case TokKind::Int: s += 'I'; break;
    case TokKind::Float: s += 'F'; break;
    case TokKind::String: s += 'S'; break;
    case TokKind::Op: s += 'O'; break;
    case TokKind::Newline: s += ';'; break;
    case TokKind::Indent: s += '>'; break;
    case TokKind::Dedent: s += '<'; break;
    case TokKind::Eof: s += '$'; break;
    case TokKind::Error: s += '!'; break;
    }
  }
  return s;
}

TEST(LexerTest, IndentationMakesIndentAndDedent) {
  auto toks = tokenize("if a:\n    b\n    c\nd\n");
  EXPECT_EQ(kinds(toks), "NNO;>N;N;<N;$");
  // Blank and comment-only lines do not change the indentation.
  EXPECT_EQ(kinds(tokenize("if a:\n\n  # note\n    b\n")), "NNO;>N;<$");
  // Tabs advance to the next multiple of eight.
  EXPECT_EQ(kinds(tokenize("if a:\n\tb\n        c\n")), "NNO;>N;N;<$");
}

TEST(LexerTest, NestedBlocksCloseTogether) {
  EXPECT_EQ(kinds(tokenize("def f():\n  for i in x:\n    y\nz")),
            "NNOOO;>NNNNO;>N;<<N;$");
}

TEST(LexerTest, BadDedentIsAnError) {
  auto toks = tokenize("if a:\n    b\n  c\n");
  ASSERT_EQ(toks.back().kind, TokKind::Error);
  EXPECT_EQ(toks.back().line, 3u);
  EXPECT_NE(toks.back().text.find("unindent"), std::string::npos);
}

TEST(LexerTest, NewlinesInsideBracketsAreIgnored) {
  EXPECT_EQ(kinds(tokenize("f(a,\n      b)\n")), "NONONO;$");
  // Backslash continuation joins lines.
  EXPECT_EQ(kinds(tokenize("x = a + \\\n    b\n")), "NONON;$");
}

TEST(LexerTest, UnclosedBracketIsNamedAtItsPosition) {
  auto toks = tokenize("x = f(a,\n      [b, c\n");
  ASSERT_EQ(toks.back().kind, TokKind::Error);
  EXPECT_EQ(toks.back().text, "'[' was never closed");
  EXPECT_EQ(toks.back().line, 2u);
  EXPECT_EQ(toks.back().col, 7u);
}

TEST(LexerTest, Strings) {
  auto toks = tokenize("'a\\'b' \"c\\nd\" r\"raw\" f\"{x}\" '''tri\nple'''");
  ASSERT_EQ(kinds(toks), "SSSSS;$");
  EXPECT_EQ(toks[0].text, "a'b");
  EXPECT_EQ(toks[1].text, "c\nd");
  EXPECT_EQ(toks[2].text, "raw");
  EXPECT_EQ(toks[3].text, "{x}");
  EXPECT_EQ(toks[4].text, "tri\nple");
  auto bad = tokenize("x = 'open\n");
  ASSERT_EQ(bad.back().kind, TokKind::Error);
  EXPECT_EQ(bad.back().col, 5u);
  EXPECT_EQ(tokenize("'''never closed").back().kind, TokKind::Error);
}

TEST(LexerTest, Numbers) {
  auto toks = tokenize("12 1_024 0x1F 0b101 3.5 1e-12 .5 2.");
  ASSERT_EQ(kinds(toks), "IIIIFFFF;$");
  EXPECT_EQ(toks[1].text, "1024");
  EXPECT_EQ(toks[2].text, "0x1F");
  EXPECT_EQ(toks[5].text, "1e-12");
}

TEST(LexerTest, OperatorsTakeTheLongestMatch) {
  auto toks = tokenize("a //= b ** c // d -> e != f ... @ g");
  std::vector<std::string> ops;
  for (const Token &t : toks)
    if (t.kind == TokKind::Op)
      ops.push_back(t.text);
  EXPECT_EQ(ops, (std::vector<std::string>{"//=", "**", "//", "->", "!=",
                                           "...", "@"}));
}

TEST(LexerTest, PositionsAreOneBased) {
  auto toks = tokenize("x = 1\n  \ny = foo(2)\n");
  // y is on line 3, column 1; foo at column 5.
  ASSERT_GE(toks.size(), 8u);
  EXPECT_EQ(toks[4].text, "y");
  EXPECT_EQ(toks[4].line, 3u);
  EXPECT_EQ(toks[4].col, 1u);
  EXPECT_EQ(toks[6].text, "foo");
  EXPECT_EQ(toks[6].col, 5u);
}

TEST(LexerTest, UnexpectedCharacterStopsWithAnError) {
  auto toks = tokenize("a = b $ c");
  ASSERT_EQ(toks.back().kind, TokKind::Error);
  EXPECT_EQ(toks.back().col, 7u);
  auto nul = tokenize(std::string("a\0b", 3));
  EXPECT_EQ(nul.back().kind, TokKind::Error);
  EXPECT_NE(nul.back().text.find("\\x0"), std::string::npos);
}

TEST(LexerTest, EmptyInputIsJustEof) {
  EXPECT_EQ(kinds(tokenize("")), "$");
  EXPECT_EQ(kinds(tokenize("\n\n# only a comment\n")), "$");
}

} // namespace
