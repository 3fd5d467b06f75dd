// NOC transfers: address encoding, reads/writes with barriers, multicast,
// and the bounds checks that turn stray addresses into errors.
#include <cstring>

#include <fmt/format.h>

#include "Kernel/RunState.h"
#include "ttemu/kernel_abi.h"

namespace ttemu {
namespace {

// A NOC address: bits 0-35 local address, 36-41 x, 42-47 y. Multicast sets
// bit 63 and carries the end corner in bits 48-53 (x) and 54-59 (y).
constexpr uint64_t kLocalMask = (1ull << 36) - 1;
constexpr uint64_t kMulticastBit = 1ull << 63;
// Unicast addresses from an address generator carry, in bits 48-62 (unused
// by the NOC), the tag of the buffer they were computed for (see
// DeviceState::bufferTag).
constexpr unsigned kTagShift = 48;

uint32_t tagOf(uint64_t nocAddr) {
  return nocAddr & kMulticastBit
             ? 0
             : static_cast<uint32_t>(nocAddr >> kTagShift) &
                   DeviceState::kMaxBufferTag;
}

uint64_t encode(uint64_t x, uint64_t y, uint64_t addr) {
  return (y << 42) | (x << 36) | (addr & kLocalMask);
}

/// encode, failing where a field does not fit: masking it would alias
/// another node or address (e.g. page 2^36/page_size of a buffer onto its
/// page 0), which is how such a bug corrupts memory on the device.
uint64_t encodeChecked(uint64_t x, uint64_t y, uint64_t addr, const char *op) {
  if (x > 63 || y > 63)
    failHere(fmt::format("{}: NOC coordinates ({},{}) do not fit the 6-bit "
                         "x and y fields of a NOC address",
                         op, x, y));
  if (addr > kLocalMask)
    failHere(fmt::format("{}: address 0x{:x} does not fit the 36-bit local "
                         "address of a NOC address",
                         op, addr));
  return encode(x, y, addr);
}

struct Target {
  uint8_t *ptr = nullptr;
  NocNode node;
  CoreRun *core = nullptr;
};

Target resolve(Run &r, uint64_t nocAddr, uint32_t bytes, bool write,
               const char *op) {
  if (nocAddr & kMulticastBit)
    failHere(fmt::format("{} was given a multicast NOC address", op));
  uint32_t x = (nocAddr >> 36) & 63, y = (nocAddr >> 42) & 63;
  uint64_t local = nocAddr & kLocalMask;
  Target t;
  t.node = r.dev.nodeAt(x, y);
  switch (t.node.kind) {
  case NocNode::Worker: {
    auto off = local <= 0xffffffffu ? r.dev.l1Offset(static_cast<uint32_t>(local))
                                    : std::nullopt;
    if (!off || *off + uint64_t(bytes) > r.dev.arch.l1Size)
      failHere(fmt::format("{} of {} bytes at 0x{:x} on core ({},{}) is "
                           "outside its L1 ({} bytes)",
                           op, bytes, local, t.node.x, t.node.y,
                           r.dev.arch.l1Size));
    t.core = r.coreAt(t.node.x, t.node.y);
    if (auto *named = r.dev.bufferByTag(tagOf(nocAddr)); named && named->is_l1())
      checkNamedL1Access(r, *t.core, *off, bytes, *named, op);
    checkL1Access(r, *t.core, *off, bytes, write, op);
    t.ptr = t.core->l1 + *off;
    return t;
  }
  case NocNode::Dram: {
    auto *named = r.dev.bufferByTag(tagOf(nocAddr));
    if (named && !named->is_dram())
      named = nullptr;
    checkDramAccess(r, t.node.bank, local, bytes, named, op);
    auto *buf = named ? named : r.dev.dramBufferHolding(local);
    t.ptr = buf->bankPtr(t.node.bank, local - buf->address());
    return t;
  }
  case NocNode::None:
    break;
  }
  failHere(fmt::format("{}: NOC address 0x{:x} names no core or DRAM bank "
                       "(NOC x={}, y={})",
                       op, nocAddr, x, y));
}

uint8_t *localPtr(Run &r, ThreadRun &t, uint32_t addr, uint32_t bytes,
                  bool write, const char *op) {
  auto off = r.dev.l1Offset(addr);
  if (!off || *off + uint64_t(bytes) > r.dev.arch.l1Size)
    failHere(fmt::format("{}: local L1 address 0x{:x} (+{} bytes) is outside "
                         "L1 ({} bytes)",
                         op, addr, bytes, r.dev.arch.l1Size));
  checkL1Access(r, *t.core, *off, bytes, write, op);
  return t.core->l1 + *off;
}

/// Where a NOC endpoint sits on the real chip (the cost model's layout).
NocPoint physical(const Run &r, const NocNode &n) {
  return n.kind == NocNode::Dram ? r.layout.dram(n.bank)
                                 : r.layout.worker(n.x, n.y);
}

/// When the links of a route have carried a transfer: the first (the
/// packet has left the source router) and the last.
struct LinkSpan {
  uint64_t first, last;
};

/// Holds every link of `links` for a transfer of `bytes` issued at `issue`.
/// Transfers take a busy link in turn, except that a read response
/// (`read` names it, else Run::kNoRead) meeting a response to another reader
/// on a link shares it with that one, flit by flit, as the routers interleave
/// packets of different virtual channels: both go at half rate while they
/// overlap, which moves the earlier one's end later (readLinkEnd; its
/// reader's barrier sees that, docs/SCHEDULING.md).
LinkSpan occupyLinks(Run &r, const std::vector<uint32_t> &links, uint32_t bytes,
                     uint64_t issue, uint32_t read = Run::kNoRead) {
  uint64_t hold = r.cost.linkCycles(bytes);
  LinkSpan span{issue, issue};
  for (size_t i = 0; i < links.size(); ++i) {
    uint64_t &free = r.linkFree[links[i]];
    uint32_t &lastRead = r.linkLastRead[links[i]];
    uint64_t end;
    // Responses to one reader arrive through its one NIU in order: only
    // responses to different readers interleave.
    if (read != Run::kNoRead && lastRead != Run::kNoRead && free > issue &&
        r.readReader[lastRead] != r.readReader[read]) {
      // The other response has `rest` cycles of flits left here: the two
      // alternate until the shorter is through, then the other goes alone.
      uint64_t rest = free - issue, both = std::min(rest, hold);
      uint64_t other = issue + 2 * both + (rest - both);
      end = issue + 2 * both + (hold - both);
      r.readLinkEnd[lastRead] = std::max(r.readLinkEnd[lastRead], other);
      free = std::max(other, end);
    } else {
      end = std::max(issue, free) + hold;
      free = end;
    }
    lastRead = read;
    if (i == 0)
      span.first = end;
    span.last = std::max(span.last, end);
  }
  return span;
}

/// When a transfer from/to `target` through this core's port lands at its
/// destination and when its response is back (a read's data, a write's
/// acknowledgement): the port, for DRAM the bank, and every link the data
/// crosses (a read's response route, a write's request route, on the
/// kernel's NOC) are held for the payload, then the packet flies
/// (docs/COST_MODEL.md, "Data movement"). `sent` is when the payload has
/// left the core: its port and the first link of its route have carried it
/// (what noc_async_writes_flushed waits for).
struct Flight {
  uint64_t arrive, ack, sent;
  /// A read: its entry in Run::readLinkEnd, and the cycles from its last
  /// link to its completion.
  uint32_t xfer = Run::kNoRead;
  uint64_t tail = 0;
};

Flight transfer(Run &r, ThreadRun &t, const Target &target, uint32_t bytes,
                uint64_t issue, bool read, bool programmed = true) {
  uint32_t noc = t.kernel->noc & 1;
  uint64_t end = Run::occupy(t.core->nocPortFree, issue, bytes,
                             r.cost.nocBytesPerCycle, 0);
  uint64_t sent = end;
  uint32_t dram = 0;
  if (target.node.kind == NocNode::Dram) {
    end = std::max(end, Run::occupy(r.dramBankFree[target.node.bank], issue,
                                    bytes, r.cost.dramBytesPerCycle, 0));
    dram = r.cost.dramLatency;
    // One core's interleaved DRAM reads come back no faster than the
    // measured single-reader rate, however many banks they spread over.
    if (read && programmed)
      end = std::max(end, Run::occupy(r.linkFree[r.layout.numLinks() +
                                                 r.dev.coreIndex(t.core->x,
                                                                 t.core->y)],
                                      issue, bytes,
                                      r.cost.dramReadBytesPerCycle, 0));
  }
  NocPoint self = r.layout.worker(t.core->x, t.core->y);
  NocPoint other = physical(r, target.node);
  uint32_t xfer = Run::kNoRead;
  if (read) {
    xfer = static_cast<uint32_t>(r.readLinkEnd.size());
    r.readLinkEnd.push_back(0);
    r.readReader.push_back(r.dev.coreIndex(t.core->x, t.core->y));
  }
  LinkSpan links = occupyLinks(r,
                               read ? r.layout.unicastLinks(noc, other, self)
                                    : r.layout.unicastLinks(noc, self, other),
                               bytes, issue, xfer);
  uint64_t tail = r.cost.nocRoundTrip + dram;
  if (read) {
    // The links' part may still move (a later response sharing one).
    r.readLinkEnd[xfer] = links.last;
    return {end + r.cost.nocOneWay + dram, end + tail, sent, xfer, tail};
  }
  end = std::max(end, links.last);
  sent = std::max(sent, links.first);
  return {end + r.cost.nocOneWay + dram, end + tail, sent};
}

struct Rect {
  uint32_t x0, y0, x1, y1; // logical, inclusive
};

Rect multicastRect(Run &r, uint64_t nocAddr, const char *op) {
  if (!(nocAddr & kMulticastBit))
    failHere(fmt::format("{} needs a multicast address from "
                         "get_noc_multicast_addr",
                         op));
  uint32_t xs = (nocAddr >> 36) & 63, ys = (nocAddr >> 42) & 63;
  uint32_t xe = (nocAddr >> 48) & 63, ye = (nocAddr >> 54) & 63;
  NocNode a = r.dev.nodeAt(xs, ys), b = r.dev.nodeAt(xe, ye);
  if (a.kind != NocNode::Worker || b.kind != NocNode::Worker)
    failHere(fmt::format("{}: multicast rectangle NOC ({},{})-({},{}) is not "
                         "made of worker cores",
                         op, xs, ys, xe, ye));
  return {a.x, a.y, b.x, b.y};
}

/// Writes `bytes` from `src` to every core of the rectangle (the sender
/// only if `includeSelf`), checking the destination count.
void multicast(Run &r, ThreadRun &t, const uint8_t *src, uint64_t dst,
               uint32_t bytes, uint32_t numDests, bool includeSelf,
               const char *op) {
  Rect rect = multicastRect(r, dst, op);
  uint32_t local = static_cast<uint32_t>(dst & kLocalMask);
  std::vector<CoreRun *> dests;
  for (uint32_t y = rect.y0; y <= rect.y1; ++y)
    for (uint32_t x = rect.x0; x <= rect.x1; ++x)
      if (includeSelf || x != t.core->x || y != t.core->y)
        dests.push_back(r.coreAt(x, y));
  if (dests.size() != numDests)
    failHere(fmt::format("{}: num_dests is {} but the rectangle ({},{})-({},{}) "
                         "holds {} destination cores",
                         op, numDests, rect.x0, rect.y0, rect.x1, rect.y1,
                         dests.size()));
  auto off = r.dev.l1Offset(local);
  if (!off || *off + uint64_t(bytes) > r.dev.arch.l1Size)
    failHere(fmt::format("{} of {} bytes to L1 address 0x{:x} is outside L1",
                         op, bytes, local));
  uint64_t issue = t.clock;
  busyFor(t, r.cost.nocIssue);
  // The port is held for the multicast's set-up and payload (a measured
  // rate per destination count, below the link's); the data lands a flight
  // later and the acknowledgements are back a round trip later.
  uint32_t noc = t.kernel->noc & 1;
  uint64_t &port = t.core->nocPortFree;
  uint64_t start = std::max(issue, port);
  port = start + r.cost.multicastCycles(bytes, numDests);
  // The tree's links carry the payload once each.
  LinkSpan links = occupyLinks(
      r,
      r.layout.multicastLinks(noc, r.layout.worker(t.core->x, t.core->y),
                              r.layout.worker(rect.x0, rect.y0),
                              r.layout.worker(rect.x1, rect.y1)),
      bytes, start);
  uint64_t end = std::max(port, links.last);
  // It has left the core once the port is released (the measured hold
  // covers the path set-up and the payload) and its first link carried it.
  t.writesSentAt = std::max(t.writesSentAt, std::max(port, links.first));
  uint64_t arrive = end + r.cost.nocOneWay;
  uint64_t done = end + r.cost.nocRoundTrip;
  for (CoreRun *c : dests)
    checkL1Access(r, *c, *off, bytes, /*write=*/true, op);
  for (CoreRun *c : dests) {
    if (!r.skipsData(bytes))
      std::memmove(c->l1 + *off, src, bytes);
    c->noteWrite(*off, bytes, arrive);
    r.sched.changed(*c);
  }
  t.writesDoneAt = std::max(t.writesDoneAt, done);
}

} // namespace

namespace abi {

uint64_t nocUnicastAddr(uint32_t x, uint32_t y, uint32_t addr) {
  return encodeChecked(x, y, addr, "get_noc_addr");
}

uint64_t nocLocalAddr(uint32_t addr) {
  ThreadRun &t = self();
  return encode(t.myX[0], t.myY[0], addr);
}

uint64_t nocMulticastAddr(uint32_t xStart, uint32_t yStart, uint32_t xEnd,
                          uint32_t yEnd, uint32_t addr) {
  // NOC 1 programs pass the corners swapped; normalise.
  uint64_t x0 = std::min(xStart, xEnd), x1 = std::max(xStart, xEnd);
  uint64_t y0 = std::min(yStart, yEnd), y1 = std::max(yStart, yEnd);
  encodeChecked(x1, y1, 0, "get_noc_multicast_addr"); // the end corner
  return kMulticastBit | (y1 << 54) | (x1 << 48) |
         encodeChecked(x0, y0, addr, "get_noc_multicast_addr");
}

uint64_t nocInterleavedAddr(bool dram, uint32_t page, uint32_t bankBase,
                            uint32_t pageSize, uint32_t offset) {
  Run &r = run();
  const ArchSpec &a = r.dev.arch;
  if (pageSize == 0)
    failHere(fmt::format("page {} of the interleaved buffer at 0x{:x}: the "
                         "address generator or TensorAccessor has page size 0",
                         page, bankBase));
  if (dram) {
    uint32_t bank = page % a.numDramBanks;
    uint64_t addr = bankBase +
                    uint64_t(page / a.numDramBanks) * alignUp(pageSize, a.dramAlignment) +
                    offset;
    CoreCoord n = r.dev.dramNoc(bank);
    return encodeChecked(n.x, n.y, addr, "get_noc_addr (DRAM page)") |
           uint64_t(r.dev.bufferTag(true, bankBase)) << kTagShift;
  }
  uint32_t bank = page % a.numCores();
  uint64_t addr = bankBase +
                  uint64_t(page / a.numCores()) * alignUp(pageSize, a.l1Alignment) +
                  offset;
  CoreCoord c = r.dev.l1BankCore(bank);
  CoreCoord n = r.dev.workerNoc(c.x, c.y);
  return encodeChecked(n.x, n.y, addr, "get_noc_addr (L1 page)") |
         uint64_t(r.dev.bufferTag(false, bankBase)) << kTagShift;
}

uint64_t nocBankAddr(bool dram, uint32_t bank, uint32_t addr) {
  Run &r = run();
  const ArchSpec &a = r.dev.arch;
  uint32_t banks = dram ? a.numDramBanks : a.numCores();
  if (bank >= banks)
    failHere(fmt::format("get_noc_addr_from_bank_id: {} bank {} does not "
                         "exist ({} banks)",
                         dram ? "DRAM" : "L1", bank, banks));
  CoreCoord n = dram ? r.dev.dramNoc(bank)
                     : r.dev.workerNoc(r.dev.l1BankCore(bank).x,
                                       r.dev.l1BankCore(bank).y);
  return encode(n.x, n.y, addr);
}

uint8_t *l1Ptr(uint32_t addr) {
  Run &r = run();
  return localPtr(r, self(), addr, 0, /*write=*/false, "L1 access");
}

namespace {
/// A read; `issueCycles` is what issuing it costs the calling thread (a
/// read with preset state skips programming the command buffer).
void issueRead(uint64_t src, uint32_t dstL1, uint32_t bytes,
               uint32_t issueCycles, bool programmed) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  Target from = resolve(r, src, bytes, /*write=*/false, "noc_async_read");
  uint8_t *to = localPtr(r, t, dstL1, bytes, /*write=*/true, "noc_async_read");
  if (!r.skipsData(bytes))
    std::memmove(to, from.ptr, bytes);
  uint64_t issue = t.clock;
  busyFor(t, issueCycles);
  Flight f = transfer(r, t, from, bytes, issue, /*read=*/true, programmed);
  t.pendingReads.push_back({static_cast<uint32_t>(to - t.core->l1), bytes,
                            f.ack, t.readTrid, f.xfer, f.tail});
  r.record(t, "noc_async_read", issue);
}

} // namespace

void nocRead(uint64_t src, uint32_t dstL1, uint32_t bytes) {
  issueRead(src, dstL1, bytes, run().cost.nocReadIssue, /*programmed=*/true);
}

void nocReadSetState(uint64_t src, uint32_t bytes) {
  ThreadRun &t = self();
  t.readStateNode = src & ~kLocalMask;
  t.readStateBytes = bytes;
}

void nocReadWithState(uint32_t srcAddr, uint32_t dstL1, uint32_t bytes) {
  ThreadRun &t = self();
  issueRead(t.readStateNode | srcAddr, dstL1,
            bytes ? bytes : t.readStateBytes, run().cost.nocIssue,
            /*programmed=*/false);
}

void nocWrite(uint32_t srcL1, uint64_t dst, uint32_t bytes) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  uint8_t *from = localPtr(r, t, srcL1, bytes, /*write=*/false,
                           "noc_async_write");
  Target to = resolve(r, dst, bytes, /*write=*/true, "noc_async_write");
  if (!r.skipsData(bytes))
    std::memmove(to.ptr, from, bytes);
  uint64_t issue = t.clock;
  busyFor(t, r.cost.nocIssue);
  Flight f = transfer(r, t, to, bytes, issue, /*read=*/false);
  t.writesDoneAt = std::max(t.writesDoneAt, f.ack);
  t.writesSentAt = std::max(t.writesSentAt, f.sent);
  if (to.core) {
    to.core->noteWrite(static_cast<uint32_t>(to.ptr - to.core->l1), bytes,
                       f.arrive);
    r.sched.changed(*to.core);
  }
  r.record(t, "noc_async_write", issue);
}

