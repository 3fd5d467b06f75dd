//===- kernel_bench.cpp - tilett's kernels beside hand-written programs ---===//
//
// Prints, per point, the device time the emulator's timing model gives
// `tilett run` of a TileLang example (timing-only: every cost charged,
// numerics skipped) and, where one exists, a hand-written TT-Metalium
// program in tt-metal's style (runtime/bench/McastMatmul.h: the 2-D
// multicast matmul of matmul_multicore_reuse_mcast) for the same shape on
// the same card, with the ratio and the share of the card's peak (GEMM:
// HiFi4 FPU rate; memory-bound kernels: DRAM bandwidth). Both run in this
// process, one after the other, so they compare like with like.
//
//   tilett-kernel-bench [--quick] [--only TEXT] [--profile DIR]
//
// --quick: the small points only. --only TEXT: only the rows whose card
// and kernel label contain TEXT (e.g. "n150 GEMM 3584"). --profile DIR:
// the emulator's profile of each run (TT_EMU_PROFILE) in its own
// subdirectory of DIR, e.g. DIR/n150-gemm-3584x3072x768-tilett and
// DIR/...-hand for the hand-written program.
//
//===----------------------------------------------------------------------===//

#include "tilett/Runner/Run.h"

#include "McastMatmul.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

using namespace mlir::tilett;
using namespace ::tt;
using namespace ::tt::tt_metal;

