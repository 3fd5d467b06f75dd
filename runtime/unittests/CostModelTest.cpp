// Behaviour of the calibrated costs (docs/COST_MODEL.md): which stage bounds
// a pipeline, and how multicast time grows with the destination count. The
// tests check relations the measurements imply, not the table's numbers.
#include <gtest/gtest.h>

#include <cstdlib>

#include <tt-metalium/host_api.hpp>
#include <ttemu/emulator.h>

#include "EmuTestUtil.h"
#include "McastMatmul.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::kernelPath;

namespace {

const ttemu::ThreadStats &firstCompute(const ttemu::RunStats &s) {
  for (const ttemu::ThreadStats &t : s.threads)
    if (t.processor == "TRISC")
      return t;
  ADD_FAILURE() << "no compute thread";
  return s.threads.front();
}

/// A 2x2-core multicast matmul whose K blocks are 2 tiles, 2x2 output tiles
/// per core: every block ends in 4 packs (with L1 accumulation after the
/// first) for 8 tile products.
ttemu::RunStats shortKBlocks(DataFormat fmt, MathFidelity fidelity) {
  setenv("TT_EMU_TIMING_ONLY", "1", 1);
  IDevice *device = CreateDevice(0);
  // Kt = 16 over 2 columns is a shard of 8 tiles; in0_block_w_div 4 makes
  // the K block 2 tiles (8 blocks).
  ttemu::bench::mcastMatmul(device, 128, 512, 128, 2, 2, fmt, fidelity,
                            /*in0InL1=*/true, /*outInL1=*/true, {},
                            /*in0BlockWDiv=*/4);
  ttemu::RunStats s = ttemu::lastRunStats();
  CloseDevice(device);
  unsetenv("TT_EMU_TIMING_ONLY");
  return s;
}

/// Device cycles of one sender multicasting a tile (and then a flag) to the
/// cores of `receivers`, each of which first signals that it has room.
uint64_t multicastOnce(CoreRange receivers) {
  IDevice *device = CreateDevice(0);
  constexpr uint32_t tile = 2048;
  InterleavedBufferConfig cfg{.device = device,
                              .size = tile,
                              .page_size = tile,
                              .buffer_type = BufferType::DRAM};
  auto src = CreateBuffer(cfg);
  cfg.size = tile * 64;
  auto dst = CreateBuffer(cfg);
  Program program = CreateProgram();
  CoreCoord sender{0, 0};
  CoreRange all({0, 0}, receivers.end_coord);
  CreateCircularBuffer(program, all,
                       CircularBufferConfig(tile, {{0, DataFormat::Float16_b}})
                           .set_page_size(0, tile));
  uint32_t ready = CreateSemaphore(program, all, 0);
  uint32_t valid = CreateSemaphore(program, all, 0);
  KernelHandle s = CreateKernel(program, kernelPath("dataflow/mcast_sender.cpp"),
                                sender, WriterDataMovementConfig({ready, valid}));
  KernelHandle r =
      CreateKernel(program, kernelPath("dataflow/mcast_receiver.cpp"),
                   receivers, WriterDataMovementConfig({ready, valid}));
  CoreCoord first = device->worker_core_from_logical_core(receivers.start_coord);
  CoreCoord last = device->worker_core_from_logical_core(receivers.end_coord);
  CoreCoord senderNoc = device->worker_core_from_logical_core(sender);
  SetRuntimeArgs(program, s, sender,
                 {src->address(), dst->address(), uint32_t(first.x),
                  uint32_t(first.y), uint32_t(last.x), uint32_t(last.y),
                  uint32_t(receivers.size())});
  uint32_t page = 1;
  for (const CoreCoord &c : receivers)
    SetRuntimeArgs(program, r, c,
                   {dst->address(), uint32_t(senderNoc.x), uint32_t(senderNoc.y),
                    page++});
  EnqueueProgram(device->command_queue(), program, true);
  uint64_t cycles = ttemu::lastRunStats().deviceCycles;
  CloseDevice(device);
  return cycles;
}

} // namespace

// Packs with L1 accumulation cost a read-back of the L1 tile: with LoFi
// block-float operands the 4 packs of a 2-tile K block outlast its 8 tile
// products, so PACK bounds the kernel; HiFi4 bf16 products outlast them.
TEST(CostModel, AccumulatingPacksBoundShortLoFiBlocks) {
  const ttemu::ThreadStats &lofi =
      firstCompute(shortKBlocks(DataFormat::Bfp4_b, MathFidelity::LoFi));
  EXPECT_GT(lofi.triscBusy[2], lofi.triscBusy[1])
      << "PACK " << lofi.triscBusy[2] << " MATH " << lofi.triscBusy[1];
  const ttemu::ThreadStats &hifi =
      firstCompute(shortKBlocks(DataFormat::Float16_b, MathFidelity::HiFi4));
  EXPECT_GT(hifi.triscBusy[1], hifi.triscBusy[2])
      << "MATH " << hifi.triscBusy[1] << " PACK " << hifi.triscBusy[2];
}

// On Wormhole the unpacker, not the matrix engine, bounds a bf16 HiFi2
// matmul (the published n150 bf16 HiFi2 utilisation levels off near 65%);
// at HiFi4 the matrix engine does. Blackhole's unpacker is faster (its
// p150 bf16 HiFi2 runs reach 87%).
TEST(CostModel, WormholeBf16HiFi2MatmulIsUnpackBound) {
  auto bound = [](const char *arch, MathFidelity f) {
    setenv("TT_EMU_ARCH", arch, 1);
    const ttemu::ThreadStats t =
        firstCompute(shortKBlocks(DataFormat::Float16_b, f));
    unsetenv("TT_EMU_ARCH");
    return t;
  };
  ttemu::ThreadStats wh2 = bound("wormhole_b0", MathFidelity::HiFi2);
  EXPECT_GT(wh2.triscBusy[0], wh2.triscBusy[1]);
  ttemu::ThreadStats wh4 = bound("wormhole_b0", MathFidelity::HiFi4);
  EXPECT_GT(wh4.triscBusy[1], wh4.triscBusy[0]);
  ttemu::ThreadStats bh2 = bound("blackhole", MathFidelity::HiFi2);
  EXPECT_LT(bh2.triscBusy[0], wh2.triscBusy[0]);
}

// A multicast holds the sender's port for a set-up and a payload rate that
// grow with the destination count (tt-metal's 2x2 vs 5x5 measurements), so
// the same tile takes longer to reach 49 cores than 3.
TEST(CostModel, MulticastToMoreCoresTakesLonger) {
  uint64_t row = multicastOnce(CoreRange({1, 0}, {3, 0}));
  uint64_t block = multicastOnce(CoreRange({1, 0}, {7, 6}));
  EXPECT_GT(block, row);
}
