//===- Tune.cpp - `--tune`: rank schedules on the emulator's timing -------===//
//
// Each candidate is a whole `tilett run --timing-only` (runTileLangKernel):
// the same compile as `tilett compile` with the candidate's flags, the same
// emulator and cost model, so the time ranked is the time a user would see
// with the printed flags. Numerics are skipped: a schedule does not change
// what is computed, only when, and the timing-only mode charges every cost.
//
//===----------------------------------------------------------------------===//

#include "tilett/Runner/Tune.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::runner;

std::vector<TuneCandidate>
runner::getTuneCandidates(std::optional<StrategyChoice> strategy,
                          std::optional<int64_t> kBlock,
                          std::optional<BlockFactor> blockFactor) {
  // contiguous keeps a core's blocks adjacent (no sharing); cyclic_2d lays
  // blocks out so rows and columns of cores can multicast their operands.
  // K blocks from 1 (each step as written) to 32 (the L1 budget of a
  // 128x128 block's double-buffered operands on Wormhole is near there).
  std::vector<StrategyChoice> strategies =
      strategy ? std::vector<StrategyChoice>{*strategy}
               : std::vector<StrategyChoice>{
                     toStrategyChoice(tt::PartitionStrategy::Contiguous),
                     toStrategyChoice(tt::PartitionStrategy::Cyclic2D)};
  std::vector<int64_t> kBlocks =
      kBlock ? std::vector<int64_t>{*kBlock}
             : std::vector<int64_t>{1, 4, 8, 16, 32};
  // Per-core blocks: the model's pick, the blocks as written, and pairs
  // and quads of neighbours along either grid dimension (what the model's
  // first-order estimate most often gets wrong is whether sharing a load
  // pays for the fewer cores it leaves busy). Which are legal is the
  // kernel's business: InferTTLayout refuses the others.
  std::vector<BlockFactor> factors =
      blockFactor ? std::vector<BlockFactor>{*blockFactor}
                  : std::vector<BlockFactor>{
                        BlockFactor{}, {1, 1}, {2, 1}, {1, 2}, {2, 2}};
  std::vector<TuneCandidate> candidates;
  for (StrategyChoice s : strategies)
    for (int64_t k : kBlocks)
      for (BlockFactor f : factors)
        candidates.push_back({s, k, f});
  return candidates;
}

/// The first line that says "error", else the first line: the reason a
/// candidate failed, short enough for a table row.
static std::string firstError(StringRef text) {
  SmallVector<StringRef> lines;
  text.split(lines, '\n', -1, /*KeepEmpty=*/false);
  for (StringRef line : lines)
    if (line.contains("error"))
      return line.trim().str();
  return lines.empty() ? std::string("no diagnostic") : lines[0].trim().str();
}

/// "FxG", or "model" for CoarsenGrid's choice (the table's spelling).
static std::string blockFactorName(BlockFactor f) {
  if (!f.isSet())
    return "model";
  return llvm::formatv("{0}x{1}", f.x, f.y).str();
}

namespace {
/// Sets TT_EMU_TIMING_ONLY for the candidates' runs (the emulator reads it
/// at each run) and restores the caller's value after.
class TimingOnlyScope {
public:
  TimingOnlyScope() {
    if (const char *v = getenv("TT_EMU_TIMING_ONLY"))
      saved = v;
    setenv("TT_EMU_TIMING_ONLY", "1", 1);
  }
  ~TimingOnlyScope() {
    if (saved)
      setenv("TT_EMU_TIMING_ONLY", saved->c_str(), 1);
    else
      unsetenv("TT_EMU_TIMING_ONLY");
  }

private:
  std::optional<std::string> saved;
};
} // namespace

