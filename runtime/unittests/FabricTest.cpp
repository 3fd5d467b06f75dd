// Chips that talk: fabric writes and global semaphores between the chips
// of a mesh, in the style of tt-metal's distributed fabric examples (one
// program per chip, connections from append_fabric_connection_rt_args,
// FabricConnectionManager in the kernel). Data are checked chip by chip;
// times against the link model's formula computed here from the public
// figures (12.5 GB/s per Wormhole link, 650 ns per hop, 64-byte headers).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/experimental/fabric/fabric.hpp>
#include <tt-metalium/global_semaphore.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include "EmuTestUtil.h"
#include "ttemu/mesh.h"

using namespace tt;
using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;
using ttemu::test::errorOf;
using ttemu::test::kernelPath;

namespace {

constexpr uint32_t kPage = 2048;

/// Each test enables the fabric itself and leaves it disabled, so the
/// other suites' meshes keep running their chips independently.
class Fabric : public ::testing::Test {
protected:
  void TearDown() override {
    tt::tt_fabric::SetFabricConfig(tt::tt_fabric::FabricConfig::DISABLED);
  }
  std::shared_ptr<MeshDevice> open(uint32_t rows, uint32_t cols,
                                   tt::tt_fabric::FabricConfig config =
                                       tt::tt_fabric::FabricConfig::FABRIC_1D) {
    tt::tt_fabric::SetFabricConfig(config);
    return MeshDevice::create(MeshDeviceConfig(MeshShape(rows, cols)));
  }
};

DeviceLocalBufferConfig dramPages() {
  return {.page_size = kPage, .buffer_type = BufferType::DRAM};
}

/// What one chip's kernel does (fabric_pages.cpp's runtime arguments).
struct Send {
  uint32_t first = 0, pages = 0, startHops = 1, rangeHops = 1, repeat = 1;
  uint32_t expected = 0;
  std::optional<MeshCoordinate> forward, backward;
};

/// The program of one chip: fabric_pages.cpp on core (0, 0).
Program chipProgram(MeshDevice &mesh, const MeshCoordinate &coord,
                    const MeshBuffer &src, const MeshBuffer &dst,
                    const GlobalSemaphore &sem, const Send &s) {
  Program p = CreateProgram();
  CoreCoord core{0, 0};
  CreateCircularBuffer(
      p, core,
      CircularBufferConfig(2 * kPage, {{CBIndex::c_0, DataFormat::Float16_b}})
          .set_page_size(CBIndex::c_0, kPage));
  std::vector<uint32_t> ct;
  TensorAccessorArgs(src).append_to(ct);
  TensorAccessorArgs(dst).append_to(ct);
  auto k = CreateKernel(
      p, kernelPath("fabric/fabric_pages.cpp"), core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                         .noc = NOC::RISCV_0_default,
                         .compile_args = ct});
  std::vector<uint32_t> args = {static_cast<uint32_t>(sem.address()),
                                src.address(),
                                dst.address(),
                                s.first,
                                s.pages,
                                s.startHops,
                                s.rangeHops,
                                s.repeat,
                                s.expected};
  auto self = mesh.get_fabric_node_id(coord);
  for (const auto &next : {s.forward, s.backward}) {
    args.push_back(next.has_value());
    if (next)
      tt::tt_fabric::append_fabric_connection_rt_args(
          self, mesh.get_fabric_node_id(*next), 0, p, core, args);
  }
  SetRuntimeArgs(p, k, core, args);
  return p;
}

std::vector<uint32_t> pattern(uint32_t words, uint32_t seed) {
  std::vector<uint32_t> v(words);
  for (uint32_t i = 0; i < words; ++i)
    v[i] = seed * 0x01000193u + i * 2654435761u;
  return v;
}

/// The link model, computed here from the public figures: a packet of
/// `payload` bytes plus its 64-byte header crosses a 12.5 B/cycle link,
/// then the hop adds 650 cycles (Wormhole at 1 GHz).
uint64_t linkCycles(uint64_t payload) {
  return static_cast<uint64_t>(std::ceil((payload + 64) / 12.5));
}
constexpr uint64_t kHopCycles = 650;

uint64_t chipCycles(const ttemu::MeshRunStats &s, uint32_t row, uint32_t col) {
  for (const auto &c : s.chips)
    if (c.row == row && c.col == col)
      return c.run.deviceCycles;
  ADD_FAILURE() << "no run on chip (" << row << "," << col << ")";
  return 0;
}

} // namespace

