//===- PipelineFuzzTest.cpp - Random-mutation test of .mlir compilation ---===//
//
// Mutates the hand-written tl/tt modules of the lit tests with a fixed seed
// (token deletion and duplication, numbers made zero, negative or huge,
// element types swapped, lines dropped or repeated, truncation) and compiles
// each result as `tilett compile x.mlir -o dir` does: parse, verify, the five
// passes, EmitC and the output directory. It checks that nothing crashes or
// hangs and that every rejected module got an error at a location in the
// file. TILETT_FUZZ_SEED, TILETT_FUZZ_ITERATIONS and TILETT_FUZZ_DUMP=<path>
// (each input written there first) as in FrontendFuzzTest.
//
//===----------------------------------------------------------------------===//

#include "tilett/RegisterAll.h"
#include "tilett/Target/Metalium/Compile.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include "../Support/FuzzText.h"

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace mlir;

namespace {

using mlir::tilett::fuzz::envNumber;
using mlir::tilett::fuzz::roughTokens;
using mlir::tilett::fuzz::sortedFiles;

constexpr unsigned kIterations = 2400;

/// Every module of the lit inputs that holds a tl.kernel (split at
/// `// -----` like --split-input-file), sorted for a stable seed.
std::vector<std::string> seedModules() {
  std::vector<std::string> paths;
  for (const char *dir : {"test/Transforms", "test/Transforms/Inputs",
                          "test/Runner", "test/Target/Metalium",
                          "test/Conversion/TTToEmitC"})
    llvm::append_range(paths, sortedFiles(TILETT_SOURCE_DIR, dir, ".mlir"));
  llvm::sort(paths);
  std::vector<std::string> modules;
  for (const std::string &path : paths) {
    auto buf = llvm::MemoryBuffer::getFile(path);
    if (!buf)
      continue;
    llvm::SmallVector<StringRef> parts;
    (*buf)->getBuffer().split(parts, "// -----");
    for (StringRef part : parts)
      if (part.contains("tl.kernel") || part.contains("tt.kernel_kind"))
        modules.push_back(part.str());
  }
  return modules;
}

std::string mutate(std::string text, std::mt19937 &rng) {
  auto pick = [&](size_t n) {
    return n ? std::uniform_int_distribution<size_t>(0, n - 1)(rng) : 0;
  };
  static const char *const kNumbers[] = {"0", "-1", "1", "31", "33",
                                         "2147483648", "100000",
                                         "9223372036854775807", "4096"};
  static const char *const kTypes[] = {"f32", "bf16", "f16", "i32", "i1",
                                       "f64", "index", "i64"};
  unsigned rounds = 1 + pick(3);
  for (unsigned r = 0; r < rounds && !text.empty(); ++r) {
    auto spans = roughTokens(text);
    auto [b, n] = spans[pick(spans.size())];
    switch (pick(7)) {
    case 0: // truncate
      text.resize(pick(text.size()));
      break;
    case 1: // delete a token
      text.erase(b, n);
      break;
    case 2: // duplicate a token
      text.insert(b, text.substr(b, n));
      break;
    case 3: { // a number (in shapes, grids, attributes) made extreme
      std::vector<std::pair<size_t, size_t>> numbers;
      for (auto span : spans)
        if (std::isdigit(static_cast<unsigned char>(text[span.first])))
          numbers.push_back(span);
      if (numbers.empty())
        break;
      auto [nb, nn] = numbers[pick(numbers.size())];
      text.replace(nb, nn, kNumbers[pick(std::size(kNumbers))]);
      break;
    }
    case 4: { // an element type swapped
      for (size_t at = text.find("x", pick(text.size())); at != std::string::npos;
           at = text.find("x", at + 1)) {
        size_t e = at + 1;
        while (e < text.size() && std::isalnum(static_cast<unsigned char>(text[e])))
          ++e;
        StringRef type(text.data() + at + 1, e - at - 1);
        if (llvm::is_contained(kTypes, type)) {
          text.replace(at + 1, e - at - 1, kTypes[pick(std::size(kTypes))]);
          break;
        }
      }
      break;
    }
    case 5: { // drop or repeat a line
      size_t bl = text.rfind('\n', b);
      bl = bl == std::string::npos ? 0 : bl + 1;
      size_t el = text.find('\n', b);
      el = el == std::string::npos ? text.size() : el + 1;
      if (pick(2))
        text.insert(bl, text.substr(bl, el - bl));
      else
        text.erase(bl, el - bl);
      break;
    }
    case 6: { // a byte replaced by MLIR punctuation
      static const char punct[] = "%@#^!(){}[]<>:,=\"x-. \n";
      text[pick(text.size())] = punct[pick(sizeof(punct) - 1)];
      break;
    }
    }
  }
  return text;
}

/// True if `loc` points into the input file.
bool isFileLocation(Location loc) {
  bool found = false;
  loc->walk([&](Location l) {
    if (isa<FileLineColLoc>(l))
      found = true;
    return found ? WalkResult::interrupt() : WalkResult::advance();
  });
  return found;
}

TEST(PipelineFuzzTest, SeedsExist) { EXPECT_GE(seedModules().size(), 20u); }

TEST(PipelineFuzzTest, MutatedModulesFailWithLocatedErrors) {
  std::vector<std::string> seeds = seedModules();
  ASSERT_FALSE(seeds.empty());
  std::mt19937 rng(envNumber("TILETT_FUZZ_SEED", 20261201));
  unsigned iterations = envNumber("TILETT_FUZZ_ITERATIONS", kIterations);
  const char *dump = std::getenv("TILETT_FUZZ_DUMP");

  llvm::SmallString<128> outRoot;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("pipeline-fuzz", outRoot));
  llvm::SmallString<128> outDir(outRoot);
  llvm::sys::path::append(outDir, "out");

