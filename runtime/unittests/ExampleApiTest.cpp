// Smaller APIs tt-metal's current programming examples use: tt::align from
// <tt-metalium/tt_align.hpp> (shard_data_rm), the format-string DPRINT
// with a TileSlice argument (contributed/multicast), checked on the printed
// text, and the Device 2.0 objects from the experimental/ headers.
#include <gtest/gtest.h>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tt_align.hpp>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::kernelPath;

static_assert(tt::align(4u, 32u) == 32u);
static_assert(tt::align(64, 32u) == 64u);
static_assert(std::is_same_v<decltype(tt::align(uint16_t(3), uint64_t(8))), uint64_t>);

TEST(ExampleApi, FormatDprintMatchesFmtAndPrintsTileSlices) {
  IDevice *device = CreateDevice(0);
  constexpr uint32_t kTileBytes = 2048;
  auto src = CreateBuffer(InterleavedBufferConfig{.device = device,
                                                  .size = kTileBytes,
                                                  .page_size = kTileBytes,
                                                  .buffer_type = BufferType::DRAM});
  // Raw (not tilized) element i holds i / 8, so the slice's element (r, c)
  // read without untilizing is r * 4 + c / 8.
  std::vector<bfloat16> raw(32 * 32);
  for (uint32_t i = 0; i < raw.size(); ++i)
    raw[i] = bfloat16(float(i) / 8);
  EnqueueWriteBuffer(device->command_queue(), src, raw, true);
  Program program = CreateProgram();
  CoreCoord core{1, 0};
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(kTileBytes, {{0, DataFormat::Float16_b}})
                           .set_page_size(0, kTileBytes));
  std::vector<uint32_t> ct;
  TensorAccessorArgs(*src).append_to(ct);
  KernelHandle k = CreateKernel(
      program, kernelPath("dataflow/dprint_format.cpp"), core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                         .noc = NOC::RISCV_0_default,
                         .compile_args = ct});
  SetRuntimeArgs(program, k, core, {src->address(), 6u});
  testing::internal::CaptureStdout();
  EnqueueProgram(device->command_queue(), program, true);
  std::string out = testing::internal::GetCapturedStdout();
  CloseDevice(device);
  const std::string p = "0:(x=1,y=0):BR: ";
  for (const char *line :
       {"plain 6 and -3", "b-a {braces}",
        "hex 0xff 00000101 [   42] [ab  ] [  mid  ]",
        "floats 0.1 3.142 1.500000e+03 1.5", "no newline, continued true",
        "stream form 6", "data0 7", "literal only", "old data0 8",
        "Tile slice:", "0 1 2 3", "32 33 34 35", "64 65 66 67", "96 97 98 99"})
    EXPECT_NE(out.find(p + line + "\n"), std::string::npos) << line << "\n" << out;
  EXPECT_EQ(out.find("never on BRISC"), std::string::npos) << out;
}

TEST(ExampleApi, ExperimentalNocAndCircularBufferCopyTiles) {
  IDevice *device = CreateDevice(0);
  constexpr uint32_t kTileBytes = 2048, n = 5;
  InterleavedBufferConfig cfg{.device = device,
                              .size = n * kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  auto src = CreateBuffer(cfg), dst = CreateBuffer(cfg);
  Program program = CreateProgram();
  CoreCoord core{3, 2};
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(2 * kTileBytes, {{0, DataFormat::Float16_b}})
                           .set_page_size(0, kTileBytes));
  std::vector<uint32_t> ct;
  TensorAccessorArgs(*src).append_to(ct);
  TensorAccessorArgs(*dst).append_to(ct);
  KernelHandle k = CreateKernel(program, kernelPath("dataflow/noc_experimental_copy.cpp"),
                                core, ReaderDataMovementConfig(ct));
  SetRuntimeArgs(program, k, core, {src->address(), dst->address(), n});
  std::vector<uint32_t> in(n * kTileBytes / 4);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = uint32_t(i * 2654435761u);
  EnqueueWriteBuffer(device->command_queue(), src, in, false);
  EnqueueProgram(device->command_queue(), program, false);
  std::vector<uint32_t> out;
  EnqueueReadBuffer(device->command_queue(), dst, out, true);
  EXPECT_EQ(out, in);
  CloseDevice(device);
}
