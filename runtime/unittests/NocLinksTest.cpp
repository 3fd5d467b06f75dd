// The NOC link model: routes on the real chips' tori (against hop counts
// worked out by hand from the soc descriptors and the routing rules), the
// bank-adjacent reader placement, and link contention between DRAM readers
// whose response routes overlap (docs/COST_MODEL.md, "NOC links").
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>

#include <tt-metalium/host_api.hpp>
#include <ttemu/emulator.h>

#include "Device/Arch.h"
#include "Device/NocLayout.h"

using namespace tt;
using namespace tt::tt_metal;

namespace {

const ttemu::NocLayout &blackhole() {
  return ttemu::nocLayoutFor(ttemu::archByName("blackhole"));
}

TEST(NocLinks, UnicastRoutesFollowEachNocsDirection) {
  const ttemu::NocLayout &l = blackhole();
  // NOC 0 goes right then down, wrapping: from DRAM endpoint (0,11) to
  // worker (1,2) it is 1 hop right and 3 down (11 -> 0 -> 1 -> 2).
  EXPECT_EQ(l.unicastLinks(0, {0, 11}, {1, 2}).size(), 4u);
  // NOC 1 goes up then left: (0,11) -> (0,2) is 9 up, then 0 -> 16 -> ... ->
  // 1 is 16 left.
  EXPECT_EQ(l.unicastLinks(1, {0, 11}, {1, 2}).size(), 25u);
  // A route and its way back on one NOC go once round the torus in each
  // dimension in which they move.
  EXPECT_EQ(l.unicastLinks(0, {3, 4}, {10, 9}).size() +
                l.unicastLinks(0, {10, 9}, {3, 4}).size(),
            size_t(l.width + l.height));
  EXPECT_TRUE(l.unicastLinks(0, {5, 5}, {5, 5}).empty());
  // The two NOCs are separate: no link is shared between them.
  std::set<uint32_t> noc0, noc1;
  for (uint32_t lk : l.unicastLinks(0, {1, 2}, {16, 11}))
    noc0.insert(lk);
  for (uint32_t lk : l.unicastLinks(1, {16, 11}, {1, 2}))
    noc1.insert(lk);
  for (uint32_t lk : noc1)
    EXPECT_EQ(noc0.count(lk), 0u);
}

TEST(NocLinks, MulticastTreeCoversTheRectangle) {
  const ttemu::NocLayout &l = blackhole();
  // From (1,2) to the column (2..2, 3..11) on NOC 0: 1 hop right, then 9
  // down through the rows; no row spans more than its one column.
  EXPECT_EQ(l.multicastLinks(0, {1, 2}, {2, 3}, {2, 11}).size(), 10u);
  // A row (2..16, 2) from (1,2): 1 hop to the first column, 14 across.
  EXPECT_EQ(l.multicastLinks(0, {1, 2}, {2, 2}, {16, 2}).size(), 15u);
}

TEST(NocLinks, BankAdjacentWorkersAreOneHopFromTheirBankOnBlackhole) {
  setenv("TT_EMU_ARCH", "blackhole", 1);
  IDevice *device = CreateDevice(0);
  unsetenv("TT_EMU_ARCH");
  std::vector<CoreCoord> cores =
      device->get_optimal_dram_bank_to_logical_worker_assignment(NOC::NOC_0);
  ASSERT_EQ(cores.size(), device->num_dram_channels());
  const ttemu::NocLayout &l = blackhole();
  std::set<std::pair<size_t, size_t>> distinct;
  for (uint32_t b = 0; b < cores.size(); ++b) {
    EXPECT_EQ(
        l.unicastLinks(0, l.dram(b), l.worker(cores[b].x, cores[b].y)).size(),
        1u)
        << "bank " << b;
    distinct.insert({cores[b].x, cores[b].y});
  }
  EXPECT_EQ(distinct.size(), cores.size());
  CloseDevice(device);
}

/// Device cycles of one reader per DRAM bank, reader b on `readers[b]`,
/// each streaming `packets` 16 KB reads of its bank, two in flight.
uint64_t streamBanks(IDevice *device, const std::vector<CoreCoord> &readers,
                     uint32_t packets, NOC noc = NOC::NOC_0) {
  constexpr uint32_t packet = 16384;
  uint32_t banks = device->num_dram_channels();
  auto buf = CreateBuffer(
      InterleavedBufferConfig{.device = device,
                              .size = uint64_t(packets) * packet * banks,
                              .page_size = packet,
                              .buffer_type = BufferType::DRAM});
  Program program = CreateProgram();
  std::vector<CoreRange> ranges;
  for (const CoreCoord &c : readers)
    ranges.push_back(CoreRange(c, c));
  CoreRangeSet cores(ranges);
  CreateCircularBuffer(program, cores,
                       CircularBufferConfig(2 * packet,
                                            {{0, DataFormat::Float16_b}})
                           .set_page_size(0, packet));
  auto k = CreateKernel(
      program, std::string(TTEMU_BENCH_KERNEL_DIR) + "/dram_stream.cpp", cores,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                         .noc = noc});
  for (uint32_t b = 0; b < banks; ++b)
    SetRuntimeArgs(program, k, readers[b], {b, buf->address(), packet, packets, 2});
  EnqueueProgram(device->command_queue(), program, true);
  return ttemu::lastRunStats().deviceCycles;
}

