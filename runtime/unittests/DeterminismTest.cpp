// The device time of a program is a function of the program and its inputs
// alone: multi-core programs that contend for DRAM banks, NOC ports, circular
// buffers and semaphores are run five times under different host conditions
// (all CPUs or one, with and without threads burning CPU beside them), and
// every run must give the same device cycles, the same per-processor end
// cycles and the same output bytes.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <sched.h>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>
#include <tt-metalium/work_split.hpp>
#include <ttemu/emulator.h>

#include "EmuTestUtil.h"
#include "McastMatmul.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::kernelPath;
using ttemu::test::randomBf16;

namespace {

constexpr uint32_t kTileBytes = 2048;

struct HostCondition {
  const char *name;
  bool oneCpu;      // pin the process (and so every kernel thread) to one CPU
  unsigned burners; // threads spinning on the same CPUs meanwhile
};

constexpr HostCondition kConditions[] = {
    {"all CPUs", false, 0},
    {"one CPU", true, 0},
    {"all CPUs, 2 burner threads", false, 2},
    {"one CPU, 1 burner thread", true, 1},
    {"all CPUs, 1 burner thread", false, 1},
};

/// Applies a host condition for its lifetime. The affinity is the calling
/// thread's; the emulator's kernel threads are started from it and inherit
/// it, and so do the burners.
class UnderCondition {
public:
  explicit UnderCondition(const HostCondition &c) {
    sched_getaffinity(0, sizeof(saved_), &saved_);
    if (c.oneCpu) {
      int last = 0;
      for (int i = 0; i < CPU_SETSIZE; ++i)
        if (CPU_ISSET(i, &saved_))
          last = i;
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(last, &one);
      EXPECT_EQ(sched_setaffinity(0, sizeof(one), &one), 0);
    }
    for (unsigned i = 0; i < c.burners; ++i)
      burners_.emplace_back([this] {
        volatile uint64_t sink = 0;
        while (!stop_.load(std::memory_order_relaxed))
          sink = sink + 1;
      });
  }
  ~UnderCondition() {
    stop_ = true;
    for (auto &t : burners_)
      t.join();
    sched_setaffinity(0, sizeof(saved_), &saved_);
  }

private:
  cpu_set_t saved_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> burners_;
};

struct Outcome {
  uint64_t cycles = 0;
  std::vector<uint64_t> threadEnds; // per processor, in the run's order
  std::vector<uint32_t> output;
};

/// The last run's timing, and `out`'s bytes if given.
Outcome outcomeOf(CommandQueue &cq, const std::shared_ptr<Buffer> &out) {
  Outcome o;
  ttemu::RunStats s = ttemu::lastRunStats();
  o.cycles = s.deviceCycles;
  for (const ttemu::ThreadStats &t : s.threads)
    o.threadEnds.push_back(t.endCycle);
  if (out)
    EnqueueReadBuffer(cq, out, o.output, true);
  return o;
}

/// Runs `once` under each host condition (and, with `bothSchedulers`, once
/// more with every processor on its own OS thread, TT_EMU_SCHED=threads)
/// and expects identical outcomes.
void expectDeterministic(const std::function<Outcome()> &once,
                         size_t minThreads, bool bothSchedulers = false) {
  std::vector<Outcome> runs;
  std::vector<std::string> names;
  std::set<uint64_t> distinct;
  for (const HostCondition &c : kConditions) {
    UnderCondition under(c);
    runs.push_back(once());
    names.push_back(c.name);
    distinct.insert(runs.back().cycles);
    SCOPED_TRACE(c.name);
    ASSERT_GE(runs.back().threadEnds.size(), minThreads);
  }
  if (bothSchedulers) {
    setenv("TT_EMU_SCHED", "threads", 1);
    UnderCondition under(kConditions[3]); // one CPU and a burner
    runs.push_back(once());
    unsetenv("TT_EMU_SCHED");
    names.push_back("OS threads, one CPU, 1 burner thread");
    distinct.insert(runs.back().cycles);
  }
  std::string seen;
  for (size_t i = 0; i < runs.size(); ++i)
    seen += std::string(i ? ", " : "") + names[i] + ": " +
            std::to_string(runs[i].cycles);
  // The figures, for the record (docs/SCHEDULING.md).
  std::printf("[ device cycles ] %s\n", seen.c_str());
  EXPECT_EQ(distinct.size(), 1u) << "device cycles differ: " << seen;
  for (size_t i = 1; i < runs.size(); ++i) {
    SCOPED_TRACE(names[i]);
    EXPECT_EQ(runs[i].threadEnds, runs[0].threadEnds);
    EXPECT_TRUE(runs[i].output == runs[0].output) << "output bytes differ";
  }
}

std::shared_ptr<Buffer> dramBuffer(IDevice *device, uint32_t tiles) {
  return CreateBuffer(InterleavedBufferConfig{.device = device,
                                              .size = tiles * kTileBytes,
                                              .page_size = kTileBytes,
                                              .buffer_type = BufferType::DRAM});
}

void addCb(Program &p, const CoreRange &cores, uint8_t index, uint32_t pages) {
  CreateCircularBuffer(
      p, cores,
      CircularBufferConfig(pages * kTileBytes, {{index, DataFormat::Float16_b}})
          .set_page_size(index, kTileBytes));
}

// DRAM-bound: 64 cores each add their 8 tile pairs, 192 processors reading
// and writing the same 12 DRAM banks.
void vecaddOn64CoresRepeats() {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  CoreRange cores({0, 0}, {7, 7});
  constexpr uint32_t perCore = 8, tiles = 64 * perCore;
  auto a = dramBuffer(device, tiles), b = dramBuffer(device, tiles),
       c = dramBuffer(device, tiles);
  EnqueueWriteBuffer(cq, a, randomBf16(tiles * 1024, 1, -4, 4), false);
  EnqueueWriteBuffer(cq, b, randomBf16(tiles * 1024, 2, -4, 4), false);
  expectDeterministic(
      [&] {
        Program program = CreateProgram();
        addCb(program, cores, CBIndex::c_0, 2);
        addCb(program, cores, CBIndex::c_1, 2);
        addCb(program, cores, CBIndex::c_16, 2);
        std::vector<uint32_t> rct, wct = {CBIndex::c_16};
        TensorAccessorArgs(*a).append_to(rct);
        TensorAccessorArgs(*b).append_to(rct);
        TensorAccessorArgs(*c).append_to(wct);
        auto reader = CreateKernel(
            program, kernelPath("dataflow/reader_binary_range.cpp"), cores,
            ReaderDataMovementConfig(rct));
        auto writer =
            CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"),
                         cores, WriterDataMovementConfig(wct));
        auto add = CreateKernel(program, kernelPath("compute/add.cpp"), cores,
                                ComputeConfig{});
        uint32_t start = 0;
        for (const CoreCoord &core : cores) {
          SetRuntimeArgs(program, reader, core,
                         {a->address(), b->address(), perCore, start});
          SetRuntimeArgs(program, writer, core, {c->address(), perCore, start});
          SetRuntimeArgs(program, add, core, {perCore});
          start += perCore;
        }
        EnqueueProgram(cq, program, true);
        return outcomeOf(cq, c);
      },
      3 * 64, /*bothSchedulers=*/true);
  CloseDevice(device);
}

