//===- Tune.h - `--tune`: rank schedules on the emulator's timing -*- C++ -*-===//
//
// Compiles a kernel once per candidate schedule (work-partition strategy x
// K block x per-core block factor), times each in the emulator's timing-only
// mode (every cost charged, no numerics) and prints a table, the best candidate
// and the flags that reproduce it. Candidates that fail to compile (e.g. their
// circular buffers overflow L1) or to run are reported as such, not dropped; a
// block factor the kernel's blocks cannot be grouped by is not a schedule of it
// and is listed as skipped. Format:
// docs/tenstorrent/RUNNING.md, "Tuning".
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_RUNNER_TUNE_H
#define TILETT_RUNNER_TUNE_H

#include "tilett/Runner/Run.h"
#include "tilett/Target/Metalium/Compile.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::tilett::runner {

struct TuneCandidate {
  StrategyChoice strategy;
  int64_t kBlock;
  /// Unset: CoarsenGrid's model picks the per-core block.
  BlockFactor blockFactor;
};

/// The schedules ranked by default: {contiguous, cyclic_2d} x K blocks
/// {1, 4, 8, 16, 32} x block factors {the model's, 1x1, 2x1, 1x2, 2x2}. A
/// `strategy`, `kBlock` or `blockFactor` fixes that axis (the user chose
/// it; only the others are searched).
std::vector<TuneCandidate>
getTuneCandidates(std::optional<StrategyChoice> strategy = std::nullopt,
                  std::optional<int64_t> kBlock = std::nullopt,
                  std::optional<BlockFactor> blockFactor = std::nullopt);

struct TuneResult {
  TuneCandidate candidate;
  enum Status { Timed, CompileFailed, RunFailed } status = Timed;
  std::optional<double> deviceUs;
  std::optional<double> tflops;
  /// First error line of a failed candidate.
  std::string reason;
};

/// Times every candidate (`run` for input, entry, seed...; `compile` for the
/// other compile options, e.g. arch, fidelity) and prints the table and the
/// choice to `out`. Candidates whose block factor the kernel refuses (its
/// first such compile says so) are left out of `results` and named on a
/// "skipped" line. Returns the index of the fastest timed candidate in
/// `results`, or std::nullopt when none could be timed.
std::optional<size_t> tuneSchedules(const RunOptions &run,
                                    const metalium::CompileOptions &compile,
                                    llvm::ArrayRef<TuneCandidate> candidates,
                                    std::vector<TuneResult> &results,
                                    llvm::raw_ostream &out);

} // namespace mlir::tilett::runner

#endif // TILETT_RUNNER_TUNE_H
