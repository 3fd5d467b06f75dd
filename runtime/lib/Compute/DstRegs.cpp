// The DST register file: acquire/commit/wait/release protocol, index checks,
// and the routing of core services (CBs, costs, errors) through Host.
#include "ComputeState.h"

#include <memory>
#include <mutex>
#include <vector>

#include "Kernel/RunState.h"

namespace ttemu::compute {

namespace {

/// Forwards to the emulator core (kernel_context.h).
class CoreHost final : public Host {
public:
  const ComputeSettings &settings() override { return computeSettings(); }
  uint32_t pageSize(uint32_t cb) override { return cbPageSize(cb); }
  num::DataFormat dataFormat(uint32_t cb) override { return cbDataFormat(cb); }
  uint8_t *frontPage(uint32_t cb, uint32_t index) override {
    return cbFrontPage(cb, index);
  }
  uint8_t *backPage(uint32_t cb, uint32_t index) override {
    return cbBackPage(cb, index);
  }
  uint32_t &packCounter(uint32_t cb) override { return cbPackCounter(cb); }
  void charge(CostOp op, num::DataFormat fmt, uint32_t count) override {
    chargeOp(op, fmt, count);
  }
  bool timingOnly() override { return timingOnlyRun(); }
  [[noreturn]] void fail(const std::string &message) override {
    ttemu::fail(message);
  }
};

CoreHost coreHost;
thread_local Host *currentHost = &coreHost;

} // namespace

void setHostForTesting(Host *h) { currentHost = h ? h : &coreHost; }

namespace detail {

Host &host() { return *currentHost; }

void DstState::clear() {
  phase = DstPhase::Idle;
  for (auto &t : tiles)
    t.fill(0.0f);
  formats.fill(DataFormat::Float16_b);
  fresh.fill(true);
  touched = 0;
}

namespace {

// DST register files of finished processors, for the next run's: a new
// 64 KiB one for each compute processor of every run cost a tenth of a
// scheduling-bound run in page faults and zeroing.
std::mutex dstPoolMutex;
std::vector<DstState *> dstPool;
constexpr size_t kDstPoolMax = 256;

// A reused DST as a new one would be. Only tiles written since the last
// zeroing can be non-zero (every write goes through mathTile); the size
// check is there so that a field added to DstState gets reset here too.
void resetForReuse(DstState &s) {
  // (Rounded up to the 64-byte alignment of the tiles.)
  static_assert(sizeof(DstState) ==
                    (64 + sizeof(s.tiles) + sizeof(s.formats) +
                     sizeof(s.fresh) + 8 + 63) / 64 * 64,
                "DstState changed: reset the new fields in resetForReuse");
  for (uint32_t i = 0; i < kMaxDstTiles; ++i)
    if (s.touched & (1u << i))
      s.tiles[i].fill(0.0f);
  s.phase = DstPhase::Idle;
  s.accumulate = false;
  s.matmulTranspose = false;
  s.packL1Accumulate = false;
  s.formats.fill(DataFormat::Float16_b);
  s.fresh.fill(true);
  s.touched = 0;
}

std::shared_ptr<void> newProcessorDst() {
  DstState *s = nullptr;
  {
    std::lock_guard lock(dstPoolMutex);
    if (!dstPool.empty()) {
      s = dstPool.back();
      dstPool.pop_back();
    }
  }
  if (s)
    resetForReuse(*s);
  else
    s = new DstState();
  return std::shared_ptr<void>(s, [](void *p) {
    auto *d = static_cast<DstState *>(p);
    std::lock_guard lock(dstPoolMutex);
    if (dstPool.size() < kDstPoolMax)
      dstPool.push_back(d);
    else
      delete d;
  });
}

} // namespace

DstState &dst() {
  // The calling processor's DST: it lives across yield points (a kernel
  // waits for a CB between tile_regs_acquire and pack), where fibers of
  // other cores run on this thread. Host-side tests (setHostForTesting)
  // have no processor and use the thread's own, allocated on first use
  // rather than in every thread's TLS block (which each new thread zeroes).
  if (ThreadRun *t = currentThread()) {
    if (!t->dstState)
      t->dstState = newProcessorDst();
    return *static_cast<DstState *>(t->dstState.get());
  }
  static thread_local std::unique_ptr<DstState> state;
  if (!state)
    state = std::make_unique<DstState>();
  return *state;
}

namespace {

std::string dstDescription() {
  return host().settings().fp32DestAccEn ? "fp32 DST, half-sync"
                                         : "16-bit DST, half-sync";
}

void checkIndex(uint32_t index, const char *op) {
  uint32_t avail = host().settings().dstTiles();
  if (index >= avail)
    host().fail(std::string(op) + ": DST index " + std::to_string(index) +
                " out of range: " + std::to_string(avail) +
                " tiles available (" + dstDescription() + ")");
}

/// Zeroes the DST, as the packer does when it releases a section.
void zeroDst() {
  DstState &s = dst();
  // Every write to DST goes through mathTile, so untouched tiles are zero.
  for (uint32_t i = 0; i < kMaxDstTiles; ++i)
    if (s.touched & (1u << i))
      s.tiles[i].fill(0.0f);
  s.touched = 0;
  s.fresh.fill(true);
}

void expectPhase(DstPhase want, const char *op, const char *hint) {
  if (dst().phase != want)
    host().fail(std::string(op) + " called out of order: " + hint);
}

} // namespace

float *mathTile(uint32_t index, const char *op) {
  DstPhase p = dst().phase;
  if (p != DstPhase::Acquired && p != DstPhase::Full)
    host().fail(std::string(op) +
                (p == DstPhase::Idle
                     ? ": DST is not acquired (call tile_regs_acquire first)"
                     : ": math on DST after tile_regs_commit (call "
                       "tile_regs_release, then tile_regs_acquire)"));
  checkIndex(index, op);
  dst().touched |= 1u << index;
  return dst().tiles[index].data();
}

const float *packTileRegs(uint32_t index, const char *op) {
  DstPhase p = dst().phase;
  if (p != DstPhase::Waited && p != DstPhase::Full)
    host().fail(std::string(op) +
                ": DST is not ready for pack (call tile_regs_commit and "
                "tile_regs_wait first)");
  checkIndex(index, op);
  return dst().tiles[index].data();
}

bool chargeOnly(CostOp op, uint32_t cb, uint32_t dstIndex, const char *name) {
  if (!host().timingOnly())
    return false;
  // Keep the checks the op would make, and the format it would leave.
  mathTile(dstIndex, name);
  DataFormat fmt = host().dataFormat(cb);
  markWritten(dstIndex, num::isIntegerFormat(fmt) ? fmt
                                                   : dstFormatFor(fmt).fmt);
  host().charge(op, fmt, 1);
  return true;
}

bool chargeOnlyDst(CostOp op, uint32_t dstIndex, const char *name) {
  if (!host().timingOnly())
    return false;
  mathTile(dstIndex, name);
  host().charge(op, dst().formats[dstIndex], 1);
  return true;
}

void markWritten(uint32_t index, DataFormat fmt) {
  dst().formats[index] = fmt;
  dst().fresh[index] = false;
}

} // namespace detail

using namespace detail;

void tileRegsAcquire() {
  expectPhase(DstPhase::Idle, "tile_regs_acquire",
              "the previous tile_regs_acquire was not released");
  dst().phase = DstPhase::Acquired;
  host().charge(CostOp::DstAcquire, DataFormat::Float16_b, 1);
}

void tileRegsCommit() {
  expectPhase(DstPhase::Acquired, "tile_regs_commit",
              "DST must be acquired (tile_regs_acquire) and not yet committed");
  dst().phase = DstPhase::Committed;
  host().charge(CostOp::DstCommit, DataFormat::Float16_b, 1);
}

void tileRegsWait() {
  expectPhase(DstPhase::Committed, "tile_regs_wait",
              "math must tile_regs_commit first");
  dst().phase = DstPhase::Waited;
  host().charge(CostOp::DstWait, DataFormat::Float16_b, 1);
}

void tileRegsRelease() {
  expectPhase(DstPhase::Waited, "tile_regs_release",
              "pack must tile_regs_wait first");
  zeroDst();
  dst().phase = DstPhase::Idle;
  host().charge(CostOp::DstRelease, DataFormat::Float16_b, 1);
}

void acquireDst() {
  expectPhase(DstPhase::Idle, "acquire_dst",
              "the previous acquire_dst was not released");
  dst().phase = DstPhase::Full;
  host().charge(CostOp::DstAcquireFull, DataFormat::Float16_b, 1);
}

void releaseDst() {
  expectPhase(DstPhase::Full, "release_dst", "acquire_dst must come first");
  zeroDst();
  dst().phase = DstPhase::Idle;
  host().charge(CostOp::DstReleaseFull, DataFormat::Float16_b, 1);
}

void initOp() { host().charge(CostOp::InitOp, DataFormat::Float16_b, 1); }

void setBinaryAccumulate(bool accumulate) { dst().accumulate = accumulate; }

void resetThreadState() {
  dst() = DstState();
}

} // namespace ttemu::compute
