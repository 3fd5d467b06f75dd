// Circular-buffer FIFO semantics (reserve/push/wait/pop) with page counts,
// timestamps and misuse checks, for data-movement and compute kernels.
#include <algorithm>

#include <fmt/format.h>

#include "Kernel/RunState.h"
#include "ttemu/kernel_abi.h"
#include "ttemu/kernel_context.h"

namespace ttemu {
namespace {

std::string pages(uint32_t n) {
  return fmt::format("{} page{}", n, n == 1 ? "" : "s");
}

CircularBuffer &cbOf(ThreadRun &t, uint32_t cb) {
  if (cb >= t.core->cbs.size())
    failHere(fmt::format("circular buffer index {} is out of range (0..31)", cb));
  CircularBuffer &c = t.core->cbs[cb];
  if (!c.configured)
    failHere(fmt::format("circular buffer {} is not configured on this core",
                         cb));
  return c;
}

uint8_t *slotPtr(ThreadRun &t, const CircularBuffer &c, uint32_t slot) {
  return t.core->l1 + c.addr + static_cast<size_t>(slot % c.numPages) * c.pageSize;
}

uint32_t asL1Address(uint8_t *p) {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p));
}

} // namespace

namespace abi {

// On a compute core each CB call is done by one TRISC: cb_wait_front and
// cb_pop_front by UNPACK, cb_reserve_back and cb_push_back by PACK (as in
// tt-metal's compute API), so each charges and waits on that TRISC's clock
// and the scheduler orders the call by it.
void cbReserveBack(uint32_t cb, uint32_t n) {
  Run &r = run();
  ThreadRun &t = self();
  useTrisc(t, Trisc::Pack);
  auto lock = lockInTurn(r, t);
  CircularBuffer &c = cbOf(t, cb);
  if (n > c.numPages)
    failHere(fmt::format("CB overflow: cb_reserve_back(cb {}, {}) exceeds the "
                         "capacity of {}",
                         cb, pages(n), pages(c.numPages)));
  uint64_t start = t.clock;
  r.waitUntil(
      lock, t, [&c, n] { return c.numPages - c.visible >= n; },
      [&c, cb, n] {
        return fmt::format("cb_reserve_back(cb {}, {}): {} of {} free", cb,
                           pages(n), c.numPages - c.visible, pages(c.numPages));
      });
  for (uint32_t i = 0; i < n; ++i)
    waitFor(t, c.poppedAt[(c.writeSlot + i) % c.numPages], Stall::CbFull);
  busyFor(t, r.cost.cbOp);
  c.reserved = std::max(c.reserved, n);
  r.record(t, "cb_reserve_back", start);
}

void cbPushBack(uint32_t cb, uint32_t n) {
  Run &r = run();
  ThreadRun &t = self();
  useTrisc(t, Trisc::Pack);
  auto lock = lockInTurn(r, t);
  CircularBuffer &c = cbOf(t, cb);
  // Pushing pages that were never reserved is what the hardware allows as
  // long as they are free (tt-metal's add_2_integers_in_compute packs into an
  // empty CB without cb_reserve_back); it is an overflow once they still hold
  // pages the consumer has not popped.
  if (n > c.reserved && n > c.numPages - c.visible)
    failHere(fmt::format("CB overflow: cb_push_back(cb {}, {}) pushes more "
                         "pages than cb_reserve_back reserved ({}) and than "
                         "are free ({} of {})",
                         cb, pages(n), c.reserved, c.numPages - c.visible,
                         pages(c.numPages)));
  for (uint32_t i = c.reserved; i < n; ++i)
    waitFor(t, c.poppedAt[(c.writeSlot + i) % c.numPages], Stall::CbFull);
  // Data a NOC read is still bringing in must not be published.
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t lo = c.addr + ((c.writeSlot + i) % c.numPages) * c.pageSize;
    uint32_t hi = lo + c.pageSize;
    for (const PendingRead &p : t.pendingReads)
      if (p.l1Offset < hi && p.l1Offset + p.bytes > lo)
        failHere(fmt::format(
            "cb_push_back(cb {}, {}) publishes a page that a NOC read is still "
            "writing: missing noc_async_read_barrier() before cb_push_back",
            cb, pages(n)));
  }
  busyFor(t, r.cost.cbOp);
  for (uint32_t i = 0; i < n; ++i)
    c.pushedAt[(c.writeSlot + i) % c.numPages] = t.clock;
  c.writeSlot = (c.writeSlot + n) % c.numPages;
  // Pages the consumer already popped from a globally allocated CB's
  // resident data are acknowledged; only the rest become visible.
  uint32_t absorbed = std::min(n, c.poppedAhead);
  c.poppedAhead -= absorbed;
  c.visible += n - absorbed;
  c.reserved -= std::min(c.reserved, n);
  c.pushedTotal += n;
  t.packCounter[cb] = 0;
  r.sched.changed(*t.core);
}