// n300: each chip sends its 4 pages to the other, each with a semaphore
// increment, and waits for the other's 4 (5_distributed_fabric_write's and
// 6_distributed_fabric_matmul's pattern: forward from chip 0, backward
// from chip 1).
TEST_F(Fabric, N300UnicastWritesWithSemaphores) {
  auto mesh = open(1, 2);
  auto &cq = mesh->mesh_command_queue();
  ReplicatedBufferConfig four{.size = 4 * kPage};
  auto src = MeshBuffer::create(four, dramPages(), mesh.get());
  auto dst = MeshBuffer::create(four, dramPages(), mesh.get());
  auto sem = CreateGlobalSemaphore(
      mesh.get(),
      mesh->worker_cores(HalProgrammableCoreType::TENSIX, SubDeviceId{0}), 0);
  std::vector<uint32_t> zero(4 * kPage / 4, 0);
  for (uint32_t c = 0; c < 2; ++c) {
    auto v = pattern(4 * kPage / 4, c + 1);
    WriteShard(cq, src, v, MeshCoordinate(0, c));
    WriteShard(cq, dst, zero, MeshCoordinate(0, c));
  }
  uint64_t cycles[2] = {};
  for (int run = 0; run < 2; ++run) {
    sem.reset_semaphore_value(0);
    MeshWorkload w;
    Send s0{.pages = 4, .expected = 4, .forward = MeshCoordinate(0, 1)};
    Send s1{.pages = 4, .expected = 4, .backward = MeshCoordinate(0, 0)};
    w.add_program(
        MeshCoordinateRange(MeshCoordinate(0, 0)),
        chipProgram(*mesh, MeshCoordinate(0, 0), *src, *dst, sem, s0));
    w.add_program(
        MeshCoordinateRange(MeshCoordinate(0, 1)),
        chipProgram(*mesh, MeshCoordinate(0, 1), *src, *dst, sem, s1));
    EnqueueMeshWorkload(cq, w, true);
    for (uint32_t c = 0; c < 2; ++c) {
      std::vector<uint32_t> got;
      ReadShard(cq, got, dst, MeshCoordinate(0, c));
      EXPECT_EQ(got, pattern(4 * kPage / 4, 2 - c)) << "chip (0," << c << ")";
    }
    auto s = ttemu::lastMeshRunStats();
    EXPECT_EQ(s.fabricPackets, 8u);
    EXPECT_EQ(s.fabricLinkBytes, 8u * (kPage + 64));
    // Both chips start together (one clock) and each waits for the last
    // of the other's packets, so neither ends before a hop has passed.
    ASSERT_EQ(s.chips.size(), 2u);
    EXPECT_EQ(s.chips[0].startCycle, s.chips[1].startCycle);
    EXPECT_GT(chipCycles(s, 0, 0), linkCycles(kPage) + kHopCycles);
    cycles[run] = s.deviceCycles;
  }
  // Deterministic: the same cycles on a second run.
  EXPECT_EQ(cycles[0], cycles[1]);
}

// A 1x4 line: the same packet to the chip 1 hop and 3 hops away. The
// extra 2 hops cost 2 x (serialisation + hop latency) exactly: the
// sender's side and the landing on the destination chip are the same.
TEST_F(Fabric, EachHopCostsSerialisationPlusLatency) {
  auto mesh = open(1, 4);
  auto &cq = mesh->mesh_command_queue();
  ReplicatedBufferConfig one{.size = kPage};
  auto src = MeshBuffer::create(one, dramPages(), mesh.get());
  auto dst = MeshBuffer::create(one, dramPages(), mesh.get());
  auto sem = CreateGlobalSemaphore(mesh.get(), CoreRange({0, 0}), 0);
  auto v = pattern(kPage / 4, 7);
  WriteShard(cq, src, v, MeshCoordinate(0, 0));
  uint64_t arrive[4] = {};
  for (uint32_t hops : {1u, 3u}) {
    sem.reset_semaphore_value(0);
    MeshWorkload w;
    Send tx{.pages = 1, .startHops = hops, .forward = MeshCoordinate(0, 1)};
    Send rx{.expected = 1};
    w.add_program(
        MeshCoordinateRange(MeshCoordinate(0, 0)),
        chipProgram(*mesh, MeshCoordinate(0, 0), *src, *dst, sem, tx));
    w.add_program(
        MeshCoordinateRange(MeshCoordinate(0, hops)),
        chipProgram(*mesh, MeshCoordinate(0, hops), *src, *dst, sem, rx));
    EnqueueMeshWorkload(cq, w, true);
    std::vector<uint32_t> got;
    ReadShard(cq, got, dst, MeshCoordinate(0, hops));
    EXPECT_EQ(got, pattern(kPage / 4, 7)) << hops << " hops";
    auto s = ttemu::lastMeshRunStats();
    EXPECT_EQ(s.fabricPackets, 1u);
    EXPECT_EQ(s.fabricLinkBytes, hops * (kPage + 64));
    arrive[hops] = chipCycles(s, 0, hops);
  }
  EXPECT_EQ(arrive[3] - arrive[1], 2 * (linkCycles(kPage) + kHopCycles));
}

