// Emulator throughput: matmul_tiles per second of host time through a full
// reader/compute/writer program, and MB/s of NOC reads from DRAM.
#include <benchmark/benchmark.h>

#include <cstdlib>

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
