// Memory safety: every size is checked in 64 bits, every NOC/DRAM access
// against the buffer it names, every L1 write against the CB or buffer it
// lands in, and (TT_EMU_WATCHER=1) raw L1 writes against what the core
// owns. Each error names core, processor, kernel and address.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

#include <fmt/format.h>

#include <tt-metalium/host_api.hpp>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using testing::HasSubstr;
using ttemu::test::errorOf;
using ttemu::test::kernelPath;

namespace {

constexpr uint32_t kTileBytes = 2048;
constexpr uint32_t kL1Size = 1464 * 1024; // wormhole_b0
constexpr uint32_t kUnreservedBase = 0x10000;

/// Sets an environment variable for one scope, restoring it after.
class ScopedEnv {
public:
  ScopedEnv(const char *name, const char *value) : name(name) {
    if (const char *old = std::getenv(name))
      previous = old;
    setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (previous)
      setenv(name, previous->c_str(), 1);
    else
      unsetenv(name);
  }

private:
  const char *name;
  std::optional<std::string> previous;
};

/// One core with CB 0 of `cbPages` pages of `cbPage` bytes.
struct OneCore {
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  CoreCoord core{0, 0};

  explicit OneCore(uint32_t cbPages = 2, uint32_t cbPage = kTileBytes) {
    CreateCircularBuffer(
        program, core,
        CircularBufferConfig(cbPages * cbPage, {{0, DataFormat::Float16_b}})
            .set_page_size(0, cbPage));
  }
  ~OneCore() { CloseDevice(device); }

  std::shared_ptr<Buffer> dram(uint32_t pages, uint32_t pageSize) {
    return CreateBuffer(
        InterleavedBufferConfig{.device = device,
                                .size = pages * pageSize,
                                .page_size = pageSize,
                                .buffer_type = BufferType::DRAM});
  }
  void add(const std::string &rel, std::vector<uint32_t> args,
           DataMovementProcessor proc = DataMovementProcessor::RISCV_1) {
    KernelHandle k = CreateKernel(
        program, kernelPath(rel), core,
        DataMovementConfig{.processor = proc,
                           .noc = proc == DataMovementProcessor::RISCV_0
                                      ? NOC::RISCV_0_default
                                      : NOC::RISCV_1_default});
    SetRuntimeArgs(program, k, core, args);
  }
  std::string run() {
    return errorOf(
        [&] { EnqueueProgram(device->command_queue(), program, true); });
  }
};

std::string runWithCb(uint32_t totalSize, uint32_t pageSize) {
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  CreateCircularBuffer(
      program, CoreCoord{0, 0},
      CircularBufferConfig(totalSize, {{0, DataFormat::Float16_b}})
          .set_page_size(0, pageSize));
  CreateKernel(program, kernelPath("misuse/empty.cpp"), CoreCoord{0, 0},
               DataMovementConfig{});
  std::string msg =
      errorOf([&] { EnqueueProgram(device->command_queue(), program, true); });
  CloseDevice(device);
  return msg;
}

} // namespace

// 0x10000 + 0xFFFF0000 wraps to 0 in 32 bits, which "fits" below the L1
// buffers: the CB was accepted and kernels wrote far past L1's end.
TEST(MemorySafety, CbSizeThatWrapsAt32BitsIsOverAllocation) {
  std::string msg = runWithCb(0xFFFF0000u, 0x10000u);
  EXPECT_THAT(msg, HasSubstr("L1 over-allocation on core (0,0): circular "
                             "buffers occupy 0x10000-0x100000000"));
  EXPECT_THAT(msg, HasSubstr("circular buffer 0 of 4294901760 bytes at "
                             "0x10000"));
}

TEST(MemorySafety, ZeroByteCbIsRejected) {
  EXPECT_THAT(runWithCb(0, kTileBytes),
              HasSubstr("circular buffer 0 has total size 0"));
}

