// Processors as fibers (docs/SCHEDULING.md, "Fibers"): a program gives the
// same device cycles, per-processor end cycles and bytes whether its
// processors run as fibers on one host thread or as one OS thread each, on
// all CPUs or pinned to one; per-processor state (stack, DPRINT stream, the
// C++ exception record) does not leak between fibers; stacks are guarded.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <pthread.h>
#include <sched.h>
#include <stdexcept>
#include <string>
#include <vector>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>
#include <ttemu/emulator.h>

#include "EmuTestUtil.h"
#include "Kernel/Fiber.h"
#include "McastMatmul.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::kernelPath;
using ttemu::test::randomBf16;

namespace {

/// How the host carries the run: TT_EMU_SCHED and the process's CPUs.
struct HostSetup {
  const char *name;
  const char *sched; // TT_EMU_SCHED
  bool oneCpu;
};

constexpr HostSetup kSetups[] = {
    {"fibers, all CPUs", "fibers", false},
    {"fibers, one CPU", "fibers", true},
    {"threads, all CPUs", "threads", false},
    {"threads, one CPU", "threads", true},
};

/// Applies a setup for its lifetime (the emulator's host threads inherit
/// the calling thread's affinity).
class Under {
public:
  explicit Under(const HostSetup &s) {
    setenv("TT_EMU_SCHED", s.sched, 1);
    sched_getaffinity(0, sizeof(saved_), &saved_);
    if (s.oneCpu) {
      int last = 0;
      for (int i = 0; i < CPU_SETSIZE; ++i)
        if (CPU_ISSET(i, &saved_))
          last = i;
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(last, &one);
      EXPECT_EQ(sched_setaffinity(0, sizeof(one), &one), 0);
    }
  }
  ~Under() {
    unsetenv("TT_EMU_SCHED");
    sched_setaffinity(0, sizeof(saved_), &saved_);
  }

private:
  cpu_set_t saved_;
};

struct Outcome {
  uint64_t cycles = 0;
  std::vector<uint64_t> ends; // per processor, in the run's order
  std::vector<bfloat16> output;
};

// 48 processors on a 4x4 grid: a 256x256x256 bf16 matmul whose operands are
// multicast along rows and columns, handshaking through semaphores.
Outcome mcastMatmulOn16Cores(IDevice *device, const std::vector<bfloat16> &a,
                             const std::vector<bfloat16> &b) {
  constexpr uint32_t M = 256, N = 256, K = 256;
  ttemu::bench::MatmulBuffers bufs;
  ttemu::bench::mcastMatmul(
      device, M, K, N, 4, 4, DataFormat::Float16_b, MathFidelity::HiFi4,
      /*in0InL1=*/false, /*outInL1=*/false,
      [&](const ttemu::bench::MatmulBuffers &b0) {
        bufs = b0;
        EnqueueWriteBuffer(device->command_queue(), b0.a,
                           tilize_nfaces(a, M, K), true);
        EnqueueWriteBuffer(device->command_queue(), b0.b,
                           tilize_nfaces(b, K, N), true);
      });
  Outcome o;
  ttemu::RunStats s = ttemu::lastRunStats();
  o.cycles = s.deviceCycles;
  for (const ttemu::ThreadStats &t : s.threads)
    o.ends.push_back(t.endCycle);
  EnqueueReadBuffer(device->command_queue(), bufs.c, o.output, true);
  o.output = untilize_nfaces(o.output, M, N);
  return o;
}

bool sameBits(const std::vector<bfloat16> &x, const std::vector<bfloat16> &y) {
  return x.size() == y.size() &&
         std::memcmp(x.data(), y.data(), x.size() * sizeof(bfloat16)) == 0;
}

} // namespace

TEST(FiberScheduler, SixteenCoreMatmulIsBitIdenticalUnderEitherSchedulerAndCpuCount) {
  IDevice *device = CreateDevice(0);
  constexpr uint32_t M = 256, N = 256, K = 256;
  auto a = randomBf16(M * K, 21, -1, 1), b = randomBf16(K * N, 22, -1, 1);
  std::vector<Outcome> runs;
  for (const HostSetup &s : kSetups) {
    Under under(s);
    runs.push_back(mcastMatmulOn16Cores(device, a, b));
    ASSERT_EQ(runs.back().ends.size(), 3u * 16) << s.name;
  }
  for (size_t i = 1; i < runs.size(); ++i) {
    SCOPED_TRACE(kSetups[i].name);
    EXPECT_EQ(runs[i].cycles, runs[0].cycles);
    EXPECT_EQ(runs[i].ends, runs[0].ends);
    EXPECT_TRUE(sameBits(runs[i].output, runs[0].output));
  }
  // And the bytes they agree on are the product: a 256-term sum of
  // products in [-1, 1], accumulated as tt-metal's kernel does with a
  // 16-bit DST (partials in bf16 in L1, the last K block added onto them in
  // DST), so within 2% of the largest magnitude.
  double worst = 0, scale = 0;
  for (uint32_t i = 0; i < M; ++i)
    for (uint32_t j = 0; j < N; ++j) {
      double want = 0;
      for (uint32_t k = 0; k < K; ++k)
        want += double(a[i * K + k].to_float()) * b[k * N + j].to_float();
      worst = std::max(worst,
                       std::abs(runs[0].output[i * N + j].to_float() - want));
      scale = std::max(scale, std::abs(want));
    }
  EXPECT_LT(worst / scale, 0.02);
  CloseDevice(device);
}