// Back-to-back packets are limited by the link: with the sender ahead
// (8 slots in its channel), each further packet arrives one serialisation
// time after the one before.
TEST_F(Fabric, StreamRunsAtLinkBandwidth) {
  auto mesh = open(1, 2);
  auto &cq = mesh->mesh_command_queue();
  ReplicatedBufferConfig one{.size = kPage};
  auto src = MeshBuffer::create(one, dramPages(), mesh.get());
  auto dst = MeshBuffer::create(one, dramPages(), mesh.get());
  auto sem = CreateGlobalSemaphore(mesh.get(), CoreRange({0, 0}), 0);
  auto v = pattern(kPage / 4, 3);
  WriteShard(cq, src, v, MeshCoordinate(0, 0));
  std::map<uint32_t, uint64_t> end;
  for (uint32_t n : {16u, 32u}) {
    sem.reset_semaphore_value(0);
    MeshWorkload w;
    Send tx{.pages = 1, .repeat = n, .forward = MeshCoordinate(0, 1)};
    Send rx{.expected = n};
    w.add_program(
        MeshCoordinateRange(MeshCoordinate(0, 0)),
        chipProgram(*mesh, MeshCoordinate(0, 0), *src, *dst, sem, tx));
    w.add_program(
        MeshCoordinateRange(MeshCoordinate(0, 1)),
        chipProgram(*mesh, MeshCoordinate(0, 1), *src, *dst, sem, rx));
    EnqueueMeshWorkload(cq, w, true);
    end[n] = chipCycles(ttemu::lastMeshRunStats(), 0, 1);
  }
  EXPECT_EQ(end[32] - end[16], 16 * linkCycles(kPage));
  // 12.5 GB/s of payload plus headers: 2112 bytes per 169 cycles.
  double gbps = 16.0 * (kPage + 64) / static_cast<double>(end[32] - end[16]);
  EXPECT_NEAR(gbps, 12.5, 0.05);
}

// T3000 (2x4) with FABRIC_1D_RING: an all-gather along each row. Chip
// (r, c) multicasts its page east to the 3 other chips of its row (the
// ring wraps), into page c of the gathered buffer, each with an increment;
// each waits for 3.
TEST_F(Fabric, T3000RingAllGatherByMulticast) {
  auto mesh = open(2, 4, tt::tt_fabric::FabricConfig::FABRIC_1D_RING);
  auto &cq = mesh->mesh_command_queue();
  auto src = MeshBuffer::create(ReplicatedBufferConfig{.size = 4 * kPage},
                                dramPages(), mesh.get());
  auto gathered = MeshBuffer::create(ReplicatedBufferConfig{.size = 4 * kPage},
                                     dramPages(), mesh.get());
  auto sem = CreateGlobalSemaphore(mesh.get(), CoreRange({0, 0}), 0);
  std::vector<uint32_t> zero(4 * kPage / 4, 0);
  auto shard = [](uint32_t r, uint32_t c) {
    return pattern(kPage / 4, 10 * r + c + 1);
  };
  for (const auto &coord : MeshCoordinateRange(mesh->shape())) {
    // The chip's own page is page c of both buffers.
    std::vector<uint32_t> mine(4 * kPage / 4, 0),
        own = shard(coord[0], coord[1]);
    std::copy(own.begin(), own.end(), mine.begin() + coord[1] * kPage / 4);
    WriteShard(cq, src, mine, coord);
    WriteShard(cq, gathered, mine, coord);
  }
  MeshWorkload w;
  for (const auto &coord : MeshCoordinateRange(mesh->shape())) {
    Send s{.first = coord[1],
           .pages = 1,
           .startHops = 1,
           .rangeHops = 3,
           .expected = 3,
           .forward = MeshCoordinate(coord[0], (coord[1] + 1) % 4)};
    w.add_program(MeshCoordinateRange(coord),
                  chipProgram(*mesh, coord, *src, *gathered, sem, s));
  }
  EnqueueMeshWorkload(cq, w, true);
  for (const auto &coord : MeshCoordinateRange(mesh->shape())) {
    std::vector<uint32_t> got;
    ReadShard(cq, got, gathered, coord);
    for (uint32_t c = 0; c < 4; ++c) {
      std::vector<uint32_t> page(got.begin() + c * kPage / 4,
                                 got.begin() + (c + 1) * kPage / 4);
      EXPECT_EQ(page, shard(coord[0], c)) << coord.str() << " page " << c;
    }
  }
  auto s = ttemu::lastMeshRunStats();
  // 8 multicasts reach 3 chips each over 3 links.
  EXPECT_EQ(s.fabricPackets, 24u);
  EXPECT_EQ(s.fabricLinkBytes, 24u * (kPage + 64));
}