// Compute-heavy: a 256x512x512 matmul split over the 8x8 grid, two output
// tiles of 16 matmul_tiles each per core.
void matmulOn64CoresRepeats() {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  constexpr uint32_t Mt = 8, Nt = 16, Kt = 16;
  auto a = dramBuffer(device, Mt * Kt), b = dramBuffer(device, Kt * Nt),
       c = dramBuffer(device, Mt * Nt);
  EnqueueWriteBuffer(cq, a, randomBf16(Mt * Kt * 1024, 3, -1, 1), false);
  EnqueueWriteBuffer(cq, b, randomBf16(Kt * Nt * 1024, 4, -1, 1), false);
  expectDeterministic(
      [&] {
        Program program = CreateProgram();
        auto [numCores, all, g1, g2, w1, w2] = split_work_to_cores(
            device->compute_with_storage_grid_size(), Mt * Nt);
        EXPECT_EQ(numCores, 64u);
        for (uint8_t cb : {CBIndex::c_0, CBIndex::c_1, CBIndex::c_16})
          for (const CoreRange &r : all.ranges())
            addCb(program, r, cb, 2);
        std::vector<uint32_t> rct, wct = {CBIndex::c_16};
        TensorAccessorArgs(*a).append_to(rct);
        TensorAccessorArgs(*b).append_to(rct);
        TensorAccessorArgs(*c).append_to(wct);
        auto reader =
            CreateKernel(program, kernelPath("dataflow/reader_mm.cpp"), all,
                         ReaderDataMovementConfig(rct));
        auto writer =
            CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"), all,
                         WriterDataMovementConfig(wct));
        auto mm =
            CreateKernel(program, kernelPath("compute/mm.cpp"), all,
                         ComputeConfig{.defines = {{"PER_CORE_COUNT", "1"}}});
        uint32_t offset = 0;
        for (const auto &[group, work] : {std::pair{g1, w1}, std::pair{g2, w2}})
          for (const CoreRange &range : group.ranges())
            for (const CoreCoord &core : range) {
              SetRuntimeArgs(
                  program, reader, core,
                  {a->address(), b->address(), Kt, Nt, offset, work});
              SetRuntimeArgs(program, writer, core,
                             {c->address(), work, offset});
              SetRuntimeArgs(program, mm, core, {work, Kt});
              offset += work;
            }
        EXPECT_EQ(offset, Mt * Nt);
        EnqueueProgram(cq, program, true);
        return outcomeOf(cq, c);
      },
      3 * 64, /*bothSchedulers=*/true);
  CloseDevice(device);
}