void nocWriteMulticast(uint32_t srcL1, uint64_t dst, uint32_t bytes,
                       uint32_t numDests, bool includeSelf) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  uint8_t *from = localPtr(r, t, srcL1, bytes, /*write=*/false,
                           "noc_async_write_multicast");
  multicast(r, t, from, dst, bytes, numDests, includeSelf,
            "noc_async_write_multicast");
}

void semaphoreSetMulticast(uint32_t srcL1, uint64_t dst, uint32_t numDests,
                           bool includeSelf) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  uint8_t *from = localPtr(r, t, srcL1, 4, /*write=*/false,
                           "noc_semaphore_set_multicast");
  multicast(r, t, from, dst, 4, numDests, includeSelf,
            "noc_semaphore_set_multicast");
}

namespace {
/// Waits until every pending read that `which` selects is complete, then
/// drops them. A read's completion moves later when a response issued
/// after it shares one of its links, so the wait is a yield point: once
/// this processor is first in turn at the completion time, every processor
/// earlier in simulated time has made its claims, and a completion that
/// did not move is final.
template <typename Which>
void waitForReads(Run &r, ThreadRun &t, std::unique_lock<std::mutex> &lock,
                  Which which) {
  for (;;) {
    uint64_t until = t.clock;
    for (const PendingRead &p : t.pendingReads)
      if (which(p))
        until = std::max(until, r.completionOf(p));
    if (until <= t.clock)
      break;
    waitFor(t, until, Stall::NocRead);
    r.sched.yield(lock, t);
  }
  std::erase_if(t.pendingReads, which);
}
} // namespace

