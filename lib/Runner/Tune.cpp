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
                          std::optional<int64_t> kBlock) {
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
  std::vector<TuneCandidate> candidates;
  for (StrategyChoice s : strategies)
    for (int64_t k : kBlocks)
      candidates.push_back({s, k});
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
  for (const TuneCandidate &candidate : candidates) {
    RunOptions options = run;
    options.strategy = candidate.strategy;
    options.kBlock = candidate.kBlock;
    options.timingOnly = true;
    // Each candidate compiles into its own temporary directory.
    options.outDir.clear();
    options.keepOutput = false;
    metalium::CompileOptions compileOptions = compile;
    compileOptions.strategy = candidate.strategy;
    compileOptions.kBlock = candidate.kBlock;
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

  out << llvm::formatv("tune {0}: {1} candidates (strategy x k-block), "
                       "timing only, math fidelity {2}\n",
                       run.input, results.size(),
                       tt::stringifyMathFidelity(compile.mathFidelity));
  out << llvm::formatv("  {0,-12} {1,7} {2,15} {3,8}  {4}\n", "strategy",
                       "k-block", "device_time_us", "tflops", "result");
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
    std::string row =
        llvm::formatv("  {0,-12} {1,7} {2,15} {3,8}  {4}",
                      stringifyOptionEnum(r.candidate.strategy),
                      r.candidate.kBlock, time, tflops, note)
            .str();
    out << StringRef(row).rtrim() << "\n";
  }
  if (!best) {
    out << "no candidate could be timed\n";
    return std::nullopt;
  }
  const TuneResult &choice = results[*best];
  out << llvm::formatv("best: --strategy {0} --k-block {1}: {2:f1} us\n",
                       stringifyOptionEnum(choice.candidate.strategy),
                       choice.candidate.kBlock,
                       *choice.deviceUs);
  // The line a user (or a script) copies to reuse the choice without
  // tuning again; the fidelity is part of it when it is not the default.
  out << "reuse with: --strategy "
      << stringifyOptionEnum(choice.candidate.strategy)
      << " --k-block " << choice.candidate.kBlock;
  if (compile.mathFidelity != kDefaultMathFidelityValue)
    out << " --math-fidelity " << tt::stringifyMathFidelity(compile.mathFidelity);
  if (compile.mathApprox)
    out << " --math-approx";
  out << "\n";
  return best;
}