// Multicast and semaphores: core (0,0) multicasts 32 tiles, one per round,
// to the 4x4 rectangle (1,0)-(4,3), handshaking through two semaphores;
// the 16 receivers write every tile back to DRAM.
void multicastToSixteenReceiversRepeats() {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  CoreCoord sender{0, 0};
  CoreRange receivers({1, 0}, {4, 3});
  CoreRange all({0, 0}, {4, 3});
  constexpr uint32_t rounds = 32, numReceivers = 16;
  auto src = dramBuffer(device, rounds),
       dst = dramBuffer(device, rounds * numReceivers);
  std::vector<bfloat16> in = randomBf16(rounds * 1024, 5, -8, 8);
  EnqueueWriteBuffer(cq, src, in, false);
  std::vector<uint32_t> inWords(in.size() / 2);
  std::memcpy(inWords.data(), in.data(), in.size() * sizeof(bfloat16));
  expectDeterministic(
      [&] {
        Program program = CreateProgram();
        addCb(program, all, 0, 1);
        uint32_t ready = CreateSemaphore(program, all, 0);
        uint32_t valid = CreateSemaphore(program, all, 0);
        auto s = CreateKernel(program,
                              kernelPath("dataflow/mcast_rounds_sender.cpp"),
                              sender, WriterDataMovementConfig({ready, valid}));
        auto r = CreateKernel(
            program, kernelPath("dataflow/mcast_rounds_receiver.cpp"),
            receivers, WriterDataMovementConfig({ready, valid}));
        CoreCoord first =
            device->worker_core_from_logical_core(receivers.start_coord);
        CoreCoord last =
            device->worker_core_from_logical_core(receivers.end_coord);
        CoreCoord senderNoc = device->worker_core_from_logical_core(sender);
        SetRuntimeArgs(program, s, sender,
                       {src->address(), uint32_t(first.x), uint32_t(first.y),
                        uint32_t(last.x), uint32_t(last.y), numReceivers,
                        rounds});
        uint32_t index = 0;
        for (const CoreCoord &c : receivers)
          SetRuntimeArgs(program, r, c,
                         {dst->address(), uint32_t(senderNoc.x),
                          uint32_t(senderNoc.y), rounds, index++,
                          numReceivers});
        EnqueueProgram(cq, program, true);
        Outcome o = outcomeOf(cq, dst);
        // Every receiver got every round's tile.
        constexpr size_t words = kTileBytes / 4;
        EXPECT_EQ(o.output.size(), rounds * numReceivers * words);
        for (uint32_t round = 0; round < rounds && !testing::Test::HasFailure();
             ++round)
          for (uint32_t i = 0; i < numReceivers; ++i)
            EXPECT_TRUE(std::equal(inWords.begin() + round * words,
                                   inWords.begin() + (round + 1) * words,
                                   o.output.begin() +
                                       (round * numReceivers + i) * words))
                << "round " << round << " receiver " << i;
        return o;
      },
      1 + numReceivers, /*bothSchedulers=*/true);
  CloseDevice(device);
}

