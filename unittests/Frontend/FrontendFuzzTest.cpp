//===- FrontendFuzzTest.cpp - Random-mutation test of the TileLang reader -===//
//
// Mutates every example and style script with a fixed seed (truncation, byte
// flips, token deletion and duplication, indentation changes) and checks that
// the reader neither crashes nor hangs, and that every rejected input got at
// least one error diagnostic at a file:line:col location. Set
// TILETT_FUZZ_DUMP=<path> to have each input written there before it is
// parsed, which names the culprit when a mutation crashes the process;
// TILETT_FUZZ_SEED and TILETT_FUZZ_ITERATIONS explore beyond the CI run.
//
//===----------------------------------------------------------------------===//

#include "tilett/Frontend/TileLangFrontend.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include "../Support/FuzzText.h"

#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace mlir;

namespace {

using mlir::tilett::fuzz::envNumber;
using mlir::tilett::fuzz::roughTokens;
using mlir::tilett::fuzz::sortedFiles;

/// Total mutated inputs, spread over the seed scripts.
constexpr unsigned kIterations = 4200;

std::vector<std::string> seedScripts() {
  std::vector<std::string> texts;
  for (const char *dir :
       {"examples/tenstorrent", "test/Frontend/Inputs/styles",
        "test/Frontend/Inputs/malformed", "test/Frontend/Inputs/corpus",
        "test/Frontend/Inputs/corpus2"}) {
    std::vector<std::string> paths =
        sortedFiles(TILETT_SOURCE_DIR, dir, ".py");
    for (const std::string &path : paths)
      if (auto buf = llvm::MemoryBuffer::getFile(path))
        texts.push_back((*buf)->getBuffer().str());
  }
  return texts;
}

std::string mutate(std::string text, std::mt19937 &rng) {
  auto pick = [&](size_t n) { return n ? std::uniform_int_distribution<size_t>(0, n - 1)(rng) : 0; };
  unsigned rounds = 1 + pick(3);
  for (unsigned r = 0; r < rounds && !text.empty(); ++r) {
    switch (pick(7)) {
    case 0: // truncate
      text.resize(pick(text.size()));
      break;
    case 1: { // flip a byte to anything, including non-ASCII and NUL
      text[pick(text.size())] = static_cast<char>(pick(256));
      break;
    }
    case 2: { // replace a byte by Python punctuation
      static const char punct[] = "()[]{}:,.=+-*/%<>@\"'#\\\t\n ";
      text[pick(text.size())] = punct[pick(sizeof(punct) - 1)];
      break;
    }
    case 3: { // delete a token
      auto spans = roughTokens(text);
      auto [b, n] = spans[pick(spans.size())];
      text.erase(b, n);
      break;
    }
    case 4: { // duplicate a token
      auto spans = roughTokens(text);
      auto [b, n] = spans[pick(spans.size())];
      text.insert(b, text.substr(b, n));
      break;
    }
    case 5: { // change the indentation of a line
      std::vector<size_t> starts{0};
      for (size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n')
          starts.push_back(i + 1);
      size_t s = starts[pick(starts.size())];
      switch (pick(3)) {
      case 0: text.insert(s, std::string(1 + pick(8), ' ')); break;
      case 1: text.insert(s, "\t"); break;
      default:
        for (unsigned k = 0, e = 1 + pick(8); k < e && s < text.size() && text[s] == ' '; ++k)
          text.erase(s, 1);
      }
      break;
    }
    case 6: { // duplicate or drop a whole line
      size_t at = pick(text.size());
      size_t b = text.rfind('\n', at);
      b = b == std::string::npos ? 0 : b + 1;
      size_t e = text.find('\n', at);
      e = e == std::string::npos ? text.size() : e + 1;
      if (pick(2))
        text.insert(b, text.substr(b, e - b));
      else
        text.erase(b, e - b);
      break;
    }
    }
  }
  return text;
}

struct Outcome {
  bool accepted = false;
  unsigned errors = 0, locatedErrors = 0;
  std::string firstError;
};

Outcome runReader(MLIRContext &ctx, const std::string &text) {
  Outcome out;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
    if (d.getSeverity() != DiagnosticSeverity::Error)
      return success();
    ++out.errors;
    if (auto flc = dyn_cast<FileLineColLoc>(d.getLocation()))
      if (flc.getLine() >= 1 && flc.getColumn() >= 1)
        ++out.locatedErrors;
    if (out.firstError.empty())
      out.firstError = d.str();
    return success();
  });
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.py"), llvm::SMLoc());
  OwningOpRef<ModuleOp> module =
      tilett::frontend::parseTileLangFile(sourceMgr, &ctx, {});
  out.accepted = static_cast<bool>(module);
  return out;
}

TEST(FrontendFuzzTest, SeedsExist) {
  // The fuzz test is only meaningful with its corpus.
  EXPECT_GE(seedScripts().size(), 10u);
}

TEST(FrontendFuzzTest, MutationsFailWithLocatedErrors) {
  std::vector<std::string> seeds = seedScripts();
  ASSERT_FALSE(seeds.empty());
  const char *dump = std::getenv("TILETT_FUZZ_DUMP");
  MLIRContext ctx;
  std::mt19937 rng(envNumber("TILETT_FUZZ_SEED", 20240611));
  unsigned iterations = envNumber("TILETT_FUZZ_ITERATIONS", kIterations);
  auto start = std::chrono::steady_clock::now();
  unsigned rejected = 0;
  for (unsigned i = 0; i < iterations; ++i) {
    std::string input = mutate(seeds[i % seeds.size()], rng);
    if (dump) {
      std::error_code ec;
      llvm::raw_fd_ostream os(dump, ec);
      os << input;
    }
    auto t0 = std::chrono::steady_clock::now();
    Outcome out = runReader(ctx, input);
    double secs = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - t0).count();
    // The evaluator bounds the work a script can ask for; a slow input is a
    // hang in the making.
    EXPECT_LT(secs, 5.0) << "iteration " << i << " took " << secs << "s";
    if (out.accepted)
      continue;
    ++rejected;
    EXPECT_GE(out.errors, 1u) << "iteration " << i
                              << " failed without an error:\n" << input;
    EXPECT_GE(out.locatedErrors, 1u)
        << "iteration " << i << " has no file:line:col error (first: "
        << out.firstError << "):\n" << input;
  }
  // Most mutations must break something, or the mutator is not doing its job.
  EXPECT_GT(rejected, iterations / 10);
  std::printf("frontend fuzz: %u attempts, %u read, %u rejected, 0 crashes\n",
              iterations, iterations - rejected, rejected);
  double total = std::chrono::duration<double>(
                     std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(total, 120.0 * iterations / kIterations);
}

} // namespace
