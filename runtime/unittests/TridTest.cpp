// Transaction ids: noc_async_read_barrier_with_trid waits for the reads of
// its id only, so a page read under another id is still in flight.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tt-metalium/host_api.hpp>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using testing::HasSubstr;
using ttemu::test::errorOf;
using ttemu::test::kernelPath;

namespace {

std::string runTridReads(uint32_t pushes) {
  IDevice *device = CreateDevice(0);
  constexpr uint32_t kTileBytes = 2048;
  auto buf = CreateBuffer(InterleavedBufferConfig{.device = device,
                                                  .size = 2 * kTileBytes,
                                                  .page_size = kTileBytes,
                                                  .buffer_type = BufferType::DRAM});
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(2 * kTileBytes,
                                            {{0, DataFormat::Float16_b}})
                           .set_page_size(0, kTileBytes));
  auto k = CreateKernel(program, kernelPath("dataflow/trid_reads.cpp"), core,
                        ReaderDataMovementConfig{});
  SetRuntimeArgs(program, k, core, {buf->address(), pushes});
  std::string err = errorOf(
      [&] { EnqueueProgram(device->command_queue(), program, true); });
  CloseDevice(device);
  return err;
}

} // namespace

TEST(Trid, BarrierWithTridWaitsForItsReadsOnly) {
  EXPECT_EQ(runTridReads(1), "<no error>");
  EXPECT_THAT(runTridReads(2), HasSubstr("missing noc_async_read_barrier()"));
}
