// Runtime arguments in every host form (per core, per range, per range set,
// vector of cores, common args, GetRuntimeArgs edits) reach the kernels.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tt-metalium/host_api.hpp>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::kernelPath;

TEST(RuntimeArgs, EveryHostFormReachesItsCore) {
  IDevice *device = CreateDevice(0);
  // Cores (0,0)..(3,0) and (0,1): page = 4*y + x.
  CoreRangeSet cores(std::vector<CoreRange>{CoreRange({0, 0}, {3, 0}),
                                            CoreRange({0, 1}, {0, 1})});
  auto out = CreateBuffer(InterleavedBufferConfig{.device = device,
                                                  .size = 8 * 32,
                                                  .page_size = 32,
                                                  .buffer_type = BufferType::DRAM});
  Program program = CreateProgram();
  CreateCircularBuffer(program, cores,
                       CircularBufferConfig(32, {{0, DataFormat::UInt32}})
                           .set_page_size(0, 32));
  KernelHandle k = CreateKernel(
      program, kernelPath("dataflow/args_echo.cpp"), cores,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                         .noc = NOC::NOC_1,
                         .compile_args = {99}});
  uint32_t addr = out->address();
  // A range and a set first, then narrower forms override some cores.
  SetRuntimeArgs(program, k, CoreRange({0, 0}, {3, 0}), {10u, 0u, 0u, addr});
  SetRuntimeArgs(program, k, CoreRangeSet(CoreRange({0, 1}, {0, 1})),
                 {20u, 0u, 4u, addr});
  SetRuntimeArgs(program, k, CoreCoord{1, 0}, {11u, 1u, 1u, addr});
  SetRuntimeArgs(program, k, std::vector<CoreCoord>{{2, 0}, {3, 0}},
                 {{12u, 2u, 2u, addr}, {13u, 3u, 3u, addr}});
  SetCommonRuntimeArgs(program, k, {777u});
  GetRuntimeArgs(program, k, CoreCoord{0, 0})[1] = 5;

  EnqueueProgram(device->command_queue(), program, true);
  std::vector<uint32_t> got;
  EnqueueReadBuffer(device->command_queue(), out, got, true);
  struct Want {
    uint32_t page, a0, a1, x, y;
  };
  for (Want w : {Want{0, 10, 5, 0, 0}, Want{1, 11, 1, 1, 0}, Want{2, 12, 2, 2, 0},
                 Want{3, 13, 3, 3, 0}, Want{4, 20, 0, 0, 1}}) {
    const uint32_t *p = &got[w.page * 8];
    CoreCoord noc = device->worker_core_from_logical_core({w.x, w.y});
    EXPECT_EQ(p[0], w.a0) << "page " << w.page;
    EXPECT_EQ(p[1], w.a1) << "page " << w.page;
    EXPECT_EQ(p[2], 777u);
    EXPECT_EQ(p[3], noc.x);
    EXPECT_EQ(p[4], noc.y);
    EXPECT_EQ(p[5], 1u); // NOC_1
    EXPECT_EQ(p[6], 99u);
    // Logical coordinates, as hello_world_datamovement_kernel prints them.
    EXPECT_EQ(p[7], 0xC0000000u | (w.x << 8) | w.y) << "page " << w.page;
  }
  CloseDevice(device);
}

TEST(RuntimeArgs, SettingArgsOnACoreWithoutTheKernelFails) {
  Program program = CreateProgram();
  KernelHandle k = CreateKernel(program, kernelPath("misuse/empty.cpp"),
                                CoreCoord{0, 0}, DataMovementConfig{});
  EXPECT_THAT(ttemu::test::errorOf(
                  [&] { SetRuntimeArgs(program, k, CoreCoord{5, 5}, {1u}); }),
              testing::HasSubstr("core (x=5,y=5) is not among the cores of kernel"));
}
