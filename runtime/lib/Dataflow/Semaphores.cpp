// Semaphores: per-program words in each core's reserved L1, waited on with
// timestamps so a waiter's clock follows the write that released it.
#include <fmt/format.h>

#include "Kernel/RunState.h"
#include "ttemu/kernel_abi.h"

namespace ttemu {
namespace {

/// The calling core's word behind a semaphore pointer a kernel passed. It
/// may be a pointer value (get_semaphore) or a device L1 address cast to a
/// pointer; the latter is translated here rather than dereferenced, since
/// the wait condition is also evaluated by other threads, whose raw L1
/// accesses would reach their own core's L1.
volatile uint32_t *semaphoreWord(Run &r, ThreadRun &t,
                                 volatile uint32_t *sem, bool write,
                                 const char *op) {
  auto addr = reinterpret_cast<uintptr_t>(sem);
  auto off = addr <= UINT32_MAX ? r.dev.l1Offset(static_cast<uint32_t>(addr))
                                : std::nullopt;
  if (!off || *off + 4ull > r.dev.arch.l1Size)
    failHere(fmt::format("{}: semaphore address 0x{:x} is not in L1", op,
                         addr));
  if (*off % 4)
    failHere(fmt::format("{}: semaphore address 0x{:x} is not 4-byte aligned",
                         op, addr));
  checkL1Access(r, *t.core, *off, 4, write, op);
  return reinterpret_cast<volatile uint32_t *>(t.core->l1 + *off);
}

} // namespace

namespace abi {

uint32_t semaphoreAddr(uint32_t id) {
  Run &r = run();
  ThreadRun &t = self();
  if (id >= r.program.semaphores.size())
    failHere(fmt::format("get_semaphore({}): the program created only {} "
                         "semaphores",
                         id, r.program.semaphores.size()));
  if (!r.program.semaphores[id].cores.contains(CoreCoord{t.core->x, t.core->y}))
    failHere(fmt::format("get_semaphore({}): semaphore {} was not created on "
                         "this core",
                         id, id));
  uint8_t *p = t.core->l1 + kSemaphoreBase + id * kSemaphoreStride;
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p));
}

void semaphoreWait(volatile uint32_t *sem, uint32_t value, bool atLeast) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  sem = semaphoreWord(r, t, sem, /*write=*/false,
                      atLeast ? "noc_semaphore_wait_min" : "noc_semaphore_wait");
  uint64_t start = t.clock;
  auto ready = [sem, value, atLeast] {
    uint32_t v = *sem;
    return atLeast ? v >= value : v == value;
  };
  r.waitUntil(lock, t, ready, [sem, value, atLeast] {
    return fmt::format("{}(semaphore at 0x{:x}, {}): value is {}",
                       atLeast ? "noc_semaphore_wait_min" : "noc_semaphore_wait",
                       reinterpret_cast<uintptr_t>(sem), value,
                       static_cast<uint32_t>(*sem));
  }, /*poll=*/true);
  // The releasing write is the last one into the semaphore's word (or, if
  // none was seen, e.g. a plain store, the latest NOC write into the core).
  uint32_t off = static_cast<uint32_t>(
      reinterpret_cast<const volatile uint8_t *>(sem) - t.core->l1);
  auto it = t.core->flagWrittenAt.find(off);
  waitFor(t,
          it != t.core->flagWrittenAt.end() ? it->second
                                            : t.core->lastRemoteWrite,
          Stall::Semaphore);
  busyFor(t, r.cost.semaphoreOp);
  r.record(t, "noc_semaphore_wait", start);
}

void semaphoreSet(volatile uint32_t *sem, uint32_t value) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  sem = semaphoreWord(r, t, sem, /*write=*/true, "noc_semaphore_set");
  *sem = value;
  busyFor(t, r.cost.semaphoreOp);
  // Another processor of this core may be waiting on it.
  t.core->noteWrite(static_cast<uint32_t>(
                        reinterpret_cast<volatile uint8_t *>(sem) - t.core->l1),
                    4, t.clock);
  r.sched.changed(*t.core);
}

} // namespace abi
} // namespace ttemu
