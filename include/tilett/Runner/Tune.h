//===- Tune.h - `--tune`: rank schedules on the emulator's timing -*- C++ -*-===//
//
// Compiles a kernel once per candidate schedule (work-partition strategy x
// K block), times each in the emulator's timing-only mode (every cost
// charged, no numerics) and prints a table, the best candidate and the flags
// that reproduce it. Candidates that fail to compile (e.g. their circular
// buffers overflow L1) or to run are reported as such, not dropped. Format:
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
};

/// The schedules ranked by default: {contiguous, cyclic_2d} x K blocks
/// {1, 4, 8, 16, 32}. A `strategy` or a `kBlock` fixes that axis
/// (the user chose it; only the other one is searched).
std::vector<TuneCandidate>
getTuneCandidates(std::optional<StrategyChoice> strategy = std::nullopt,
                  std::optional<int64_t> kBlock = std::nullopt);

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
/// choice to `out`. Returns the index of the fastest timed candidate in
/// `results`, or std::nullopt when none could be timed.
std::optional<size_t> tuneSchedules(const RunOptions &run,
                                    const metalium::CompileOptions &compile,
                                    llvm::ArrayRef<TuneCandidate> candidates,
                                    std::vector<TuneResult> &results,
                                    llvm::raw_ostream &out);

} // namespace mlir::tilett::runner

#endif // TILETT_RUNNER_TUNE_H