TEST_F(Fabric, MisuseIsReportedInTheUsersTerms) {
  // Without SetFabricConfig there are no connections to make.
  {
    auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(1, 2)));
    Program p = CreateProgram();
    std::vector<uint32_t> args;
    EXPECT_NE(errorOf([&] {
                tt::tt_fabric::append_fabric_connection_rt_args(
                    mesh->get_fabric_node_id(MeshCoordinate(0, 0)),
                    mesh->get_fabric_node_id(MeshCoordinate(0, 1)), 0, p,
                    {0, 0}, args);
              }).find("the fabric is not enabled"),
              std::string::npos);
  }
  auto mesh = open(1, 4);
  auto &cq = mesh->mesh_command_queue();
  Program p = CreateProgram();
  std::vector<uint32_t> args;
  EXPECT_NE(
      errorOf([&] {
        tt::tt_fabric::append_fabric_connection_rt_args(
            mesh->get_fabric_node_id(MeshCoordinate(0, 0)),
            mesh->get_fabric_node_id(MeshCoordinate(0, 2)), 0, p, {0, 0}, args);
      }).find("are not neighbours on the 1x4 mesh (FABRIC_1D does not wrap"),
      std::string::npos);
  EXPECT_NE(errorOf([&] {
              tt::tt_fabric::append_fabric_connection_rt_args(
                  mesh->get_fabric_node_id(MeshCoordinate(0, 0)),
                  mesh->get_fabric_node_id(MeshCoordinate(0, 1)), 1, p, {0, 0},
                  args);
            }).find("kernels have 1 link(s) between neighbours"),
            std::string::npos);

  ReplicatedBufferConfig one{.size = kPage};
  auto src = MeshBuffer::create(one, dramPages(), mesh.get());
  auto dst = MeshBuffer::create(one, dramPages(), mesh.get());
  auto sem = CreateGlobalSemaphore(mesh.get(), CoreRange({0, 0}), 0);
  // 4 hops east from chip (0,1) leave a 1x4 line.
  {
    MeshWorkload w;
    Send tx{.pages = 1, .startHops = 4, .forward = MeshCoordinate(0, 2)};
    w.add_program(
        MeshCoordinateRange(MeshCoordinate(0, 1)),
        chipProgram(*mesh, MeshCoordinate(0, 1), *src, *dst, sem, tx));
    std::string e = errorOf([&] { EnqueueMeshWorkload(cq, w, true); });
    EXPECT_NE(e.find("chip (0,1): core (0,0) BRISC"), std::string::npos) << e;
    EXPECT_NE(e.find("4 hop(s) east from chip (0,1) leave the 1x4 mesh"),
              std::string::npos)
        << e;
  }
  // Two chips that each wait for the other and never send: a deadlock
  // across chips, each waiter named.
  {
    sem.reset_semaphore_value(0);
    MeshWorkload w;
    Send rx{.expected = 1};
    w.add_program(
        MeshCoordinateRange(MeshCoordinate(0, 0)),
        chipProgram(*mesh, MeshCoordinate(0, 0), *src, *dst, sem, rx));
    w.add_program(
        MeshCoordinateRange(MeshCoordinate(0, 3)),
        chipProgram(*mesh, MeshCoordinate(0, 3), *src, *dst, sem, rx));
    std::string e = errorOf([&] { EnqueueMeshWorkload(cq, w, true); });
    EXPECT_NE(e.find("deadlock: every chip's kernels wait and no fabric packet "
                     "is in flight"),
              std::string::npos)
        << e;
    EXPECT_NE(e.find("chip (0,0) core (0,0) BRISC"), std::string::npos) << e;
    EXPECT_NE(e.find("chip (0,3) core (0,0) BRISC"), std::string::npos) << e;
    EXPECT_NE(e.find("noc_semaphore_wait_min"), std::string::npos) << e;
  }
}