void cbWaitFront(uint32_t cb, uint32_t n) {
  Run &r = run();
  ThreadRun &t = self();
  useTrisc(t, Trisc::Unpack);
  auto lock = lockInTurn(r, t);
  CircularBuffer &c = cbOf(t, cb);
  if (n > c.numPages)
    failHere(fmt::format("cb_wait_front(cb {}, {}) exceeds the capacity of {}",
                         cb, pages(n), pages(c.numPages)));
  uint64_t start = t.clock;
  r.waitUntil(
      lock, t, [&c, n] { return c.visible >= n; },
      [&c, cb, n] {
        return fmt::format("cb_wait_front(cb {}, {}): {} pushed", cb, pages(n),
                           pages(c.visible));
      });
  for (uint32_t i = 0; i < n; ++i)
    waitFor(t, c.pushedAt[(c.readSlot + i) % c.numPages], Stall::CbEmpty);
  busyFor(t, r.cost.cbOp);
  c.waited = std::max(c.waited, n);
  r.record(t, "cb_wait_front", start);
}

void cbPopFront(uint32_t cb, uint32_t n) {
  Run &r = run();
  ThreadRun &t = self();
  useTrisc(t, Trisc::Unpack);
  auto lock = lockInTurn(r, t);
  CircularBuffer &c = cbOf(t, cb);
  if (c.global && n > c.waited) {
    // A CB on a globally allocated buffer (sharded data already in L1) may
    // be consumed without cb_wait_front: the device just advances its read
    // pointer and acked count. Waited-for pages go first, then resident
    // pages nobody pushed, up to the CB's capacity.
    uint32_t ahead = n - std::min(n, c.visible);
    if (c.poppedAhead + ahead > c.numPages)
      failHere(fmt::format("CB underflow: cb_pop_front(cb {}, {}) on a "
                           "globally allocated CB pops {} more than were "
                           "pushed, beyond its capacity of {}",
                           cb, pages(n), pages(c.poppedAhead + ahead),
                           pages(c.numPages)));
    busyFor(t, r.cost.cbOp);
    for (uint32_t i = 0; i < n; ++i)
      c.poppedAt[(c.readSlot + i) % c.numPages] = t.clock;
    c.readSlot = (c.readSlot + n) % c.numPages;
    c.visible -= n - ahead;
    c.waited -= std::min(c.waited, n);
    c.poppedAhead += ahead;
    r.sched.changed(*t.core);
    return;
  }
  if (n > c.visible)
    failHere(fmt::format("CB underflow: cb_pop_front(cb {}, {}) but only {} "
                         "available",
                         cb, pages(n), pages(c.visible)));
  if (n > c.waited) {
    // The pages were pushed, so the device's read pointer simply moves on;
    // only the missing cb_wait_front makes it a race.
    warnHere(r, fmt::format("pop-unwaited cb {}", cb),
             fmt::format("cb_pop_front(cb {}, {}) pops pushed pages that "
                         "cb_wait_front did not wait for ({} waited): a race "
                         "on the device, run as the device does",
                         cb, pages(n), c.waited));
    c.waited = n;
  }
  busyFor(t, r.cost.cbOp);
  for (uint32_t i = 0; i < n; ++i)
    c.poppedAt[(c.readSlot + i) % c.numPages] = t.clock;
  c.readSlot = (c.readSlot + n) % c.numPages;
  c.visible -= n;
  c.waited -= n;
  r.sched.changed(*t.core);
}

// The non-blocking queries are yield points that cost an API call: a kernel
// polling one in a loop must let simulated time pass, or the processor that
// would change the answer never becomes first in turn.
bool cbPagesReservableAtBack(uint32_t cb, uint32_t n) {
  Run &r = run();
  ThreadRun &t = self();
  useTrisc(t, Trisc::Pack);
  auto lock = lockInTurn(r, t);
  CircularBuffer &c = cbOf(t, cb);
  busyFor(t, r.cost.apiCall);
  return c.numPages - c.visible >= n;
}