TEST(NocLinks, OverlappingDramRoutesShareTheirLinks) {
  setenv("TT_EMU_ARCH", "blackhole", 1);
  setenv("TT_EMU_TIMING_ONLY", "1", 1);
  IDevice *device = CreateDevice(0);
  unsetenv("TT_EMU_ARCH");
  constexpr uint32_t packets = 32;
  std::vector<CoreCoord> firstRow;
  for (uint32_t b = 0; b < device->num_dram_channels(); ++b)
    firstRow.push_back({b, 0});
  uint64_t arbitrary = streamBanks(device, firstRow, packets);
  uint64_t adjacent = streamBanks(
      device,
      device->get_optimal_dram_bank_to_logical_worker_assignment(NOC::NOC_0),
      packets);
  unsetenv("TT_EMU_TIMING_ONLY");
  // Bank-adjacent readers are bound by the bank (47 B/cycle): 32 packets of
  // 16 KB take at least 32 * 16384 / 47 cycles.
  EXPECT_GE(adjacent, packets * 16384ull / 47);
  // On the first row, banks 0 and 4 (and 1 and 5, 2 and 6) send their
  // responses over common row links: those readers get half a 64 B/cycle
  // link each, 32 B/cycle, so the slowest takes at least 16384 / 32 cycles
  // a packet -- about 1.45 times the bank-bound time.
  EXPECT_GE(arbitrary, packets * 16384ull / 32);
  EXPECT_GT(double(arbitrary) / double(adjacent), 1.3);
  CloseDevice(device);
}

// The reader's NOC picks the links its responses take. Readers placed next
// to their banks for NOC 0 get one hop each on NOC 0; on NOC 1 (up, then
// left) the same responses go round their row the other way, and banks 0
// and 4 (rows 11), 1 and 5 (rows 3), ... of the two DRAM columns then
// share the links of their row: half a link each, as for the first-row
// readers on NOC 0 above.
TEST(NocLinks, TheReadersNocChoosesTheLinksItsResponsesShare) {
  setenv("TT_EMU_ARCH", "blackhole", 1);
  setenv("TT_EMU_TIMING_ONLY", "1", 1);
  IDevice *device = CreateDevice(0);
  unsetenv("TT_EMU_ARCH");
  constexpr uint32_t packets = 32;
  std::vector<CoreCoord> adjacent =
      device->get_optimal_dram_bank_to_logical_worker_assignment(NOC::NOC_0);
  uint64_t onNoc0 = streamBanks(device, adjacent, packets, NOC::NOC_0);
  uint64_t onNoc1 = streamBanks(device, adjacent, packets, NOC::NOC_1);
  unsetenv("TT_EMU_TIMING_ONLY");
  const ttemu::NocLayout &l = blackhole();
  // Bank 0 (0,11) to its reader one column right: 1 link on NOC 0, the
  // other 16 of the row on NOC 1; bank 4's (9,11) response on NOC 1 crosses
  // 16 links of the same row, 8 of them bank 0's.
  CoreCoord r0 = adjacent[0], r4 = adjacent[4];
  EXPECT_EQ(l.unicastLinks(0, l.dram(0), l.worker(r0.x, r0.y)).size(), 1u);
  EXPECT_EQ(l.unicastLinks(1, l.dram(0), l.worker(r0.x, r0.y)).size(), 16u);
  std::set<uint32_t> bank0;
  for (uint32_t lk : l.unicastLinks(1, l.dram(0), l.worker(r0.x, r0.y)))
    bank0.insert(lk);
  size_t common = 0;
  for (uint32_t lk : l.unicastLinks(1, l.dram(4), l.worker(r4.x, r4.y)))
    common += bank0.count(lk);
  EXPECT_GT(common, 0u);
  EXPECT_GE(onNoc1, packets * 16384ull / 32);
  EXPECT_GT(double(onNoc1) / double(onNoc0), 1.25);
  CloseDevice(device);
}

} // namespace