/// Selects the Blackhole p150 for the devices created in its lifetime.
struct OnBlackhole {
  OnBlackhole() { setenv("TT_EMU_ARCH", "blackhole", 1); }
  ~OnBlackhole() { unsetenv("TT_EMU_ARCH"); }
};

// NOC links: eight Blackhole DRAM readers on the first worker row, whose
// response routes share row links pairwise (docs/COST_MODEL.md, "NOC
// links"), stream 16 KB reads two in flight. Which reader gets a shared
// link first is decided by simulated time alone.
void linkBoundDramReadersRepeat() {
  OnBlackhole bh;
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  constexpr uint32_t packet = 16384, packets = 16;
  uint32_t banks = device->num_dram_channels();
  auto src = CreateBuffer(
      InterleavedBufferConfig{.device = device,
                              .size = uint64_t(packets) * packet * banks,
                              .page_size = packet,
                              .buffer_type = BufferType::DRAM});
  expectDeterministic(
      [&] {
        Program program = CreateProgram();
        CoreRange row({0, 0}, {banks - 1, 0});
        CreateCircularBuffer(
            program, row,
            CircularBufferConfig(2 * packet, {{0, DataFormat::Float16_b}})
                .set_page_size(0, packet));
        auto k = CreateKernel(
            program, std::string(TTEMU_BENCH_KERNEL_DIR) + "/dram_stream.cpp",
            row, ReaderDataMovementConfig{});
        for (uint32_t b = 0; b < banks; ++b)
          SetRuntimeArgs(program, k, CoreCoord{b, 0},
                         {b, src->address(), packet, packets, 2});
        EnqueueProgram(cq, program, true);
        Outcome o = outcomeOf(cq, nullptr);
        // The shared links bind: half a 64 B/cycle link for the slowest
        // reader, below its bank's 47 B/cycle.
        EXPECT_GE(o.cycles, uint64_t(packets) * packet / 32);
        return o;
      },
      banks, /*bothSchedulers=*/true);
  CloseDevice(device);
}

// The validation benchmark's 2-D multicast matmul on 4 x 5 Blackhole cores:
// in1 read from DRAM on NOC 0 and multicast down the columns, in0
// block-sharded and multicast along the rows on NOC 1 by a different core
// each block, writes flushed before every flag; 60 processors.
void blackholeMcastMatmulRepeats() {
  OnBlackhole bh;
  IDevice *device = CreateDevice(0);
  constexpr uint32_t M = 256, K = 640, N = 320;
  auto a = tilize_nfaces(randomBf16(M * K, 6, -1, 1), M, K);
  auto b = tilize_nfaces(randomBf16(K * N, 7, -1, 1), K, N);
  expectDeterministic(
      [&] {
        ttemu::bench::MatmulBuffers bufs;
        ttemu::bench::mcastMatmul(
            device, M, K, N, 4, 5, DataFormat::Float16_b, MathFidelity::HiFi2,
            /*in0InL1=*/true, /*outInL1=*/false,
            [&](const ttemu::bench::MatmulBuffers &b0) {
              bufs = b0;
              EnqueueWriteBuffer(device->command_queue(), b0.a, a, true);
              EnqueueWriteBuffer(device->command_queue(), b0.b, b, true);
            });
        return outcomeOf(device->command_queue(), bufs.c);
      },
      3 * 20, /*bothSchedulers=*/true);
  CloseDevice(device);
}

} // namespace

