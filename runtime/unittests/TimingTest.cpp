// The timing contract's outputs: lastRunStats() and the Chrome trace. The
// checks are structural (no cycle counts), so they do not depend on timing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <ttemu/emulator.h>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::kernelPath;

namespace {

constexpr uint32_t kTileBytes = 2048;

/// Copies `tiles` tiles DRAM -> CB -> DRAM on `cores` (each core its share).
void runCopy(IDevice *device, const CoreRange &cores, uint32_t tiles) {
  InterleavedBufferConfig cfg{.device = device,
                              .size = tiles * kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  auto src = CreateBuffer(cfg), dst = CreateBuffer(cfg);
  Program program = CreateProgram();
  CreateCircularBuffer(program, cores,
                       CircularBufferConfig(2 * kTileBytes,
                                            {{0, DataFormat::Float16_b}})
                           .set_page_size(0, kTileBytes));
  std::vector<uint32_t> rct, wct = {0};
  TensorAccessorArgs(*src).append_to(rct);
  TensorAccessorArgs(*dst).append_to(wct);
  auto r = CreateKernel(program, kernelPath("dataflow/reader_tiles.cpp"), cores,
                        ReaderDataMovementConfig(rct));
  auto w = CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"), cores,
                        WriterDataMovementConfig(wct));
  uint32_t per = tiles / cores.size(), start = 0;
  for (const CoreCoord &c : cores) {
    SetRuntimeArgs(program, r, c, {src->address(), per, start});
    SetRuntimeArgs(program, w, c, {dst->address(), per, start});
    start += per;
  }
  EnqueueProgram(device->command_queue(), program, true);
}

} // namespace

TEST(Timing, LastRunStatsCoverEveryThread) {
  IDevice *device = CreateDevice(0);
  runCopy(device, CoreRange({0, 0}, {1, 1}), 16);
  ttemu::RunStats s = ttemu::lastRunStats();
  EXPECT_EQ(s.arch, "wormhole_b0");
  EXPECT_DOUBLE_EQ(s.clockGHz, 1.0);
  ASSERT_EQ(s.threads.size(), 8u); // 4 cores x (reader, writer)
  EXPECT_GT(s.deviceCycles, 0u);
  EXPECT_DOUBLE_EQ(s.deviceUs, s.deviceCycles / 1000.0);
  for (const ttemu::ThreadStats &t : s.threads) {
    EXPECT_LE(t.endCycle, s.deviceCycles);
    EXPECT_LE(t.busyCycles, t.endCycle);
    EXPECT_GT(t.busyCycles, 0u);
    EXPECT_TRUE(t.processor == "BRISC" || t.processor == "NCRISC");
  }
  CloseDevice(device);
}

TEST(Timing, TraceIsChromeJsonPerCoreAndThread) {
  IDevice *device = CreateDevice(0);
  std::string path =
      (std::filesystem::temp_directory_path() / "tt-emu-timing-test.json").string();
  setenv("TT_EMU_TRACE", path.c_str(), 1);
  runCopy(device, CoreRange({0, 0}, {0, 0}), 4);
  unsetenv("TT_EMU_TRACE");
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string json = ss.str();
  EXPECT_EQ(json.rfind("{\"traceEvents\":[", 0), 0u);
  EXPECT_NE(json.find("\"name\":\"core (0,0)\""), std::string::npos);
  EXPECT_NE(json.find("\"name\":\"NCRISC\""), std::string::npos);
  EXPECT_NE(json.find("\"name\":\"noc_async_read\""), std::string::npos);
  EXPECT_NE(json.find("\"ph\":\"X\""), std::string::npos);
  std::filesystem::remove(path);
  CloseDevice(device);
}