// 2^32 + 1 one-byte pages: the page count would wrap to 1.
TEST(MemorySafety, BufferWithMorePagesThan32BitsIsRejected) {
  IDevice *device = CreateDevice(0);
  std::string msg = errorOf([&] {
    CreateBuffer(InterleavedBufferConfig{.device = device,
                                         .size = (1ull << 32) + 1,
                                         .page_size = 1,
                                         .buffer_type = BufferType::DRAM});
  });
  CloseDevice(device);
  EXPECT_THAT(msg, HasSubstr("4294967297 pages of 1 bytes exceed the 2^32 "
                             "pages a buffer can index"));
}

// Page 12 of a 4-page buffer is the second page slot of bank 0: on the
// device it is the first page of the buffer allocated after it.
TEST(MemorySafety, DramPageBeyondTheBufferNamedIsAnError) {
  OneCore p;
  auto buf = p.dram(4, kTileBytes);
  auto next = p.dram(24, kTileBytes);
  p.add("misuse/dram_read.cpp",
        {buf->address(), 12, 0, kTileBytes, kTileBytes, 0});
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr(fmt::format(
                       "DRAM access out of bounds: noc_async_read of 2048 "
                       "bytes at DRAM bank 0 address 0x{:x} reaches page 12 "
                       "of the 4-page DRAM buffer at 0x{:x}",
                       buf->address() + kTileBytes, buf->address())));
  EXPECT_THAT(msg, HasSubstr("core (0,0) NCRISC (data movement kernel"));
  EXPECT_THAT(msg, HasSubstr("dram_read.cpp"));
}

TEST(MemorySafety, DramWriteBeyondTheBufferDoesNotReachTheNextOne) {
  OneCore p;
  auto buf = p.dram(4, kTileBytes);
  auto next = p.dram(24, kTileBytes);
  std::vector<uint32_t> before(next->size() / 4, 0x5a5a5a5a);
  EnqueueWriteBuffer(p.device->command_queue(), next, before, true);
  p.add("misuse/dram_write.cpp", {buf->address(), 12, kTileBytes, kTileBytes},
        DataMovementProcessor::RISCV_0);
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr("noc_async_write of 2048 bytes at DRAM bank 0"));
  EXPECT_THAT(msg, HasSubstr("reaches page 12 of the 4-page DRAM buffer"));
  EXPECT_THAT(msg, HasSubstr("core (0,0) BRISC"));
  std::vector<uint32_t> after;
  EnqueueReadBuffer(p.device->command_queue(), next, after, true);
  EXPECT_EQ(after, before);
}

// Page 12 * 2^25 of 2048-byte pages is 2^36 bytes into bank 0: masked to
// the NOC's 36-bit local address it would alias page 0.
TEST(MemorySafety, PageAddressBeyond36BitsDoesNotAliasPageZero) {
  OneCore p;
  auto buf = p.dram(4, kTileBytes);
  p.add("misuse/dram_read.cpp",
        {buf->address(), 12u << 25, 0, kTileBytes, kTileBytes, 0});
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr(fmt::format(
                       "get_noc_addr (DRAM page): address 0x{:x} does not fit "
                       "the 36-bit local address of a NOC address",
                       buf->address() + (1ull << 36))));
  EXPECT_THAT(msg, HasSubstr("core (0,0) NCRISC"));
  EXPECT_THAT(msg, HasSubstr("dram_read.cpp"));
}

// The device reads any byte range inside the buffer's pages.
TEST(MemorySafety, UnalignedDramReadInsideAPageStillRuns) {
  OneCore p;
  auto buf = p.dram(4, kTileBytes);
  p.add("misuse/dram_read.cpp", {buf->address(), 3, 100, 1000, kTileBytes, 0});
  EXPECT_EQ(p.run(), "<no error>");
}

