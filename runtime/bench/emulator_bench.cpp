// Emulator throughput: matmul_tiles per second of host time through a full
// reader/compute/writer program, and MB/s of NOC reads from DRAM; plus the
// compute API alone (matmul/eltwise/pack tiles per second on an in-memory
// fake core, no threads or scheduler), which bounds what a program can reach.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>

#include "McastMatmul.h"
#include "api/compute/emu/compute_emu.h"
#include "ttemu/kernel_context.h"
#include "ttemu/numerics.h"

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt;
using namespace tt::tt_metal;

namespace {

constexpr uint32_t kTileBytes = 2048;

std::string unitKernel(const std::string &rel) {
  return std::string(TTEMU_UNITTEST_KERNEL_DIR) + "/" + rel;
}
std::string benchKernel(const std::string &rel) {
  return std::string(TTEMU_BENCH_KERNEL_DIR) + "/" + rel;
}

IDevice *device() {
  static IDevice *d = CreateDevice(0);
  return d;
}

std::shared_ptr<Buffer> dramBuffer(uint32_t tiles) {
  return CreateBuffer(InterleavedBufferConfig{.device = device(),
                                              .size = tiles * kTileBytes,
                                              .page_size = kTileBytes,
                                              .buffer_type = BufferType::DRAM});
}

void addCb(Program &p, CoreCoord core, uint8_t index) {
  CreateCircularBuffer(p, core,
                       CircularBufferConfig(2 * kTileBytes,
                                            {{index, DataFormat::Float16_b}})
                           .set_page_size(index, kTileBytes));
}

/// Single-core matmul of (Mt x Kt) by (Kt x Nt) tiles; counts matmul_tiles.
void BM_MatmulTiles(benchmark::State &state) {
  const uint32_t Mt = 4, Nt = 4, Kt = static_cast<uint32_t>(state.range(0));
  auto a = dramBuffer(Mt * Kt), b = dramBuffer(Kt * Nt), c = dramBuffer(Mt * Nt);
  std::vector<bfloat16> ones(Kt * std::max(Mt, Nt) * 1024, bfloat16(1.0f));
  EnqueueWriteBuffer(device()->command_queue(), a, ones.data(), true);
  EnqueueWriteBuffer(device()->command_queue(), b, ones.data(), true);
  CoreCoord core{0, 0};
  auto runOnce = [&] {
    Program program = CreateProgram();
    addCb(program, core, 0);
    addCb(program, core, 1);
    addCb(program, core, 16);
    std::vector<uint32_t> rct, wct = {16};
    TensorAccessorArgs(*a).append_to(rct);
    TensorAccessorArgs(*b).append_to(rct);
    TensorAccessorArgs(*c).append_to(wct);
    auto r = CreateKernel(program, unitKernel("dataflow/reader_mm.cpp"), core,
                          ReaderDataMovementConfig(rct));
    auto w = CreateKernel(program, unitKernel("dataflow/writer_tiles.cpp"), core,
                          WriterDataMovementConfig(wct));
    CreateKernel(program, unitKernel("compute/mm.cpp"), core,
                 ComputeConfig{.compile_args = {Mt, Kt, Nt}});
    SetRuntimeArgs(program, r, core,
                   {a->address(), b->address(), Kt, Nt, 0u, Mt * Nt});
    SetRuntimeArgs(program, w, core, {c->address(), Mt * Nt, 0u});
    EnqueueProgram(device()->command_queue(), program, true);
  };
  runOnce(); // Compiles the kernels outside the timed loop.
  for (auto _ : state)
    runOnce();
  state.SetItemsProcessed(state.iterations() * int64_t(Mt) * Nt * Kt);
  state.counters["matmul_tiles/s"] = benchmark::Counter(
      double(state.iterations()) * Mt * Nt * Kt, benchmark::Counter::kIsRate);
}
// Kernel threads do the work, so rates are per wall-clock second.
BENCHMARK(BM_MatmulTiles)->Arg(8)->Arg(32)->UseRealTime()->Unit(benchmark::kMillisecond);

/// One reader thread pulling tiles from DRAM through NOC reads.
void BM_NocReadDram(benchmark::State &state) {
  const uint32_t tiles = static_cast<uint32_t>(state.range(0));
  auto src = dramBuffer(tiles);
  CoreCoord core{0, 0};
  auto runOnce = [&] {
    Program program = CreateProgram();
    addCb(program, core, 0);
    std::vector<uint32_t> ct;
    TensorAccessorArgs(*src).append_to(ct);
    auto k = CreateKernel(program, benchKernel("read_and_drop.cpp"), core,
                          ReaderDataMovementConfig(ct));
    SetRuntimeArgs(program, k, core, {src->address(), tiles});
    EnqueueProgram(device()->command_queue(), program, true);
  };
  runOnce();
  for (auto _ : state)
    runOnce();
  state.SetBytesProcessed(state.iterations() * int64_t(tiles) * kTileBytes);
}
BENCHMARK(BM_NocReadDram)->Arg(256)->Arg(2048)->UseRealTime()->Unit(benchmark::kMillisecond);

/// A whole multi-core program: the 2-D multicast matmul (McastMatmul.h) of
/// 512^3 bf16 at HiFi4 on the 8x8 grid, 192 processors, wall time per run
/// with the processors as OS threads (fibers:0, TT_EMU_SCHED=threads) or as
/// fibers (fibers:1, the default), so that one run compares the two. Both
/// give the same device cycles (counter `cycles`; FiberSchedulerTest).
/// timing_only:1 (TT_EMU_TIMING_ONLY) skips the tile math, leaving mostly
/// the scheduling: about 5.6k handoffs of the baton per run.
void BM_McastMatmulProgram(benchmark::State &state) {
  constexpr uint32_t M = 512, K = 512, N = 512;
  struct Env {
    const char *name;
    std::string saved;
    bool had;
    Env(const char *name, const char *value) : name(name) {
      const char *v = std::getenv(name);
      had = v != nullptr;
      saved = v ? v : "";
      setenv(name, value, 1);
    }
    ~Env() {
      if (had)
        setenv(name, saved.c_str(), 1);
      else
        unsetenv(name);
    }
  };
  Env sched("TT_EMU_SCHED", state.range(0) ? "fibers" : "threads");
  Env timing("TT_EMU_TIMING_ONLY", state.range(1) ? "1" : "0");
  std::mt19937 gen(7);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<bfloat16> a(M * K), b(K * N);
  for (auto &x : a)
    x = bfloat16(dist(gen));
  for (auto &x : b)
    x = bfloat16(dist(gen));
  uint64_t cycles = 0;
  auto runOnce = [&] {
    cycles = ttemu::bench::mcastMatmul(
        device(), M, K, N, 8, 8, DataFormat::Float16_b, MathFidelity::HiFi4,
        false, false, [&](const ttemu::bench::MatmulBuffers &bufs) {
          EnqueueWriteBuffer(device()->command_queue(), bufs.a, a.data(), true);
          EnqueueWriteBuffer(device()->command_queue(), bufs.b, b.data(), true);
        });
  };
  runOnce(); // Compiles the kernels outside the timed loop.
  for (auto _ : state)
    runOnce();
  double tiles = double(M / 32) * (N / 32) * (K / 32);
  state.counters["matmul_tiles/s"] = benchmark::Counter(
      double(state.iterations()) * tiles, benchmark::Counter::kIsRate);
  state.counters["cycles"] = double(cycles);
}
BENCHMARK(BM_McastMatmulProgram)
    ->ArgNames({"fibers", "timing_only"})
    ->ArgsProduct({{0, 1}, {0, 1}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

/// A core for the compute API alone: CBs 0 and 1 hold one random tile each
/// (values of moderate range, so sums round), CB 16 one output page.
class BenchHost final : public ttemu::compute::Host {
public:
  ttemu::ComputeSettings cfg;
  ttemu::num::DataFormat fmt;
  std::vector<uint8_t> pages[3];
  uint32_t counter = 0;

  BenchHost(ttemu::num::DataFormat fmt, ttemu::num::MathFidelity fidelity,
            bool fp32Dest)
      : fmt(fmt) {
    cfg.mathFidelity = fidelity;
    cfg.fp32DestAccEn = fp32Dest;
    std::mt19937 gen(42);
    std::normal_distribution<float> dist(0.0f, 1.0f);
    for (auto &page : pages) {
      std::vector<float> v(ttemu::num::kTileElems);
      for (float &x : v)
        x = dist(gen);
      page = ttemu::num::packTiles(fmt, v);
    }
  }
  const ttemu::ComputeSettings &settings() override { return cfg; }
  uint32_t pageSize(uint32_t) override {
    return ttemu::num::tileSizeBytes(fmt);
  }
  ttemu::num::DataFormat dataFormat(uint32_t) override { return fmt; }
  uint8_t *frontPage(uint32_t cb, uint32_t) override {
    return pages[cb].data();
  }
  uint8_t *backPage(uint32_t, uint32_t) override { return pages[2].data(); }
  uint32_t &packCounter(uint32_t) override { return counter; }
  void charge(ttemu::CostOp, ttemu::num::DataFormat, uint32_t) override {}
  [[noreturn]] void fail(const std::string &message) override {
    throw std::runtime_error(message);
  }
};

ttemu::num::DataFormat benchFormat(int64_t i) {
  return i == 0 ? ttemu::num::DataFormat::Float16_b
                : ttemu::num::DataFormat::Float32;
}

/// Runs `op` `perSection` times per acquire/release section on a BenchHost;
/// reports `counter` per second.
template <class Op>
void computeApiLoop(benchmark::State &state, BenchHost &host,
                    const char *counter, uint32_t perSection, Op op) {
  using namespace ttemu::compute;
  resetThreadState();
  setHostForTesting(&host);
  for (auto _ : state) {
    acquireDst();
    for (uint32_t i = 0; i < perSection; ++i)
      op();
    packTile(0, 16, 0, true);
    releaseDst();
  }
  setHostForTesting(nullptr);
  resetThreadState();
  state.counters[counter] = benchmark::Counter(
      double(state.iterations()) * perSection, benchmark::Counter::kIsRate);
}

/// matmul_tiles through the compute API (unpack, source registers, fidelity
/// passes, DST rounding). Args: format (0 bf16 / 1 fp32 with fp32 DST),
/// fidelity (0 LoFi .. 3 HiFi4; each has its own plane set and pass count).
void BM_ComputeMatmulTile(benchmark::State &state) {
  BenchHost host(benchFormat(state.range(0)),
                 ttemu::num::MathFidelity(state.range(1)), state.range(0) == 1);
  computeApiLoop(state, host, "matmul_tiles/s", 16,
                 [] { ttemu::compute::matmulTiles(0, 1, 0, 0, 0, false); });
}
BENCHMARK(BM_ComputeMatmulTile)
    ->ArgNames({"fp32", "fidelity"})
    ->Args({0, 3})
    ->Args({0, 2})
    ->Args({0, 1})
    ->Args({0, 0})
    ->Args({1, 3})
    ->Args({1, 2})
    ->Args({1, 1})
    ->Args({1, 0});

/// Eltwise add_tiles / mul_tiles (HiFi4) through the compute API.
/// Args: format, op (0 add, 1 mul).
void BM_ComputeEltwiseTile(benchmark::State &state) {
  BenchHost host(benchFormat(state.range(0)), ttemu::num::MathFidelity::HiFi4,
                 state.range(0) == 1);
  auto op = state.range(1) == 0 ? ttemu::compute::BinaryOp::Add
                                : ttemu::compute::BinaryOp::Mul;
  computeApiLoop(state, host, "tiles/s", 16, [op] {
    ttemu::compute::binaryTiles(op, ttemu::compute::Bcast::None, 0, 1, 0, 0, 0);
  });
}
BENCHMARK(BM_ComputeEltwiseTile)
    ->ArgNames({"fp32", "mul"})
    ->Args({0, 0})
    ->Args({0, 1})
    ->Args({1, 0});

/// copy_tile + pack_tile: the unpack and pack conversions alone.
void BM_ComputeCopyPackTile(benchmark::State &state) {
  BenchHost host(benchFormat(state.range(0)), ttemu::num::MathFidelity::HiFi4,
                 state.range(0) == 1);
  computeApiLoop(state, host, "tiles/s", 1,
                 [] { ttemu::compute::copyTile(0, 0, 0); });
}
BENCHMARK(BM_ComputeCopyPackTile)->ArgNames({"fp32"})->Arg(0)->Arg(1);

/// The tile math alone (num::matmulTile, bf16 values, 16-bit DST, HiFi4)
/// with each compiled instruction-set copy, to show what the emulator does
/// on x86-64 machines without AVX-512 (or VNNI). Arg: 0 baseline, 1 AVX2,
/// 2 AVX-512 double passes, 3 AVX-512 exact integer (VNNI) passes.
void BM_MatmulTileMathIsa(benchmark::State &state) {
  using ttemu::num::kTileElems, ttemu::num::MathFidelity, ttemu::num::Rounding;
  using ttemu::num::roundToFormat, ttemu::num::matmulTileWithIsa;
  constexpr auto kBf16 = ttemu::num::DataFormat::Float16_b;
  std::mt19937 gen(7);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  std::vector<float> a(kTileElems), b(kTileElems), c(kTileElems, 0.0f);
  for (uint32_t i = 0; i < kTileElems; ++i) {
    a[i] = roundToFormat(dist(gen), kBf16, Rounding::NearestEven);
    b[i] = roundToFormat(dist(gen), kBf16, Rounding::NearestEven);
  }
  ttemu::num::DstFormat dst;
  uint32_t isa = static_cast<uint32_t>(state.range(0));
  if (!matmulTileWithIsa(isa, a.data(), b.data(), c.data(), MathFidelity::HiFi4,
                         dst)) {
    state.SkipWithError("this CPU lacks that instruction set");
    return;
  }
  for (auto _ : state) {
    std::fill(c.begin(), c.end(), 0.0f);
    matmulTileWithIsa(isa, a.data(), b.data(), c.data(), MathFidelity::HiFi4,
                      dst);
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["matmul_tiles/s"] = benchmark::Counter(
      double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MatmulTileMathIsa)
    ->ArgNames({"isa"})
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Arg(3);

/// How often the exact integer (VNNI) matmul redoes dot products, on 64
/// random HiFi4 tile pairs of one kind of data (bf16 DST). Counters are per
/// pass-half (32 rows x 32 columns of 16-term dot products): rows and
/// columns redone with two integer digits, rows/columns redone in double,
/// single elements redone in double; and the share of tiles handed to the
/// double passes. Arg: 0 N(0,1) bf16 (the other benchmarks' data and real
/// GEMM inputs), 1 N(0,1) fp32, 2 U(-1,1) bf16, 3 N(0,1) bf16 scaled by
/// 2^U(-8,8) per element (a wide exponent range).
void BM_MatmulVnniFixRates(benchmark::State &state) {
  namespace num = ttemu::num;
  using num::kTileElems;
  constexpr auto kBf16 = num::DataFormat::Float16_b;
  constexpr auto kEven = num::Rounding::NearestEven;
  std::mt19937 gen(11);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::uniform_int_distribution<int> scale(-8, 8);
  int64_t kind = state.range(0);
  auto value = [&]() -> float {
    switch (kind) {
    case 1:
      return normal(gen);
    case 2:
      return num::roundToFormat(uniform(gen), kBf16, kEven);
    case 3:
      return num::roundToFormat(std::ldexp(normal(gen), scale(gen)),
                           kBf16, kEven);
    default:
      return num::roundToFormat(normal(gen), kBf16, kEven);
    }
  };
  constexpr uint32_t kPairs = 64;
  std::vector<float> tiles(2 * kPairs * kTileElems);
  alignas(64) float c[kTileElems] = {}; // as a DST tile
  for (float &v : tiles)
    v = value();
  num::DstFormat dst;
  if (!num::matmulTileWithIsa(3, tiles.data(), tiles.data(), c,
                         num::MathFidelity::HiFi4, dst)) {
    state.SkipWithError("this CPU lacks AVX512-VNNI");
    return;
  }
  num::resetMatmulFastPathStats();
  uint64_t n = 0;
  for (auto _ : state) {
    const float *a = tiles.data() + (2 * (n % kPairs)) * kTileElems;
    std::fill(c, c + kTileElems, 0.0f);
    num::matmulTileWithIsa(3, a, a + kTileElems, c, num::MathFidelity::HiFi4, dst);
    benchmark::DoNotOptimize(c);
    ++n;
  }
  num::MatmulFastPathStats s = num::matmulFastPathStats();
  double halves = double(std::max<uint64_t>(s.passHalves, 1));
  state.counters["rowFix/ph"] = double(s.rowFixes) / halves;
  state.counters["colFix/ph"] = double(s.columnFixes) / halves;
  state.counters["dblFix/ph"] = double(s.doubleFixes) / halves;
  state.counters["elemFix/ph"] = double(s.elementFixes) / halves;
  state.counters["tileFallback"] =
      double(s.tileFallbacks) / double(std::max<uint64_t>(s.tiles + s.tileFallbacks, 1));
  state.counters["matmul_tiles/s"] =
      benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MatmulVnniFixRates)
    ->ArgNames({"data"})
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Arg(3);

} // namespace

int main(int argc, char **argv) {
  // One line per run would drown the benchmark's own output.
  setenv("TT_EMU_QUIET", "1", 0);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