TEST(Timing, BlackholeIsSelectedByEnvironment) {
  setenv("TT_EMU_ARCH", "blackhole", 1);
  IDevice *device = CreateDevice(0);
  unsetenv("TT_EMU_ARCH");
  EXPECT_EQ(device->arch(), tt::ARCH::BLACKHOLE);
  EXPECT_EQ(device->compute_with_storage_grid_size(), (CoreCoord{13, 10}));
  EXPECT_EQ(device->num_dram_channels(), 8u);
  EXPECT_EQ(device->l1_size_per_core(), 1536u * 1024);
  runCopy(device, CoreRange({12, 9}, {12, 9}), 2);
  ttemu::RunStats s = ttemu::lastRunStats();
  EXPECT_EQ(s.arch, "blackhole");
  EXPECT_DOUBLE_EQ(s.clockGHz, 1.35);
  CloseDevice(device);
}

TEST(Timing, ReportListsBusyCyclesPerThread) {
  IDevice *device = CreateDevice(0);
  setenv("TT_EMU_REPORT", "1", 1);
  testing::internal::CaptureStderr();
  runCopy(device, CoreRange({0, 0}, {0, 0}), 2);
  std::string err = testing::internal::GetCapturedStderr();
  unsetenv("TT_EMU_REPORT");
  EXPECT_NE(err.find("tt-emu report: 2 threads on wormhole_b0"), std::string::npos)
      << err;
  EXPECT_NE(err.find("core (0,0) NCRISC busy"), std::string::npos) << err;
  EXPECT_NE(err.find("core (0,0) BRISC  busy"), std::string::npos) << err;
  CloseDevice(device);
}

TEST(Timing, SingleThreadDramReadsFollowTheCostModel) {
  IDevice *device = CreateDevice(0);
  constexpr uint32_t tiles = 24; // two per DRAM bank
  auto src = CreateBuffer(InterleavedBufferConfig{.device = device,
                                                  .size = tiles * kTileBytes,
                                                  .page_size = kTileBytes,
                                                  .buffer_type = BufferType::DRAM});
  auto run = [&] {
    Program program = CreateProgram();
    CreateCircularBuffer(program, CoreCoord{0, 0},
                         CircularBufferConfig(2 * kTileBytes,
                                              {{0, DataFormat::Float16_b}})
                             .set_page_size(0, kTileBytes));
    std::vector<uint32_t> ct;
    TensorAccessorArgs(*src).append_to(ct);
    auto k = CreateKernel(program,
                          std::string(TTEMU_TEST_KERNEL_DIR) +
                              "/../../bench/kernels/read_and_drop.cpp",
                          CoreCoord{0, 0}, ReaderDataMovementConfig(ct));
    SetRuntimeArgs(program, k, CoreCoord{0, 0}, {src->address(), tiles});
    EnqueueProgram(device->command_queue(), program, true);
    return ttemu::lastRunStats().deviceCycles;
  };
  uint64_t first = run();
  // One thread owns every resource it touches, so its time is exact ...
  EXPECT_EQ(run(), first);
  // ... and each barriered read pays at least the DRAM bank's transfer
  // time plus latency (Wormhole: 24 B/cycle, 60 + 300 cycles).
  EXPECT_GE(first, tiles * (2048 / 24 + 360));
  CloseDevice(device);
}

TEST(Timing, BlackholeElevenByTenGridIsSelectable) {
  // GEMM_FLOPS.md reports p150 on 13x10 and on 11x10 worker grids.
  setenv("TT_EMU_ARCH", "blackhole_11x10", 1);
  IDevice *device = CreateDevice(0);
  unsetenv("TT_EMU_ARCH");
  EXPECT_EQ(device->arch(), tt::ARCH::BLACKHOLE);
  EXPECT_EQ(device->compute_with_storage_grid_size(), (CoreCoord{11, 10}));
  runCopy(device, CoreRange({10, 9}, {10, 9}), 2);
  EXPECT_DOUBLE_EQ(ttemu::lastRunStats().clockGHz, 1.35);
  CloseDevice(device);
}