TEST(MemorySafety, NocReadAcrossTheEndOfItsCbIsAnError) {
  OneCore p; // CB 0: 2 pages of 2048 bytes at 0x10000
  auto buf = p.dram(1, 4 * kTileBytes);
  p.add("misuse/dram_read.cpp",
        {buf->address(), 0, 0, 4 * kTileBytes, 4 * kTileBytes, 0});
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr("L1 access out of bounds: noc_async_read of 8192 "
                             "bytes at L1 0x10000-0x12000 on core (0,0) runs "
                             "past the end of circular buffer 0 "
                             "(0x10000-0x11000)"));
  EXPECT_THAT(msg, HasSubstr("core (0,0) NCRISC"));
  EXPECT_THAT(msg, HasSubstr("dram_read.cpp"));
}

TEST(MemorySafety, NocReadPastTheEndOfL1IsAnError) {
  OneCore p;
  auto buf = p.dram(1, kTileBytes);
  p.add("misuse/dram_read.cpp",
        {buf->address(), 0, 0, kTileBytes, kTileBytes, kL1Size - 1024});
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr(fmt::format("noc_async_read: local L1 address "
                                         "0x{:x} (+2048 bytes) is outside L1",
                                         kL1Size - 1024)));
  EXPECT_THAT(msg, HasSubstr("core (0,0) NCRISC"));
}

TEST(MemorySafety, NocWriteIntoFirmwareReservedL1IsAnError) {
  OneCore p;
  auto buf = p.dram(1, kTileBytes);
  p.add("misuse/dram_read.cpp",
        {buf->address(), 0, 0, 256, kTileBytes, 0x2000});
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr("noc_async_read of 256 bytes at L1 0x2000-0x2100 "
                             "on core (0,0) would overwrite the "
                             "firmware-reserved L1 below 0x10000"));
  EXPECT_THAT(msg, HasSubstr("dram_read.cpp"));
}

// 4 pages over 64 cores: core (4,0), bank 4, holds none.
TEST(MemorySafety, L1BufferPageThatDoesNotExistIsAnError) {
  OneCore p;
  auto l1 =
      CreateBuffer(InterleavedBufferConfig{.device = p.device,
                                           .size = 4 * kTileBytes,
                                           .page_size = kTileBytes,
                                           .buffer_type = BufferType::L1});
  p.add("misuse/l1_page_write.cpp", {l1->address(), 4, kTileBytes});
  std::string msg = p.run();
  EXPECT_THAT(msg,
              HasSubstr(fmt::format(
                  "noc_async_write of 2048 bytes at L1 0x{:x}-0x{:x} on "
                  "core (4,0) reaches page 4 of the 4-page L1 buffer at "
                  "0x{:x}, which has no such page",
                  l1->address(), l1->address() + kTileBytes, l1->address())));
  EXPECT_THAT(msg, HasSubstr("core (0,0) NCRISC"));
  EXPECT_THAT(msg, HasSubstr("l1_page_write.cpp"));
}

TEST(MemorySafety, InvalidTimeoutIsAnErrorNamingTheVariable) {
  for (const char *bad : {"abc", "0", "-3", "nan", "inf", "5s"}) {
    OneCore p;
    p.add("misuse/empty.cpp", {});
    ScopedEnv env("TT_EMU_TIMEOUT_S", bad);
    EXPECT_THAT(p.run(), HasSubstr(fmt::format(
                             "TT_EMU_TIMEOUT_S='{}' is not a valid timeout: "
                             "expected a positive number of seconds",
                             bad)))
        << bad;
  }
  OneCore p;
  p.add("misuse/empty.cpp", {});
  ScopedEnv env("TT_EMU_TIMEOUT_S", "2.5");
  EXPECT_EQ(p.run(), "<no error>");
}