// Each of 16 cores keeps 2 MiB of stack array and a half-printed DPRINT
// line live across 64 yield points; its sum (written to DRAM) and its line
// must be its own, as computed here on the host.
TEST(FiberScheduler, StacksAndDprintLinesStayWithTheirProcessor) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  constexpr uint32_t cores = 16, rounds = 64, kWords = 1u << 19;
  constexpr uint32_t pageBytes = 2048;
  auto dst = CreateBuffer(InterleavedBufferConfig{.device = device,
                                                  .size = cores * pageBytes,
                                                  .page_size = pageBytes,
                                                  .buffer_type = BufferType::DRAM});
  std::vector<uint64_t> want(cores);
  std::vector<std::string> lines(cores);
  for (uint32_t id = 0; id < cores; ++id) {
    std::vector<uint32_t> big(kWords);
    for (uint32_t i = 0; i < kWords; ++i)
      big[i] = id * 2654435761u + i;
    for (uint32_t r = 0; r < rounds; ++r)
      big[(r * 40503u) % kWords] += r + id;
    for (uint32_t v : big)
      want[id] += v;
    char hex[16];
    std::snprintf(hex, sizeof hex, "%x", static_cast<uint32_t>(want[id]));
    lines[id] = "core " + std::to_string(id) + " sum " + hex;
  }
  for (const HostSetup &s : {kSetups[0], kSetups[2]}) {
    SCOPED_TRACE(s.name);
    Under under(s);
    Program program = CreateProgram();
    CoreRange grid({0, 0}, {3, 3});
    CreateCircularBuffer(program, grid,
                         CircularBufferConfig(pageBytes,
                                              {{CBIndex::c_0, DataFormat::Float16_b}})
                             .set_page_size(CBIndex::c_0, pageBytes));
    std::vector<uint32_t> ct;
    TensorAccessorArgs(*dst).append_to(ct);
    auto k = CreateKernel(program, kernelPath("dataflow/fiber_stack_rounds.cpp"),
                          grid, WriterDataMovementConfig(ct));
    uint32_t id = 0;
    for (const CoreCoord &c : grid)
      SetRuntimeArgs(program, k, c, {dst->address(), id++, rounds});
    testing::internal::CaptureStdout();
    EnqueueProgram(cq, program, true);
    std::string out = testing::internal::GetCapturedStdout();
    std::vector<uint32_t> got;
    EnqueueReadBuffer(cq, dst, got, true);
    ASSERT_EQ(got.size(), cores * pageBytes / 4);
    id = 0;
    for (const CoreCoord &c : grid) {
      uint32_t page = id * pageBytes / 4;
      EXPECT_EQ(got[page] | (uint64_t(got[page + 1]) << 32), want[id])
          << "core " << id;
      std::string line = "0:(x=" + std::to_string(c.x) + ",y=" +
                         std::to_string(c.y) + "):BR: " + lines[id] + "\n";
      EXPECT_NE(out.find(line), std::string::npos) << line << "in\n" << out;
      ++id;
    }
  }
  CloseDevice(device);
}