namespace {

/// --only and --profile (see the file comment).
std::string onlyRows, profileRoot;

/// Whether the row `label` of `card` runs under --only.
bool selected(const char *card, const std::string &label) {
  return onlyRows.empty() ||
         (std::string(card) + " " + label).find(onlyRows) != std::string::npos;
}

/// Points TT_EMU_PROFILE at DIR/`name` under --profile (each run of the
/// emulator overwrites its profile, so each gets a directory of its own);
/// clears it otherwise.
void profileAs(const std::string &name) {
  if (profileRoot.empty()) {
    unsetenv("TT_EMU_PROFILE");
    return;
  }
  std::string dir = profileRoot + "/" + name;
  for (char &c : dir)
    if (c == ' ' || c == '(' || c == ')' || c == ',' || c == '\'')
      c = '-';
  setenv("TT_EMU_PROFILE", dir.c_str(), 1);
}

struct Card {
  const char *arch;   ///< tilett's --arch and TT_EMU_ARCH
  const char *label;  ///< the card
  uint32_t gridX, gridY;
  double ghz;
  double dramBytesPerCycle; ///< the model's sustained DRAM rate
};

constexpr Card kN150{"wormhole_b0", "n150", 8, 8, 1.0, 287.0};
constexpr Card kP150{"blackhole", "p150", 13, 10, 1.35, 448.0 / 1.35};

/// Peak of the whole grid in FLOP per cycle at a fidelity of `phases`
/// multiplier passes (HiFi4: 4): one 32x32x32 tile product (2 * 32^3 FLOP)
/// per 16 cycles a phase per core.
double peakFlopsPerCycle(const Card &card, int phases = 4) {
  return card.gridX * card.gridY * 2.0 * 32 * 32 * 32 / (16.0 * phases);
}

/// Device microseconds of `tilett run` on an example, or nullopt.
std::optional<double> tilettMicros(const Card &card, const std::string &example,
                                   const std::string &entry,
                                   const char *fidelity = "HiFi4") {
  setenv("TT_EMU_ARCH", card.arch, 1);
  runner::RunOptions options;
  options.input = std::string(TILETT_SOURCE_DIR) + "/examples/tenstorrent/" +
                  example;
  options.entry = entry;
  options.arch = *mlir::tilett::parseOptionEnum<mlir::tilett::tt::Arch>(card.arch);
  options.timingOnly = true;
  options.mathFidelity = *mlir::tilett::tt::symbolizeMathFidelity(fidelity);
  std::string report;
  llvm::raw_string_ostream out(report);
  int status = runner::runTileLangKernel(options, out);
  size_t at = report.find("device_time_us ");
  if (status != runner::RunPass || at == std::string::npos) {
    std::fprintf(stderr, "tilett run %s %s failed:\n%s\n", example.c_str(),
                 entry.c_str(), report.c_str());
    return std::nullopt;
  }
  return std::strtod(report.c_str() + at + 15, nullptr);
}

/// Largest divisor of `n` that is at most `limit`.
uint32_t divisorAtMost(uint32_t n, uint32_t limit) {
  for (uint32_t d = std::min(n, limit); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

/// Device microseconds of the hand-written 2-D multicast matmul (bf16,
/// HiFi4, DRAM in and out) on the largest grid that divides the tiles, with
/// the published blocking's K block, halved until its CBs fit in L1 (as a
/// person tuning it would); nullopt if none fits.
std::optional<double> handWrittenMicros(const Card &card, uint32_t M,
                                        uint32_t N, uint32_t K) {
  setenv("TT_EMU_ARCH", card.arch, 1);
  setenv("TT_EMU_TIMING_ONLY", "1", 1);
  uint32_t rows = divisorAtMost(M / 32, card.gridY);
  uint32_t cols = divisorAtMost(N / 32, card.gridX);
  std::optional<double> micros;
  for (uint32_t div = 1; div <= 16 && !micros; div *= 2) {
    IDevice *device = CreateDevice(0);
    try {
      uint64_t cycles = ttemu::bench::mcastMatmul(
          device, M, K, N, rows, cols, DataFormat::Float16_b,
          MathFidelity::HiFi4, /*in0InL1=*/false, /*outInL1=*/false, {}, div);
      micros = cycles / (card.ghz * 1000.0);
    } catch (const std::exception &) {
      // The emulator rejects CBs past L1: try a shorter K block.
    }
    CloseDevice(device);
  }
  unsetenv("TT_EMU_TIMING_ONLY");
  return micros;
}

/// Prints one GEMM row; returns tilett's time.
std::optional<double> printGemm(const Card &card, uint32_t M, uint32_t N,
                                uint32_t K) {
  std::string entry = llvm::formatv("matmul({0}, {1}, {2}, 128, 128, 32, "
                                    "dtype='bfloat16')",
                                    M, N, K);
  std::string shape = llvm::formatv("{0}x{1}x{2}", M, N, K);
  if (!selected(card.label, "GEMM " + shape))
    return std::nullopt;
  std::string name = std::string(card.label) + "-gemm-" + shape;
  profileAs(name + "-tilett");
  std::optional<double> ours = tilettMicros(card, "example_gemm.py", entry);
  profileAs(name + "-hand");
  std::optional<double> theirs = handWrittenMicros(card, M, N, K);
  profileAs("");
  double flops = 2.0 * M * N * K;
  double peakMicros = flops / peakFlopsPerCycle(card) / (card.ghz * 1000.0);
  auto cell = [](std::optional<double> v, double scale, const char *unit,
                 bool ratio = false) {
    if (!v)
      return std::string("failed");
    return (ratio ? llvm::formatv("{0:f2}{1}", *v * scale, unit)
                  : llvm::formatv("{0:f1}{1}", *v * scale, unit))
        .str();
  };
  std::printf("| %s | GEMM %ux%ux%u bf16 HiFi4, 128x128x32 blocks | %s | %s "
              "| %s | %s | %s |\n",
              card.label, M, N, K, cell(ours, 1, "").c_str(),
              cell(theirs, 1, "").c_str(),
              ours && theirs ? cell(*theirs / *ours, 1, "", true).c_str() : "-",
              ours ? cell(peakMicros / *ours, 100, "%").c_str() : "-",
              theirs ? cell(peakMicros / *theirs, 100, "%").c_str() : "-");
  return ours;
}

/// A memory-bound kernel: its share of the DRAM bandwidth for `bytes`.
void printMemoryBound(const Card &card, const char *label, const char *example,
                      const std::string &entry, double bytes) {
  if (!selected(card.label, label))
    return;
  profileAs(std::string(card.label) + "-" + label);
  std::optional<double> ours = tilettMicros(card, example, entry);
  profileAs("");
  if (!ours) {
    std::printf("| %s | %s | failed | | | | |\n", card.label, label);
    return;
  }
  double floorMicros = bytes / card.dramBytesPerCycle / (card.ghz * 1000.0);
  std::printf("| %s | %s | %.1f | - | - | %.0f%% of DRAM | - |\n", card.label,
              label, *ours, 100.0 * floorMicros / *ours);
}

/// A GEMM with an element-wise epilogue beside the plain GEMM of the same
/// shape and blocks: what the epilogue costs (compute-bound: of HiFi4 peak).
void printGemmEpilogue(const Card &card, const char *label,
                       const char *example, const char *function, uint32_t n,
                       std::optional<double> plain) {
  std::string entry =
      llvm::formatv("{0}({1}, {1}, {1}, 128, 128, 32)", function, n);
  if (!selected(card.label, label))
    return;
  profileAs(std::string(card.label) + "-" + label);
  std::optional<double> ours = tilettMicros(card, example, entry);
  profileAs("");
  if (!ours) {
    std::printf("| %s | %s | failed | | | | |\n", card.label, label);
    return;
  }
  double peakMicros =
      2.0 * n * n * n / peakFlopsPerCycle(card) / (card.ghz * 1000.0);
  std::string cost =
      plain ? llvm::formatv("epilogue {0:f1} us ({1:f1}% of the plain GEMM)",
                            *ours - *plain, 100.0 * (*ours - *plain) / *plain)
                  .str()
            : std::string("-");
  std::printf("| %s | %s %ux%ux%u bf16 HiFi4, 128x128x32 blocks | %.1f | - | "
              "%s | %.1f%% | - |\n",
              card.label, label, n, n, n, *ours, cost.c_str(),
              100.0 * peakMicros / *ours);
}

/// Flash attention forward: 4 * seq^2 * dim FLOP per head (two GEMMs),
/// against the HiFi2 peak.
void printFlashAttention(const Card &card, uint32_t heads, uint32_t seq,
                         uint32_t dim) {
  std::string entry =
      llvm::formatv("flashattn(1, {0}, {1}, {2})", heads, seq, dim);
  if (!selected(card.label, "flash attention"))
    return;
  profileAs(std::string(card.label) + "-flash-attention");
  std::optional<double> ours =
      tilettMicros(card, "example_flash_attention.py", entry, "HiFi2");
  profileAs("");
  if (!ours) {
    std::printf("| %s | flash attention | failed | | | | |\n", card.label);
    return;
  }
  double flops = 4.0 * heads * seq * seq * dim;
  double peakMicros =
      flops / peakFlopsPerCycle(card, /*phases=*/2) / (card.ghz * 1000.0);
  std::printf("| %s | flash attention fwd bf16 HiFi2, %u heads, seq %u, dim "
              "%u, 64x64 blocks | %.1f | - | - | %.1f%% of HiFi2 | - |\n",
              card.label, heads, seq, dim, *ours, 100.0 * peakMicros / *ours);
}

} // namespace

int main(int argc, char **argv) {
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quick") {
      quick = true;
    } else if ((arg == "--only" || arg == "--profile") && i + 1 < argc) {
      (arg == "--only" ? onlyRows : profileRoot) = argv[++i];
    } else {
      std::fprintf(stderr, "usage: tilett-kernel-bench [--quick] [--only TEXT] "
                           "[--profile DIR]\n");
      return 2;
    }
  }
  std::printf("| card | kernel | tilett us | hand-written us | hand/tilett | "
              "tilett of peak | hand-written of peak |\n"
              "|---|---|---|---|---|---|---|\n");
  std::optional<double> plainGemm;
  for (const Card *card : {&kN150, &kP150}) {
    std::optional<double> plain = printGemm(*card, 2048, 2048, 2048);
    if (card == &kN150)
      plainGemm = plain;
    if (!quick) {
      printGemm(*card, 3584, 3072, 768);
      printGemm(*card, 4096, 4096, 4096);
    }
  }
  // Memory-bound kernels: bytes read and written once each.
  uint32_t n = quick ? 1024 : 4096;
  printMemoryBound(kN150, "element-wise add bf16", "example_elementwise_add.py",
                   llvm::formatv("elementwise_add({0}, {0}, 128, 128)", n),
                   3.0 * n * n * 2);
  printMemoryBound(kN150, "softmax f32 rows", "example_softmax.py",
                   llvm::formatv("softmax({0}, 1024, 32)", n / 2),
                   2.0 * (n / 2) * 1024 * 4);
  printMemoryBound(kN150, "RMS norm f32 rows", "example_rms_norm.py",
                   llvm::formatv("rms_norm({0}, 1024, 32)", n / 2),
                   2.0 * (n / 2) * 1024 * 4);
  // GEMM epilogues at the plain GEMM's point (n150), and flash attention.
  printGemmEpilogue(kN150, "GEMM + bias + ReLU", "example_gemm_bias.py",
                    "matmul_bias_relu", 2048, plainGemm);
  printGemmEpilogue(kN150, "GEMM + ReLU", "example_gemm_relu.py",
                    "matmul_relu", 2048, plainGemm);
  if (!quick)
    printFlashAttention(kN150, 1, 4096, 128);
  return 0;
}