bool cbPagesAvailableAtFront(uint32_t cb, uint32_t n) {
  Run &r = run();
  ThreadRun &t = self();
  useTrisc(t, Trisc::Unpack);
  auto lock = lockInTurn(r, t);
  CircularBuffer &c = cbOf(t, cb);
  busyFor(t, r.cost.apiCall);
  return c.visible >= n;
}

uint32_t cbWritePtr(uint32_t cb) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockRun(r);
  CircularBuffer &c = cbOf(t, cb);
  return asL1Address(slotPtr(t, c, c.writeSlot));
}

uint32_t cbReadPtr(uint32_t cb) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockRun(r);
  CircularBuffer &c = cbOf(t, cb);
  return asL1Address(slotPtr(t, c, c.readSlot));
}

uint32_t cbPageSizeBytes(uint32_t cb) {
  Run &r = run();
  auto lock = lockRun(r);
  return cbOf(self(), cb).pageSize;
}

uint8_t cbFormat(uint32_t cb) {
  Run &r = run();
  auto lock = lockRun(r);
  return static_cast<uint8_t>(cbOf(self(), cb).format);
}

} // namespace abi

// --- The compute-side contract (kernel_context.h) -------------------------------

num::DataFormat toNumFormat(tt::DataFormat f) {
  switch (f) {
  case tt::DataFormat::Float32:
    return num::DataFormat::Float32;
  case tt::DataFormat::Float16:
    return num::DataFormat::Float16;
  case tt::DataFormat::Float16_b:
    return num::DataFormat::Float16_b;
  case tt::DataFormat::Bfp8_b:
    return num::DataFormat::Bfp8_b;
  case tt::DataFormat::Bfp4_b:
    return num::DataFormat::Bfp4_b;
  case tt::DataFormat::UInt32:
    return num::DataFormat::UInt32;
  case tt::DataFormat::Int32:
    return num::DataFormat::Int32;
  case tt::DataFormat::UInt16:
    return num::DataFormat::UInt16;
  case tt::DataFormat::UInt8:
    return num::DataFormat::UInt8;
  default:
    return num::DataFormat::Invalid;
  }
}

uint32_t cbPageSize(uint32_t cb) { return abi::cbPageSizeBytes(cb); }

num::DataFormat cbDataFormat(uint32_t cb) {
  return toNumFormat(static_cast<tt::DataFormat>(abi::cbFormat(cb)));
}

uint8_t *cbFrontPage(uint32_t cb, uint32_t index) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockRun(r);
  CircularBuffer &c = cbOf(t, cb);
  // A globally allocated CB's pages are resident in L1 whether or not they
  // were pushed, so reading them needs no cb_wait_front (as on the device).
  if (index >= c.waited && !(c.global && index < c.numPages)) {
    if (index >= c.visible)
      failHere(fmt::format("reads page {} of cb {} but cb_wait_front made "
                           "only {} visible and only {} are pushed",
                           index, cb, pages(c.waited), pages(c.visible)));
    // Pushed but not waited for (a kernel reading back what it just packed,
    // as tt-metal's softmax examples do): the data is in L1, so the device
    // reads it; the missing wait is a race there.
    warnHere(r, fmt::format("read-unwaited cb {}", cb),
             fmt::format("reads page {} of cb {}, pushed but not made "
                         "visible by cb_wait_front ({} waited): a race on "
                         "the device, run as the device does",
                         index, cb, pages(c.waited)));
  }
  return slotPtr(t, c, c.readSlot + index);
}

uint8_t *cbBackPage(uint32_t cb, uint32_t index) {
  Run &r = run();
  ThreadRun &t = self();
  useTrisc(t, Trisc::Pack);
  auto lock = lockRun(r);
  CircularBuffer &c = cbOf(t, cb);
  // As for cb_push_back: a page beyond the reservation may be written while
  // it is free, as on the device; overwriting an unpopped page is overflow.
  if (index >= c.reserved) {
    if (index >= c.numPages - c.visible)
      failHere(fmt::format("CB overflow: writes page {} of cb {} but "
                           "cb_reserve_back reserved only {} and {} of {} "
                           "are free",
                           index, cb, pages(c.reserved),
                           c.numPages - c.visible, pages(c.numPages)));
    waitFor(t, c.poppedAt[(c.writeSlot + index) % c.numPages], Stall::CbFull);
  }
  return slotPtr(t, c, c.writeSlot + index);
}

uint32_t &cbPackCounter(uint32_t cb) {
  ThreadRun &t = self();
  if (cb >= t.packCounter.size())
    failHere(fmt::format("circular buffer index {} is out of range (0..31)", cb));
  return t.packCounter[cb];
}

} // namespace ttemu
