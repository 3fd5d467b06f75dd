// Every misuse the emulator detects is an error from the enqueue call whose
// message names the problem and the core, processor and kernel involved.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include <tt-metalium/host_api.hpp>
#include <ttemu/emulator.h>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using testing::HasSubstr;
using ttemu::test::errorOf;
using ttemu::test::kernelPath;

namespace {

constexpr uint32_t kTileBytes = 2048;

/// A one-core program with CB 0 (2 pages) and a kernel per entry.
struct OneCore {
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  CoreCoord core{0, 0};

  OneCore() {
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(2 * kTileBytes,
                                              {{0, DataFormat::Float16_b}})
                             .set_page_size(0, kTileBytes));
  }
  ~OneCore() { CloseDevice(device); }

  KernelHandle add(const std::string &rel, const KernelConfig &cfg,
                   std::vector<uint32_t> args = {}) {
    KernelHandle k = CreateKernel(program, kernelPath(rel), core, cfg);
    SetRuntimeArgs(program, k, core, args);
    return k;
  }
  std::string run() {
    return errorOf([&] { EnqueueProgram(device->command_queue(), program, true); });
  }
};

DataMovementConfig brisc() {
  return {.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default};
}
DataMovementConfig ncrisc() {
  return {.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default};
}

} // namespace

TEST(Misuse, ReserveBeyondCapacityIsCbOverflow) {
  OneCore p;
  p.add("misuse/reserve_too_many.cpp", ncrisc());
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr("CB overflow: cb_reserve_back(cb 0, 3 pages) "
                             "exceeds the capacity of 2 pages"));
  EXPECT_THAT(msg, HasSubstr("core (0,0) NCRISC (data movement kernel"));
  EXPECT_THAT(msg, HasSubstr("reserve_too_many.cpp"));
}

TEST(Misuse, PushBeyondReservationIsCbOverflow) {
  OneCore p;
  p.add("misuse/push_unreserved.cpp", brisc());
  EXPECT_THAT(p.run(), HasSubstr("CB overflow: cb_push_back(cb 0, 2 pages) "
                                 "pushes more pages than cb_reserve_back "
                                 "reserved (1) and than are free (1 of 2 "
                                 "pages)"));
}

TEST(Misuse, ConstexprTileSizeOfAnUnconfiguredCbDoesNotCompile) {
  OneCore p;
  p.add("misuse/constexpr_tile_size.cpp", brisc());
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr("failed to compile kernel"));
  // The compiler quotes the reason (wrapped over two source lines).
  EXPECT_THAT(msg, HasSubstr("get_tile_size in a constant expression: this "
                             "circular buffer is"));
  EXPECT_THAT(msg, HasSubstr("constexpr_tile_size.cpp:4"));
}

TEST(Misuse, PopOfEmptyCbIsUnderflow) {
  OneCore p;
  p.add("misuse/pop_empty.cpp", brisc());
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr("CB underflow: cb_pop_front(cb 0, 1 page) but "
                             "only 0 pages available"));
  EXPECT_THAT(msg, HasSubstr("core (0,0) BRISC"));
}

// Popping pushed pages beyond cb_wait_front: the device's read pointer just
// moves on, so it runs with a warning (an error under TT_EMU_STRICT=1);
// popping pages nobody pushed stays an underflow (Misuse.PopOfEmptyCbIsUnderflow).
TEST(Misuse, PopBeyondWaitIsARace) {
  OneCore p;
  p.add("misuse/pop_unwaited.cpp", brisc());
  EXPECT_EQ(p.run(), "<no error>");
  ASSERT_EQ(ttemu::lastRunStats().warnings.size(), 1u);
  EXPECT_THAT(ttemu::lastRunStats().warnings[0],
              HasSubstr("cb_pop_front(cb 0, 2 pages) pops pushed pages that "
                        "cb_wait_front did not wait for (1 waited)"));
  OneCore strict;
  strict.add("misuse/pop_unwaited.cpp", brisc());
  setenv("TT_EMU_STRICT", "1", 1);
  std::string error = strict.run();
  unsetenv("TT_EMU_STRICT");
  EXPECT_THAT(error, HasSubstr("an error under TT_EMU_STRICT=1"));
}

TEST(Misuse, DramAccessBeyondItsBufferIsOutOfBounds) {
  OneCore p;
  InterleavedBufferConfig cfg{.device = p.device,
                              .size = 4 * kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  auto buf = CreateBuffer(cfg);
  // Page 100 of a 4-page buffer lies past its slice in every bank.
  p.add("misuse/dram_oob.cpp", ncrisc(), {buf->address(), 100});
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr("DRAM access out of bounds: noc_async_read of "
                             "2048 bytes at DRAM bank 4"));
  EXPECT_THAT(msg, HasSubstr("reaches page 100 of the 4-page DRAM buffer"));
  EXPECT_THAT(msg, HasSubstr("dram_oob.cpp"));
}

TEST(Misuse, PushWithReadInFlightNeedsBarrier) {
  OneCore p;
  InterleavedBufferConfig cfg{.device = p.device,
                              .size = kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  auto buf = CreateBuffer(cfg);
  p.add("misuse/missing_barrier.cpp", ncrisc(), {buf->address()});
  EXPECT_THAT(p.run(), HasSubstr("missing noc_async_read_barrier() before "
                                 "cb_push_back"));
}

TEST(Misuse, DeadlockReportsEveryWaiter) {
  OneCore p;
  CreateCircularBuffer(p.program, p.core,
                       CircularBufferConfig(kTileBytes, {{16, DataFormat::Float16_b}})
                           .set_page_size(16, kTileBytes));
  CreateSemaphore(p.program, CoreRange(p.core), 0);
  p.add("misuse/wait_forever.cpp", brisc());
  p.add("misuse/wait_semaphore.cpp", ncrisc());
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr("deadlock: every kernel thread is blocked"));
  EXPECT_THAT(msg, HasSubstr("core (0,0) BRISC (data movement kernel"));
  EXPECT_THAT(msg, HasSubstr("waits on cb_wait_front(cb 16, 1 page): 0 pages "
                             "pushed"));
  EXPECT_THAT(msg, HasSubstr("waits on noc_semaphore_wait(semaphore at"));
  EXPECT_THAT(msg, HasSubstr("value is 0"));
}