TEST(Determinism, LinkBoundDramReadersRepeatToTheCycle) {
  linkBoundDramReadersRepeat();
}

TEST(Determinism, BlackholeMulticastMatmulRepeatsToTheCycle) {
  blackholeMcastMatmulRepeats();
}

TEST(Determinism, VecaddOn64CoresRepeatsToTheCycle) {
  vecaddOn64CoresRepeats();
}

TEST(Determinism, MatmulOn64CoresRepeatsToTheCycle) {
  matmulOn64CoresRepeats();
}

TEST(Determinism, MulticastToSixteenReceiversRepeatsToTheCycle) {
  multicastToSixteenReceiversRepeats();
}

// A lookahead quantum lets the running processor keep the baton while it is
// less than that many cycles ahead of the first in turn: other cycle counts
// than strict order, but as repeatable.
TEST(Determinism, LookaheadQuantumRepeatsToo) {
  struct Quantum {
    Quantum() { setenv("TT_EMU_SCHED_QUANTUM", "1000", 1); }
    ~Quantum() { unsetenv("TT_EMU_SCHED_QUANTUM"); }
  } quantum;
  vecaddOn64CoresRepeats();
  multicastToSixteenReceiversRepeats();
}

// A semaphore set by a plain store (no API call) releases its waiter: the
// waiter (created first, so it runs and blocks first) is re-checked at every
// scheduling decision, here the setter's end.
TEST(Determinism, PlainStoreToASemaphoreReleasesItsWaiter) {
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  CreateSemaphore(program, CoreRange(core), 0);
  CreateKernel(program, kernelPath("misuse/wait_semaphore.cpp"), core,
               ReaderDataMovementConfig());
  CreateKernel(program, kernelPath("dataflow/sem_store.cpp"), core,
               WriterDataMovementConfig());
  EXPECT_NO_THROW(EnqueueProgram(device->command_queue(), program, true));
  EXPECT_EQ(ttemu::lastRunStats().threads.size(), 2u);
  CloseDevice(device);
}

// A consumer that polls cb_pages_available_at_front instead of blocking
// lets simulated time pass, so the producer (behind it in turn while its
// DRAM reads are in flight) gets its turn; the run finishes and repeats.
TEST(Determinism, PollingConsumerLetsItsProducerRun) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  constexpr uint32_t tiles = 16;
  auto src = dramBuffer(device, tiles);
  CoreRange core({0, 0}, {0, 0});
  expectDeterministic(
      [&] {
        Program program = CreateProgram();
        addCb(program, core, CBIndex::c_0, 2);
        auto poller =
            CreateKernel(program, kernelPath("dataflow/poll_and_pop.cpp"), core,
                         WriterDataMovementConfig());
        std::vector<uint32_t> ct;
        TensorAccessorArgs(*src).append_to(ct);
        auto reader =
            CreateKernel(program, kernelPath("dataflow/reader_tiles.cpp"), core,
                         ReaderDataMovementConfig(ct));
        SetRuntimeArgs(program, poller, CoreCoord{0, 0}, {tiles});
        SetRuntimeArgs(program, reader, CoreCoord{0, 0},
                       {src->address(), tiles, 0u});
        EnqueueProgram(cq, program, true);
        Outcome o = outcomeOf(cq, nullptr);
        // Each barriered read waits for its DRAM bank (Wormhole: 24 B/cycle
        // and 360 cycles of latency).
        EXPECT_GE(o.cycles, tiles * (kTileBytes / 24 + 360));
        return o;
      },
      2);
  CloseDevice(device);
}
