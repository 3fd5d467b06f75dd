// TT_EMU_TIMING_ONLY=1 charges every cost but skips tile math and bulk NOC
// data: a multi-core matmul takes the same device cycles as with numerics,
// and its output buffer is left as it was.
#include <gtest/gtest.h>

#include <cstdlib>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>
#include <tt-metalium/work_split.hpp>
#include <ttemu/emulator.h>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::kernelPath;
using ttemu::test::randomBf16;

namespace {

constexpr uint32_t kTileBytes = 2048;

struct Result {
  uint64_t cycles;
  std::vector<bfloat16> out;
};

/// C = A * B on 20 cores (one output tile per core and K of 4 tiles), with
/// C's buffer filled with `sentinel` first.
Result runMatmul(bool timingOnly, bfloat16 sentinel) {
  if (timingOnly)
    setenv("TT_EMU_TIMING_ONLY", "1", 1);
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  constexpr uint32_t M = 160, N = 128, K = 128;
  constexpr uint32_t Mt = M / 32, Nt = N / 32, Kt = K / 32;
  auto a = randomBf16(M * K, 7, -1, 1), b = randomBf16(K * N, 8, -1, 1);
  auto make = [&](uint32_t bytes) {
    return CreateBuffer(
        InterleavedBufferConfig{.device = device,
                                .size = bytes,
                                .page_size = kTileBytes,
                                .buffer_type = BufferType::DRAM});
  };
  auto bufA = make(M * K * 2), bufB = make(K * N * 2), bufC = make(M * N * 2);
  Program program = CreateProgram();
  auto [numCores, all, g1, g2, w1, w2] =
      split_work_to_cores(device->compute_with_storage_grid_size(), Mt * Nt);
  for (uint8_t cb : {CBIndex::c_0, CBIndex::c_1, CBIndex::c_16})
    CreateCircularBuffer(
        program, all,
        CircularBufferConfig(2 * kTileBytes, {{cb, DataFormat::Float16_b}})
            .set_page_size(cb, kTileBytes));
  std::vector<uint32_t> readerCt, writerCt = {CBIndex::c_16};
  TensorAccessorArgs(*bufA).append_to(readerCt);
  TensorAccessorArgs(*bufB).append_to(readerCt);
  TensorAccessorArgs(*bufC).append_to(writerCt);
  auto reader = CreateKernel(program, kernelPath("dataflow/reader_mm.cpp"), all,
                             ReaderDataMovementConfig(readerCt));
  auto writer = CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"),
                             all, WriterDataMovementConfig(writerCt));
  auto compute =
      CreateKernel(program, kernelPath("compute/mm.cpp"), all,
                   ComputeConfig{.defines = {{"PER_CORE_COUNT", "1"}}});
  uint32_t offset = 0;
  for (const auto &[group, work] : {std::pair{g1, w1}, std::pair{g2, w2}})
    for (const CoreRange &range : group.ranges())
      for (const CoreCoord &core : range) {
        SetRuntimeArgs(
            program, reader, core,
            {bufA->address(), bufB->address(), Kt, Nt, offset, work});
        SetRuntimeArgs(program, writer, core, {bufC->address(), work, offset});
        SetRuntimeArgs(program, compute, core, {work, Kt});
        offset += work;
      }
  EnqueueWriteBuffer(cq, bufA, tilize_nfaces(a, M, K), false);
  EnqueueWriteBuffer(cq, bufB, tilize_nfaces(b, K, N), false);
  EnqueueWriteBuffer(cq, bufC, std::vector<bfloat16>(M * N, sentinel), false);
  EnqueueProgram(cq, program, false);
  Result r;
  r.cycles = ttemu::lastRunStats().deviceCycles;
  EnqueueReadBuffer(cq, bufC, r.out, true);
  CloseDevice(device);
  unsetenv("TT_EMU_TIMING_ONLY");
  return r;
}

} // namespace

TEST(TimingOnly, MultiCoreMatmulTakesTheSameCyclesWithoutNumerics) {
  bfloat16 sentinel(123.0f);
  Result full = runMatmul(false, sentinel);
  Result timed = runMatmul(true, sentinel);
  EXPECT_EQ(timed.cycles, full.cycles);
  EXPECT_GT(timed.cycles, 0u);
  // With numerics the product overwrote C; without, C is as it was.
  size_t untouchedFull = 0, untouchedTimed = 0;
  for (size_t i = 0; i < full.out.size(); ++i) {
    untouchedFull += full.out[i].to_float() == 123.0f;
    untouchedTimed += timed.out[i].to_float() == 123.0f;
  }
  EXPECT_LT(untouchedFull, full.out.size() / 100);
  EXPECT_EQ(untouchedTimed, timed.out.size());
}