// Raw L1 accesses (the fault-and-single-step window of L1Window.cpp) of 16
// cores, with yield points between them, so fibers of other cores run in
// between: each access reaches its own core's L1, with the watcher on (the
// words are in an L1 buffer the cores own) and under either scheduler.
TEST(FiberScheduler, RawL1AccessesBetweenYieldsReachTheirOwnCore) {
  IDevice *device = CreateDevice(0);
  constexpr uint32_t rounds = 12, pageBytes = 2048;
  auto l1 = CreateBuffer(InterleavedBufferConfig{.device = device,
                                                 .size = (rounds + 1) * 4,
                                                 .page_size = (rounds + 1) * 4,
                                                 .buffer_type = BufferType::L1});
  setenv("TT_EMU_WATCHER", "1", 1);
  for (const HostSetup &s : {kSetups[0], kSetups[2]}) {
    SCOPED_TRACE(s.name);
    Under under(s);
    Program program = CreateProgram();
    CoreRange grid({0, 0}, {3, 3});
    CreateCircularBuffer(program, grid,
                         CircularBufferConfig(pageBytes,
                                              {{CBIndex::c_0, DataFormat::Float16_b}})
                             .set_page_size(CBIndex::c_0, pageBytes));
    auto k = CreateKernel(program, kernelPath("dataflow/raw_l1_rounds.cpp"),
                          grid, WriterDataMovementConfig());
    SetRuntimeArgs(program, k, grid, {l1->address(), rounds});
    EXPECT_EQ(ttemu::test::errorOf([&] {
                EnqueueProgram(device->command_queue(), program, true);
              }),
              "<no error>");
    for (const CoreCoord &c : grid) {
      std::vector<uint32_t> got;
      detail::ReadFromDeviceL1(device, c, l1->address(), (rounds + 1) * 4, got);
      ASSERT_EQ(got.size(), rounds + 1);
      uint32_t tag = c.x * 16 + c.y, sum = 0;
      for (uint32_t r = 0; r < rounds; ++r) {
        EXPECT_EQ(got[r], tag * 1000 + r) << "core " << c.str() << " word " << r;
        sum += tag * 1000 + r;
      }
      EXPECT_EQ(got[rounds], sum) << "core " << c.str();
    }
  }
  unsetenv("TT_EMU_WATCHER");
  CloseDevice(device);
}

// A fiber stack is what a default OS thread gets, and the memory just below
// it is a guard: an overflow faults instead of corrupting a neighbour.
TEST(FiberScheduler, FiberStacksAreThreadSizedAndGuarded) {
  if (!ttemu::fibersSupported())
    GTEST_SKIP() << "no fibers on this host";
  pthread_attr_t attr;
  size_t threadStack = 0;
  ASSERT_EQ(pthread_getattr_default_np(&attr), 0);
  pthread_attr_getstacksize(&attr, &threadStack);
  pthread_attr_destroy(&attr);
  EXPECT_GE(ttemu::fiberStackBytes(), threadStack);
  ttemu::FiberStack s = ttemu::FiberStack::acquire();
  auto *lowest = static_cast<volatile char *>(s.top()) - ttemu::fiberStackBytes();
  lowest[0] = 1; // usable
  EXPECT_EXIT(lowest[-1] = 1, testing::KilledBySignal(SIGSEGV), "");
}

namespace {

// Two fibers that each stay inside a catch block across switches: each must
// see its own exception as current (the C++ runtime's per-thread record of
// caught exceptions is switched with the fiber).
struct CatchPair {
  ttemu::FiberContext main, a, b;
  std::string seenByA, seenByB;
};
CatchPair *pair_ = nullptr;

std::string current() {
  try {
    std::rethrow_exception(std::current_exception());
  } catch (const std::exception &e) {
    return e.what();
  } catch (...) {
  }
  return "<none>";
}

void fiberA(void *) {
  try {
    throw std::runtime_error("A");
  } catch (const std::exception &) {
    ttemu::fiberSwitch(pair_->a, pair_->b); // B enters its catch, comes back
    pair_->seenByA = current();
  }
  ttemu::fiberSwitch(pair_->a, pair_->b);
  __builtin_trap();
}

void fiberB(void *) {
  try {
    throw std::runtime_error("B");
  } catch (const std::exception &) {
    ttemu::fiberSwitch(pair_->b, pair_->a); // A looks, leaves its catch
    pair_->seenByB = current();
  }
  ttemu::fiberSwitch(pair_->b, pair_->main);
  __builtin_trap();
}

} // namespace

TEST(FiberScheduler, EachFiberHandlesItsOwnException) {
  if (!ttemu::fibersSupported())
    GTEST_SKIP() << "no fibers on this host";
  CatchPair p;
  pair_ = &p;
  ttemu::FiberStack sa = ttemu::FiberStack::acquire(),
                    sb = ttemu::FiberStack::acquire();
  ttemu::fiberInit(p.a, sa, fiberA, nullptr);
  ttemu::fiberInit(p.b, sb, fiberB, nullptr);
  ttemu::fiberSwitch(p.main, p.a);
  EXPECT_EQ(p.seenByA, "A");
  EXPECT_EQ(p.seenByB, "B");
  EXPECT_FALSE(std::current_exception());
  EXPECT_EQ(std::uncaught_exceptions(), 0);
  pair_ = nullptr;
}

TEST(FiberScheduler, UnknownSchedulerIsAnError) {
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  CreateKernel(program, kernelPath("dataflow/sem_store.cpp"), CoreCoord{0, 0},
               WriterDataMovementConfig());
  setenv("TT_EMU_SCHED", "green-threads", 1);
  std::string msg = ttemu::test::errorOf(
      [&] { EnqueueProgram(device->command_queue(), program, true); });
  unsetenv("TT_EMU_SCHED");
  EXPECT_NE(msg.find("TT_EMU_SCHED='green-threads'"), std::string::npos) << msg;
  CloseDevice(device);
}
