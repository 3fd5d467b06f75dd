//===- run_bench.cpp - Wall time and peak memory of tilett runs ----------===//
//
// Runs `tilett run` (compile, emulate every core's numerics, check against
// the fp64 reference) on examples/tenstorrent/example_gemm.py at bf16 square
// sizes, each in a child process, and prints per size: the wall time, the
// child's peak resident memory, the tensors' size (A, B and C in bf16) and
// what remains of the peak once twice the tensors' size is taken off -- the
// fixed part (binary, emulated L1 and DST of the cores in use, compiled
// kernels), which should not grow with the tensors. Between two sizes it
// prints the growth of the peak per byte of tensors: at most 2 means a run
// keeps its tensors at most twice over.
//
//   tilett-run-bench [--quick]   (--quick: 1024^3 and 2048^3 only)
//
//===----------------------------------------------------------------------===//

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {

struct Measure {
  double wallSeconds = 0;
  double peakMiB = 0;
  bool passed = false;
};

/// Runs tilett on the example GEMM at size^3; nullopt if it could not run.
std::optional<Measure> runGemm(int size) {
  std::string entry = llvm::formatv(
      "matmul({0}, {0}, {0}, 128, 128, 32, dtype=\"bfloat16\")", size);
  std::string input =
      std::string(TILETT_SOURCE_DIR) + "/examples/tenstorrent/example_gemm.py";
  std::vector<std::string> args = {TILETT_BINARY, "run", input,
                                   "--entry", entry};
  std::vector<char *> argv;
  for (std::string &a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);

  char logPath[] = "/tmp/tilett-run-bench-XXXXXX";
  int log = mkstemp(logPath);
  if (log < 0)
    return std::nullopt;
  unlink(logPath);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, log, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, log, STDERR_FILENO);

  auto start = std::chrono::steady_clock::now();
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    close(log);
    return std::nullopt;
  }
  int status = 0;
  struct rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) {
    close(log);
    return std::nullopt;
  }
  Measure m;
  m.wallSeconds = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  m.peakMiB = double(usage.ru_maxrss) / 1024.0; // Linux: KiB
  // PASS on the last line and exit 0: the reference check held.
  std::string out;
  char buf[4096];
  lseek(log, 0, SEEK_SET);
  for (ssize_t n; (n = read(log, buf, sizeof buf)) > 0;)
    out.append(buf, size_t(n));
  close(log);
  m.passed = WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
             out.find("\nPASS\n") != std::string::npos;
  if (!m.passed)
    llvm::errs() << out;
  return m;
}

} // namespace

int main(int argc, char **argv) {
  bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  std::vector<int> sizes = {1024, 2048};
  if (!quick)
    sizes.push_back(4096);
  llvm::outs() << "tilett run of examples/tenstorrent/example_gemm.py, bf16, "
                  "128x128x32 blocks, n150; numerics and reference check "
                  "included\n\n";
  llvm::outs() << llvm::formatv("{0,-8} {1,8} {2,10} {3,12} {4,18} {5,8}\n",
                                "GEMM", "wall s", "peak MiB", "tensors MiB",
                                "peak - 2x tensors", "check");
  double prevPeak = 0, prevTensors = 0;
  std::vector<std::string> growth;
  bool ok = true;
  for (int size : sizes) {
    std::optional<Measure> m = runGemm(size);
    if (!m) {
      llvm::errs() << "cannot run " << TILETT_BINARY << "\n";
      return 1;
    }
    double tensors = 3.0 * size * size * 2 / (1024.0 * 1024.0);
    llvm::outs() << llvm::formatv(
        "{0,-8} {1,8:f1} {2,10:f1} {3,12:f1} {4,18:f1} {5,8}\n",
        llvm::formatv("{0}^3", size).str(), m->wallSeconds, m->peakMiB,
        tensors, m->peakMiB - 2 * tensors, m->passed ? "PASS" : "FAIL");
    if (prevTensors > 0)
      growth.push_back(llvm::formatv(
          "{0}^3 vs {1}^3: {2:f2} MiB of peak per MiB of tensors", size,
          size / 2, (m->peakMiB - prevPeak) / (tensors - prevTensors)));
    prevPeak = m->peakMiB;
    prevTensors = tensors;
    ok &= m->passed;
  }
  llvm::outs() << "\n";
  for (const std::string &line : growth)
    llvm::outs() << line << "\n";
  return ok ? 0 : 1;
}