void nocReadBarrier() {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockRun(r);
  uint64_t start = t.clock;
  waitForReads(r, t, lock, [](const PendingRead &) { return true; });
  busyFor(t, r.cost.apiCall);
  r.record(t, "noc_async_read_barrier", start);
}

void nocReadSetTrid(uint32_t trid) { self().readTrid = trid; }

void nocReadBarrierTrid(uint32_t trid) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockRun(r);
  uint64_t start = t.clock;
  waitForReads(r, t, lock,
               [trid](const PendingRead &p) { return p.trid == trid; });
  busyFor(t, r.cost.apiCall);
  r.record(t, "noc_async_read_barrier_with_trid", start);
}

void nocWriteBarrier() {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockRun(r);
  uint64_t start = t.clock;
  waitFor(t, t.writesDoneAt, Stall::NocWrite);
  busyFor(t, r.cost.apiCall);
  r.record(t, "noc_async_write_barrier", start);
}

void nocWritesFlushed() {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockRun(r);
  uint64_t start = t.clock;
  waitFor(t, t.writesSentAt, Stall::NocWrite);
  busyFor(t, r.cost.apiCall);
  r.record(t, "noc_async_writes_flushed", start);
}

void nocAtomicBarrier() {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockRun(r);
  waitFor(t, t.atomicsDoneAt, Stall::NocWrite);
  busyFor(t, r.cost.apiCall);
}

void semaphoreInc(uint64_t dst, uint32_t incr) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  Target to = resolve(r, dst, 4, /*write=*/true, "noc_semaphore_inc");
  if (!to.core)
    failHere("noc_semaphore_inc: the destination is not a worker core's L1");
  if (reinterpret_cast<uintptr_t>(to.ptr) % 4)
    failHere("noc_semaphore_inc: the semaphore address is not 4-byte aligned");
  auto *word = reinterpret_cast<uint32_t *>(to.ptr);
  __atomic_fetch_add(word, incr, __ATOMIC_SEQ_CST);
  // An atomic is a NOC request like a write: the destination sees it a
  // flight later, the acknowledgement (noc_async_atomic_barrier) is back a
  // round trip later.
  busyFor(t, r.cost.nocIssue);
  t.atomicsDoneAt = std::max(t.atomicsDoneAt, t.clock + r.cost.nocRoundTrip);
  to.core->noteWrite(static_cast<uint32_t>(to.ptr - to.core->l1), 4,
                     t.clock + r.cost.nocOneWay);
  r.sched.changed(*to.core);
}

} // namespace abi
} // namespace ttemu