// 6_distributed_fabric_matmul's exchange: each chip sends every other page
// into the other chip's CB slot (addressed by its get_write_ptr pointer and
// the translated worker coordinates (18, 18)) and waits for a header-only
// acknowledgement; headers are passed as (uint32_t) pointers.
TEST_F(Fabric, PagesIntoTheOtherChipsCircularBuffer) {
  auto mesh = open(1, 2);
  auto &cq = mesh->mesh_command_queue();
  constexpr uint32_t pages = 6;
  ReplicatedBufferConfig all{.size = pages * kPage};
  auto src = MeshBuffer::create(all, dramPages(), mesh.get());
  auto dst = MeshBuffer::create(all, dramPages(), mesh.get());
  auto sem = CreateGlobalSemaphore(mesh.get(), CoreRange({0, 0}), 0);
  for (uint32_t c = 0; c < 2; ++c) {
    auto v = pattern(pages * kPage / 4, 40 + c);
    WriteShard(cq, src, v, MeshCoordinate(0, c));
  }
  MeshWorkload w;
  CoreCoord core{0, 0};
  for (uint32_t c = 0; c < 2; ++c) {
    MeshCoordinate coord(0, c), other(0, 1 - c);
    Program p = CreateProgram();
    CreateCircularBuffer(
        p, core,
        CircularBufferConfig(2 * kPage, {{CBIndex::c_0, DataFormat::Float16_b}})
            .set_page_size(CBIndex::c_0, kPage));
    std::vector<uint32_t> ct;
    TensorAccessorArgs(*src).append_to(ct);
    TensorAccessorArgs(*dst).append_to(ct);
    auto k = CreateKernel(
        p, kernelPath("fabric/fabric_cb_exchange.cpp"), core,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                           .noc = NOC::RISCV_0_default,
                           .compile_args = ct});
    std::vector<uint32_t> args = {c, static_cast<uint32_t>(sem.address()),
                                  src->address(), dst->address(), pages};
    for (uint32_t dir = 0; dir < 2; ++dir) {
      bool has = dir == c; // chip 0: forward only; chip 1: backward only
      args.push_back(has);
      if (has)
        tt::tt_fabric::append_fabric_connection_rt_args(
            mesh->get_fabric_node_id(coord), mesh->get_fabric_node_id(other), 0,
            p, core, args);
    }
    SetRuntimeArgs(p, k, core, args);
    w.add_program(MeshCoordinateRange(coord), std::move(p));
  }
  EnqueueMeshWorkload(cq, w, true);
  auto from0 = pattern(pages * kPage / 4, 40),
       from1 = pattern(pages * kPage / 4, 41);
  for (uint32_t c = 0; c < 2; ++c) {
    std::vector<uint32_t> got;
    ReadShard(cq, got, dst, MeshCoordinate(0, c));
    for (uint32_t pg = 0; pg < pages; ++pg) {
      const auto &want = pg % 2 == 0 ? from0 : from1;
      ASSERT_TRUE(std::equal(got.begin() + pg * kPage / 4,
                             got.begin() + (pg + 1) * kPage / 4,
                             want.begin() + pg * kPage / 4))
          << "chip (0," << c << ") page " << pg;
    }
  }
  // One data packet and one acknowledgement a page.
  EXPECT_EQ(ttemu::lastMeshRunStats().fabricPackets, 2u * pages);
}