TEST(Misuse, WatchdogEndsAProgramThatNeverFinishes) {
  OneCore p;
  p.add("misuse/spin_forever.cpp", brisc());
  setenv("TT_EMU_TIMEOUT_S", "1", 1);
  std::string msg = p.run();
  unsetenv("TT_EMU_TIMEOUT_S");
  EXPECT_THAT(msg, HasSubstr("timeout: the program did not finish within 1 s"));
  EXPECT_THAT(msg, HasSubstr("core (0,0) BRISC (data movement kernel"));
  EXPECT_THAT(msg, HasSubstr("is running kernel code"));
}

TEST(Misuse, CircularBuffersBeyondL1AreOverAllocation) {
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  CoreCoord core{2, 3};
  uint32_t huge = 800 * kTileBytes; // 1.6 MB > 1464 KiB
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(huge, {{0, DataFormat::Float16_b}})
                           .set_page_size(0, kTileBytes));
  CreateKernel(program, kernelPath("misuse/empty.cpp"), core,
               DataMovementConfig{});
  std::string msg =
      errorOf([&] { EnqueueProgram(device->command_queue(), program, true); });
  EXPECT_THAT(msg, HasSubstr("L1 over-allocation on core (2,3): circular "
                             "buffers occupy"));
  CloseDevice(device);
}

TEST(Misuse, L1BufferBeyondL1IsOverAllocation) {
  IDevice *device = CreateDevice(0);
  // 64 cores x 2 MB per core does not fit 1464 KiB of L1 per core.
  InterleavedBufferConfig cfg{.device = device,
                              .size = 64ull * 2 * 1024 * 1024,
                              .page_size = 2 * 1024 * 1024,
                              .buffer_type = BufferType::L1};
  EXPECT_THAT(errorOf([&] { CreateBuffer(cfg); }),
              HasSubstr("L1 over-allocation: an L1 buffer of 2097152 bytes per "
                        "core does not fit"));
  CloseDevice(device);
}

TEST(Misuse, CbAndL1BufferTogetherOverAllocate) {
  IDevice *device = CreateDevice(0);
  InterleavedBufferConfig cfg{.device = device,
                              .size = 64ull * 1024 * 1024,
                              .page_size = 1024 * 1024,
                              .buffer_type = BufferType::L1};
  auto l1 = CreateBuffer(cfg); // 1 MiB per core, allocated from the top.
  Program program = CreateProgram();
  CreateCircularBuffer(program, CoreCoord{0, 0},
                       CircularBufferConfig(300 * kTileBytes,
                                            {{0, DataFormat::Float16_b}})
                           .set_page_size(0, kTileBytes));
  CreateKernel(program, kernelPath("misuse/empty.cpp"), CoreCoord{0, 0},
               DataMovementConfig{});
  EXPECT_THAT(
      errorOf([&] { EnqueueProgram(device->command_queue(), program, true); }),
      HasSubstr("L1 over-allocation on core (0,0)"));
  CloseDevice(device);
}

TEST(Misuse, DstIndexOutOfRangeIsReportedByTheComputeKernel) {
  OneCore p;
  p.add("misuse/fill_cb.cpp", brisc());
  p.add("misuse/dst_out_of_range.cpp", ComputeConfig{});
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr("DST index 9 out of range"));
  EXPECT_THAT(msg, HasSubstr("core (0,0) TRISC (compute kernel"));
  EXPECT_THAT(msg, HasSubstr("dst_out_of_range.cpp"));
}

TEST(Misuse, RuntimeArgumentOutOfRange) {
  OneCore p;
  p.add("misuse/bad_arg.cpp", brisc(), {1});
  EXPECT_THAT(p.run(), HasSubstr("get_arg_val(5) but only 1 runtime arguments "
                                 "were set for this core"));
}

TEST(Misuse, MissingKernelNamesEveryPlaceTried) {
  Program program = CreateProgram();
  setenv("TT_METAL_HOME", "/nonexistent-metal-home", 1);
  std::string msg = errorOf([&] {
    CreateKernel(program, "kernels/nope.cpp", CoreCoord{0, 0},
                 DataMovementConfig{});
  });
  unsetenv("TT_METAL_HOME");
  EXPECT_THAT(msg, HasSubstr("kernel source 'kernels/nope.cpp' not found"));
  EXPECT_THAT(msg, HasSubstr("/nonexistent-metal-home/kernels/nope.cpp"));
  EXPECT_THAT(msg, HasSubstr("/kernels/nope.cpp"));
}

TEST(Misuse, TwoKernelsOnOneProcessorAreRejected) {
  Program program = CreateProgram();
  CreateKernel(program, kernelPath("misuse/empty.cpp"), CoreRange({0, 0}, {1, 1}),
               DataMovementConfig{});
  EXPECT_THAT(errorOf([&] {
                CreateKernel(program, kernelPath("misuse/empty.cpp"),
                             CoreCoord{1, 1}, DataMovementConfig{});
              }),
              HasSubstr("both run on BRISC"));
}