  DialectRegistry registry;
  tilett::registerAllDialects(registry);
  // The seeds include the lit tests' invalid modules; those that compile as
  // they are show what the mutations start from.
  unsigned compilingSeeds = 0;
  for (const std::string &seed : seeds) {
    MLIRContext ctx(registry);
    ctx.loadAllAvailableDialects();
    ScopedDiagnosticHandler quiet(&ctx, [](Diagnostic &) { return success(); });
    OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(seed, &ctx);
    compilingSeeds +=
        module && succeeded(tilett::metalium::compileToDirectory(
                      *module, tilett::metalium::CompileOptions(), outDir));
  }
  EXPECT_GE(compilingSeeds, 10u);
  unsigned accepted = 0, rejected = 0;
  for (unsigned i = 0; i < iterations; ++i) {
    std::string input = mutate(seeds[i % seeds.size()], rng);
    if (dump) {
      std::error_code ec;
      llvm::raw_fd_ostream os(dump, ec);
      os << input;
    }
    // A context per input: a failed pass may leave state behind.
    MLIRContext ctx(registry);
    ctx.loadAllAvailableDialects();
    ctx.printOpOnDiagnostic(false);
    unsigned errors = 0, located = 0;
    std::string firstError;
    ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
      if (d.getSeverity() != DiagnosticSeverity::Error)
        return success();
      ++errors;
      located += isFileLocation(d.getLocation());
      if (firstError.empty())
        firstError = d.str();
      return success();
    });
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(input, "fuzz.mlir"), llvm::SMLoc());
    OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &ctx);
    bool ok = module && succeeded(tilett::metalium::compileToDirectory(
                            *module, tilett::metalium::CompileOptions(), outDir));
    if (ok) {
      ++accepted;
      continue;
    }
    ++rejected;
    EXPECT_GE(errors, 1u) << "iteration " << i << " failed without an error:\n"
                          << input;
    EXPECT_GE(located, 1u) << "iteration " << i
                           << " has no error located in the file (first: "
                           << firstError << "):\n"
                           << input;
  }
  llvm::sys::fs::remove_directories(outRoot);
  // The mutator must break most inputs and leave some intact, or it tests
  // only one side.
  EXPECT_GT(rejected, iterations / 4);
  EXPECT_GT(accepted, 0u);
  std::printf("pipeline fuzz: %zu seed modules (%u compile as they are); "
              "%u attempts, %u compiled, %u rejected with located errors, 0 "
              "crashes\n",
              seeds.size(), compilingSeeds, iterations, accepted, rejected);
}

} // namespace