// A Galaxy (4x8): every chip of rows 0-2 sends a page south, over link
// c % 4 of the 4 between neighbours; the chips of rows 1-3 each wait for
// theirs. Vertical links, several links, 32 chips at once.
TEST_F(Fabric, GalaxyChipsSendSouthOnSeveralLinks) {
  auto mesh = open(4, 8);
  auto &cq = mesh->mesh_command_queue();
  ReplicatedBufferConfig one{.size = kPage};
  auto src = MeshBuffer::create(one, dramPages(), mesh.get());
  auto dst = MeshBuffer::create(one, dramPages(), mesh.get());
  auto sem = CreateGlobalSemaphore(mesh.get(), CoreRange({0, 0}), 0);
  for (const auto &coord : MeshCoordinateRange(mesh->shape())) {
    auto v = pattern(kPage / 4, 100 + mesh->chipIndex(coord));
    WriteShard(cq, src, v, coord);
  }
  EXPECT_EQ(tt::tt_fabric::get_tt_fabric_num_links(
                mesh->get_fabric_node_id(MeshCoordinate(0, 0)),
                mesh->get_fabric_node_id(MeshCoordinate(1, 0))),
            4u);
  MeshWorkload w;
  CoreCoord core{0, 0};
  for (const auto &coord : MeshCoordinateRange(mesh->shape())) {
    uint32_t r = coord[0], c = coord[1];
    Program p = CreateProgram();
    CreateCircularBuffer(
        p, core,
        CircularBufferConfig(2 * kPage, {{CBIndex::c_0, DataFormat::Float16_b}})
            .set_page_size(CBIndex::c_0, kPage));
    std::vector<uint32_t> ct;
    TensorAccessorArgs(*src).append_to(ct);
    TensorAccessorArgs(*dst).append_to(ct);
    auto k = CreateKernel(
        p, kernelPath("fabric/fabric_pages.cpp"), core,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                           .noc = NOC::RISCV_0_default,
                           .compile_args = ct});
    bool sends = r < 3;
    std::vector<uint32_t> args = {static_cast<uint32_t>(sem.address()),
                                  src->address(),
                                  dst->address(),
                                  0,
                                  sends ? 1u : 0u,
                                  1,
                                  1,
                                  1,
                                  r > 0 ? 1u : 0u,
                                  sends ? 1u : 0u};
    if (sends)
      tt::tt_fabric::append_fabric_connection_rt_args(
          mesh->get_fabric_node_id(coord),
          mesh->get_fabric_node_id(MeshCoordinate(r + 1, c)), c % 4, p, core,
          args);
    args.push_back(0);
    SetRuntimeArgs(p, k, core, args);
    w.add_program(MeshCoordinateRange(coord), std::move(p));
  }
  EnqueueMeshWorkload(cq, w, true);
  for (const auto &coord : MeshCoordinateRange(mesh->shape())) {
    if (coord[0] == 0)
      continue;
    std::vector<uint32_t> got;
    ReadShard(cq, got, dst, coord);
    EXPECT_EQ(got, pattern(kPage / 4, 100 + mesh->chipIndex(MeshCoordinate(
                                                coord[0] - 1, coord[1]))))
        << coord.str();
  }
  auto s = ttemu::lastMeshRunStats();
  EXPECT_EQ(s.chips.size(), 32u);
  EXPECT_EQ(s.fabricPackets, 24u);
}

// The scheduler's two ways of carrying processors (fibers, OS threads)
// give the same cycles on a fabric mesh too.
TEST_F(Fabric, CyclesDoNotDependOnHowProcessorsAreCarried) {
  auto mesh = open(1, 2);
  auto &cq = mesh->mesh_command_queue();
  ReplicatedBufferConfig four{.size = 4 * kPage};
  auto src = MeshBuffer::create(four, dramPages(), mesh.get());
  auto dst = MeshBuffer::create(four, dramPages(), mesh.get());
  auto sem = CreateGlobalSemaphore(mesh.get(), CoreRange({0, 0}), 0);
  std::vector<uint64_t> cycles;
  for (const char *mode : {"fibers", "threads", "fibers"}) {
    setenv("TT_EMU_SCHED", mode, 1);
    sem.reset_semaphore_value(0);
    MeshWorkload w;
    Send s0{.pages = 4,
            .repeat = 3,
            .expected = 12,
            .forward = MeshCoordinate(0, 1)};
    Send s1{.pages = 4, .expected = 12, .backward = MeshCoordinate(0, 0)};
    s1.repeat = 3;
    w.add_program(
        MeshCoordinateRange(MeshCoordinate(0, 0)),
        chipProgram(*mesh, MeshCoordinate(0, 0), *src, *dst, sem, s0));
    w.add_program(
        MeshCoordinateRange(MeshCoordinate(0, 1)),
        chipProgram(*mesh, MeshCoordinate(0, 1), *src, *dst, sem, s1));
    EnqueueMeshWorkload(cq, w, true);
    auto s = ttemu::lastMeshRunStats();
    for (const auto &c : s.chips)
      cycles.push_back(c.run.deviceCycles);
  }
  unsetenv("TT_EMU_SCHED");
  ASSERT_EQ(cycles.size(), 6u);
  for (size_t i = 2; i < cycles.size(); ++i)
    EXPECT_EQ(cycles[i], cycles[i % 2]) << "run " << i / 2;
}