std::optional<size_t>
runner::tuneSchedules(const RunOptions &run,
                      const metalium::CompileOptions &compile,
                      ArrayRef<TuneCandidate> candidates,
                      std::vector<TuneResult> &results, raw_ostream &out) {
  TimingOnlyScope timingOnly;
  results.clear();
  // Block factors the kernel cannot be grouped by, with the reason, in the
  // order found; legality depends on neither strategy nor K block.
  std::vector<std::pair<BlockFactor, std::string>> illegal;
  auto isIllegal = [&](BlockFactor f) {
    return llvm::any_of(illegal, [&](auto &entry) { return entry.first == f; });
  };
  for (const TuneCandidate &candidate : candidates) {
    if (isIllegal(candidate.blockFactor))
      continue;
    RunOptions options = run;
    options.strategy = candidate.strategy;
    options.kBlock = candidate.kBlock;
    options.blockFactor = candidate.blockFactor;
    options.timingOnly = true;
    // Each candidate compiles into its own temporary directory.
    options.outDir.clear();
    options.keepOutput = false;
    metalium::CompileOptions compileOptions = compile;
    compileOptions.strategy = candidate.strategy;
    compileOptions.kBlock = candidate.kBlock;
    compileOptions.blockFactor = candidate.blockFactor;
    options.compile = [compileOptions](ModuleOp module, StringRef dir) {
      return metalium::compileToDirectory(module, compileOptions, dir);
    };
    std::string report, errors;
    llvm::raw_string_ostream reportStream(report), errorStream(errors);
    options.errors = &errorStream;
    RunSummary summary;
    int status = runTileLangKernel(options, reportStream, &summary);

    TuneResult result;
    result.candidate = candidate;
    if (!summary.compiled) {
      result.status = TuneResult::CompileFailed;
      result.reason = firstError(errors);
      // InferTTLayout's refusal of the factor (CoarsenGrid.h,
      // applyBlockFactor): not a schedule of this kernel.
      if (candidate.blockFactor.isSet() &&
          StringRef(result.reason).contains("error: block-factor ")) {
        illegal.push_back({candidate.blockFactor, result.reason});
        continue;
      }
    } else if (status != RunPass || !summary.deviceUs) {
      result.status = TuneResult::RunFailed;
      result.reason = !errors.empty() ? firstError(errors)
                                      : "the emulator reported no device time";
    } else {
      result.deviceUs = summary.deviceUs;
      result.tflops = summary.tflops;
    }
    results.push_back(std::move(result));
  }

  std::optional<size_t> best;
  for (auto [i, r] : llvm::enumerate(results))
    if (r.status == TuneResult::Timed &&
        (!best || *r.deviceUs < *results[*best].deviceUs))
      best = i;

  out << llvm::formatv("tune {0}: {1} candidates (strategy x k-block x "
                       "block-factor), timing only, math fidelity {2}\n",
                       run.input, results.size(),
                       tt::stringifyMathFidelity(compile.mathFidelity));
  out << llvm::formatv("  {0,-12} {1,7} {2,12} {3,15} {4,8}  {5}\n", "strategy",
                       "k-block", "block-factor", "device_time_us", "tflops",
                       "result");
  for (auto [i, r] : llvm::enumerate(results)) {
    std::string time = "-", tflops = "-", note;
    switch (r.status) {
    case TuneResult::Timed:
      time = llvm::formatv("{0:f1}", *r.deviceUs).str();
      tflops = llvm::formatv("{0:f3}", r.tflops.value_or(0.0)).str();
      note = best && *best == i ? "best" : "";
      break;
    case TuneResult::CompileFailed:
      note = "compile failed: " + r.reason;
      break;
    case TuneResult::RunFailed:
      note = "run failed: " + r.reason;
      break;
    }
    // No trailing blanks on rows without a note: tests and scripts match
    // whole lines.
    std::string row = llvm::formatv("  {0,-12} {1,7} {2,12} {3,15} {4,8}  {5}",
                                    stringifyOptionEnum(r.candidate.strategy),
                                    r.candidate.kBlock,
                                    blockFactorName(r.candidate.blockFactor),
                                    time, tflops, note)
                          .str();
    out << StringRef(row).rtrim() << "\n";
  }
  for (auto &[factor, reason] : illegal)
    out << llvm::formatv("skipped block-factor {0}: {1}\n",
                         blockFactorName(factor), reason);
  if (!best) {
    out << "no candidate could be timed\n";
    return std::nullopt;
  }
  const TuneResult &choice = results[*best];
  // The model's block factor is the default: no flag.
  std::string factorFlag =
      choice.candidate.blockFactor.isSet()
          ? " --block-factor " + blockFactorName(choice.candidate.blockFactor)
          : "";
  out << llvm::formatv("best: --strategy {0} --k-block {1}{2}: {3:f1} us\n",
                       stringifyOptionEnum(choice.candidate.strategy),
                       choice.candidate.kBlock, factorFlag, *choice.deviceUs);
  // The line a user (or a script) copies to reuse the choice without
  // tuning again; the fidelity is part of it when it is not the default.
  out << "reuse with: --strategy "
      << stringifyOptionEnum(choice.candidate.strategy) << " --k-block "
      << choice.candidate.kBlock << factorFlag;
  if (compile.mathFidelity != kDefaultMathFidelityValue)
    out << " --math-fidelity " << tt::stringifyMathFidelity(compile.mathFidelity);
  if (compile.mathApprox)
    out << " --math-approx";
  out << "\n";
  return best;
}