// A raw store to free L1 (above the CBs, below the L1 buffers): tolerated
// by default, as on the device; the watcher names it.
TEST(MemorySafety, WatcherCatchesRawL1WritesOutsideWhatTheCoreOwns) {
  constexpr uint32_t kFree = 0x80000;
  {
    ScopedEnv off("TT_EMU_WATCHER", "0");
    OneCore p;
    p.add("misuse/raw_l1_store.cpp", {kFree}, DataMovementProcessor::RISCV_0);
    EXPECT_EQ(p.run(), "<no error>");
  }
  ScopedEnv env("TT_EMU_WATCHER", "1");
  OneCore p;
  p.add("misuse/raw_l1_store.cpp", {kFree}, DataMovementProcessor::RISCV_0);
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr("core (0,0) BRISC (data movement kernel"));
  EXPECT_THAT(msg, HasSubstr("raw_l1_store.cpp"));
  EXPECT_THAT(msg, HasSubstr("watcher (TT_EMU_WATCHER): raw L1 write to "
                             "0x80000 on core (0,0), which the core does not "
                             "own"));
  std::vector<uint32_t> word;
  detail::ReadFromDeviceL1(p.device, p.core, kFree, 4, word);
  EXPECT_NE(word.at(0), 0xdeadbeefu) << "the stray write reached L1";
}

TEST(MemorySafety, WatcherAllowsRawL1WritesToTheCoresBuffers) {
  ScopedEnv env("TT_EMU_WATCHER", "1");
  OneCore p;
  auto l1 =
      CreateBuffer(InterleavedBufferConfig{.device = p.device,
                                           .size = kTileBytes,
                                           .page_size = kTileBytes,
                                           .buffer_type = BufferType::L1});
  p.add("misuse/raw_l1_store.cpp", {l1->address() + 8},
        DataMovementProcessor::RISCV_0);
  EXPECT_EQ(p.run(), "<no error>");
  std::vector<uint32_t> word;
  detail::ReadFromDeviceL1(p.device, p.core, l1->address() + 8, 4, word);
  EXPECT_EQ(word.at(0), 0xdeadbeefu);
}

TEST(MemorySafety, WatcherCatchesNocWritesOutsideWhatTheCoreOwns) {
  OneCore p;
  auto buf = p.dram(1, kTileBytes);
  p.add("misuse/dram_read.cpp",
        {buf->address(), 0, 0, 64, kTileBytes, 0x80000});
  {
    ScopedEnv off("TT_EMU_WATCHER", "0");
    EXPECT_EQ(p.run(), "<no error>");
  }
  ScopedEnv env("TT_EMU_WATCHER", "1");
  std::string msg = p.run();
  EXPECT_THAT(msg, HasSubstr("watcher (TT_EMU_WATCHER): noc_async_read of 64 "
                             "bytes at L1 0x80000-0x80040 on core (0,0) writes "
                             "L1 the core does not own"));
  EXPECT_THAT(msg, HasSubstr("core (0,0) NCRISC"));
}

// The API stores through the pointer itself: it must reach the calling
// core's L1 and be checked like any other L1 write (under the watcher, a
// raw store from inside the API would otherwise be reported while the run
// lock is held).
TEST(MemorySafety, SemaphoreSetThroughADeviceL1AddressIsChecked) {
  OneCore p;
  auto l1 = CreateBuffer(InterleavedBufferConfig{.device = p.device,
                                                 .size = kTileBytes,
                                                 .page_size = kTileBytes,
                                                 .buffer_type = BufferType::L1});
  p.add("misuse/sem_set_at.cpp", {l1->address() + 16},
        DataMovementProcessor::RISCV_0);
  EXPECT_EQ(p.run(), "<no error>");
  std::vector<uint32_t> word;
  detail::ReadFromDeviceL1(p.device, p.core, l1->address() + 16, 4, word);
  EXPECT_EQ(word.at(0), 7u);

  ScopedEnv env("TT_EMU_WATCHER", "1");
  OneCore q;
  q.add("misuse/sem_set_at.cpp", {0x80000}, DataMovementProcessor::RISCV_0);
  std::string msg = q.run();
  EXPECT_THAT(msg, HasSubstr("watcher (TT_EMU_WATCHER): noc_semaphore_set of 4 "
                             "bytes at L1 0x80000-0x80004 on core (0,0) writes "
                             "L1 the core does not own"));
  EXPECT_THAT(msg, HasSubstr("core (0,0) BRISC"));
  EXPECT_THAT(msg, HasSubstr("sem_set_at.cpp"));
}
