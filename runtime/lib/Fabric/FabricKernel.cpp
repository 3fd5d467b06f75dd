// The kernel side of the fabric (ttemu/fabric_abi.h): connections, packet
// header pools, and sending a packet: its destination is resolved and
// checked on the sender's turn, its time is charged over the modelled
// links, and it is delivered to the other chip when the mesh's time
// reaches its arrival (docs/MESH.md, "Fabric").
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include <fabric/fabric_edm_packet_header.hpp>

#include "Fabric/Fabric.h"
#include "Kernel/L1Regions.h"
#include "Kernel/RunState.h"
#include "ttemu/fabric_abi.h"

namespace ttemu {
namespace {

using tt::tt_fabric::PacketHeader;

// Packet header pools: 16 headers of 64 bytes per processor, in reserved
// L1 above the semaphores (which end at 0x1100).
constexpr uint32_t kHeaderPoolBase = 0x2000;
constexpr uint32_t kHeadersPerProcessor = 16;

struct Conn {
  LinkDir dir;
  uint32_t src, dst, link;
};

std::string chipName(const FabricMesh &m, uint32_t chip) {
  return m.chipName(chip);
}

FabricMesh &meshOf(Run &r, const char *op) {
  if (!r.fabric)
    failHere(fmt::format(
        "{}: no fabric: call tt::tt_fabric::SetFabricConfig(FabricConfig::"
        "FABRIC_1D) before MeshDevice::create, on a mesh of more than one "
        "chip",
        op));
  return *r.fabric->mesh;
}

Conn decode(Run &r, const uint32_t *w, const char *op) {
  FabricMesh &m = meshOf(r, op);
  if ((w[0] & 0xFFFFFF00u) != abi::kFabricConnectionTag || (w[0] & 0xff) > 3)
    failHere(fmt::format("{}: the connection's runtime arguments (0x{:x}, ...) "
                         "were not made by append_fabric_connection_rt_args",
                         op, w[0]));
  Conn c{static_cast<LinkDir>(w[0] & 0xff), w[1], w[2], w[3]};
  if (c.src >= m.numChips() || c.dst >= m.numChips())
    failHere(fmt::format("{}: the connection names chip {} -> {} of a {}-chip "
                         "mesh",
                         op, c.src, c.dst, m.numChips()));
  if (c.src != r.fabric->chip)
    failHere(fmt::format("{}: the connection was made for a kernel on {} but "
                         "runs on {}",
                         op, chipName(m, c.src), chipName(m, r.fabric->chip)));
  return c;
}

FabricMesh::Channel &channelOf(Run &r, ThreadRun &t, const Conn &c) {
  return r.fabric->mesh->channel(c.src, t.core->x, t.core->y,
                                 static_cast<int>(t.processor), c.dir, c.link);
}

/// A destination NOC address on chip `chip`: the emulator's NOC coordinates,
/// or on Wormhole the translated worker coordinates tt-metal's kernels use
/// (logical (x, y) at (18 + x, 18 + y)).
struct Dest {
  uint8_t *ptr = nullptr;
  int coreX = -1, coreY = -1;
};

Dest resolveRemote(Run &r, FabricMesh &m, uint32_t chip, uint64_t nocAddr,
                   uint32_t bytes, const char *what) {
  DeviceState &dev = m.chip(chip);
  uint32_t x = (nocAddr >> 36) & 63, y = (nocAddr >> 42) & 63;
  uint64_t local = nocAddr & ((1ull << 36) - 1);
  NocNode n = dev.nodeAt(x, y);
  if (n.kind == NocNode::None && dev.arch.arch == tt::ARCH::WORMHOLE_B0 &&
      x >= 18 && y >= 18 && dev.inGrid(x - 18, y - 18)) {
    n.kind = NocNode::Worker;
    n.x = x - 18;
    n.y = y - 18;
  }
  Dest d;
  switch (n.kind) {
  case NocNode::Worker: {
    // An L1 address as the sender's kernel knows it: an offset, or a
    // pointer into the sender's own L1 (get_write_ptr's value), which on
    // the device is the same offset on every chip.
    std::optional<uint32_t> off;
    if (local <= 0xffffffffu) {
      off = r.dev.l1Offset(static_cast<uint32_t>(local));
      if (!off)
        off = dev.l1Offset(static_cast<uint32_t>(local));
    }
    if (!off || *off + uint64_t(bytes) > dev.arch.l1Size)
      failHere(fmt::format("fabric {} of {} bytes at 0x{:x} on core ({},{}) "
                           "of {} is outside its L1 ({} bytes)",
                           what, bytes, local, n.x, n.y, chipName(m, chip),
                           dev.arch.l1Size));
    if (*off < dev.arch.l1UnreservedBase)
      failHere(fmt::format("fabric {} at 0x{:x} on core ({},{}) of {} would "
                           "overwrite the firmware-reserved L1 below 0x{:x}",
                           what, local, n.x, n.y, chipName(m, chip),
                           dev.arch.l1UnreservedBase));
    d.ptr = dev.l1(n.x, n.y) + *off;
    d.coreX = static_cast<int>(n.x);
    d.coreY = static_cast<int>(n.y);
    return d;
  }
  case NocNode::Dram: {
    tt::tt_metal::Buffer *buf = dev.dramBufferHolding(local);
    if (!buf || local + bytes > buf->address() + buf->aligned_size_per_bank())
      failHere(fmt::format("fabric {} of {} bytes at 0x{:x} in DRAM bank {} of "
                           "{} is not inside one DRAM buffer",
                           what, bytes, local, n.bank, chipName(m, chip)));
    d.ptr = buf->bankPtr(n.bank, local - buf->address());
    return d;
  }
  case NocNode::None:
    break;
  }
  failHere(fmt::format("fabric {}: NOC address 0x{:x} names no core or DRAM "
                       "bank of {} (NOC x={}, y={})",
                       what, nocAddr, chipName(m, chip), x, y));
}

uint64_t cyclesFor(uint64_t bytes, double perCycle) {
  return static_cast<uint64_t>(std::ceil(bytes / perCycle));
}

} // namespace

namespace abi {

void fabricCheckConnection(const uint32_t *conn, uint32_t argIndex) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  std::string op = fmt::format(
      "WorkerToFabricEdmSender::build_from_args (runtime argument {})",
      argIndex);
  decode(r, conn, op.c_str());
  busyFor(t, r.cost.apiCall * kFabricConnectionWords);
}

void fabricOpen(const uint32_t *conn) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  Conn c = decode(r, conn, "fabric connection open");
  channelOf(r, t, c).open = true;
  // The worker registers with the router and reads its state back: a NOC
  // round trip.
  busyFor(t, r.cost.nocRoundTrip);
}

void fabricClose(const uint32_t *conn) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  Conn c = decode(r, conn, "fabric connection close");
  FabricMesh::Channel &ch = channelOf(r, t, c);
  if (!ch.open)
    failHere("fabric connection close: the connection is not open");
  // Closing waits for the packets still in the channel to leave.
  for (uint64_t f : ch.slotFree)
    waitFor(t, f, Stall::NocWrite);
  ch.open = false;
  busyFor(t, r.cost.nocRoundTrip);
}

bool fabricHasSlot(const uint32_t *conn) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  Conn c = decode(r, conn, "edm_has_space_for_packet");
  FabricMesh::Channel &ch = channelOf(r, t, c);
  busyFor(t, r.cost.apiCall);
  return ch.slotFree[ch.next] <= t.clock;
}

void fabricWaitForSlot(const uint32_t *conn) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  Conn c = decode(r, conn, "wait_for_empty_write_slot");
  FabricMesh::Channel &ch = channelOf(r, t, c);
  if (!ch.open)
    failHere("wait_for_empty_write_slot: the fabric connection is not open "
             "(build_from_args with BUILD_AND_OPEN_CONNECTION, or open())");
  waitFor(t, ch.slotFree[ch.next], Stall::NocWrite);
  busyFor(t, r.cost.apiCall);
}

void fabricStagePayload(const uint32_t *conn, uint32_t addr, uint32_t bytes) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  const char *op = "send_payload_without_header_non_blocking_from_address";
  Conn c = decode(r, conn, op);
  FabricMesh &m = *r.fabric->mesh;
  FabricMesh::Channel &ch = channelOf(r, t, c);
  if (!ch.open)
    failHere(fmt::format("{}: the fabric connection is not open", op));
  if (bytes > m.link().maxPayload)
    failHere(fmt::format("{}: {} bytes exceed the fabric's maximum payload of "
                         "{} bytes (get_tt_fabric_max_payload_size_bytes)",
                         op, bytes, m.link().maxPayload));
  auto off = r.dev.l1Offset(addr);
  if (!off || *off + uint64_t(bytes) > r.dev.arch.l1Size)
    failHere(fmt::format("{}: local L1 address 0x{:x} (+{} bytes) is outside "
                         "L1",
                         op, addr, bytes));
  checkL1Access(r, *t.core, *off, bytes, /*write=*/false, op);
  ch.staged.assign(t.core->l1 + *off, t.core->l1 + *off + bytes);
  ch.hasStaged = true;
  // The payload goes to the router's slot over this core's NOC port.
  uint64_t issue = t.clock;
  busyFor(t, r.cost.nocIssue);
  uint64_t left = Run::occupy(t.core->nocPortFree, issue, bytes,
                              r.cost.nocBytesPerCycle, 0);
  t.writesDoneAt = std::max(t.writesDoneAt, left + r.cost.nocOneWay);
  r.record(t, "fabric_payload", issue);
}

void fabricSend(const uint32_t *conn, uint32_t addr, uint32_t bytes,
                bool blocking) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  const char *op = "fabric send (send_payload_*_from_address)";
  Conn c = decode(r, conn, op);
  FabricMesh &m = *r.fabric->mesh;
  const EthLinkSpec &spec = m.link();
  FabricMesh::Channel &ch = channelOf(r, t, c);
  if (!ch.open)
    failHere(fmt::format("{}: the fabric connection is not open", op));
  if (bytes < sizeof(PacketHeader))
    failHere(fmt::format("{}: {} bytes cannot hold a packet header ({} "
                         "bytes, sizeof(PACKET_HEADER_TYPE))",
                         op, bytes, sizeof(PacketHeader)));
  auto off = r.dev.l1Offset(addr);
  if (!off || *off + uint64_t(bytes) > r.dev.arch.l1Size)
    failHere(fmt::format("{}: local L1 address 0x{:x} (+{} bytes) is outside "
                         "L1",
                         op, addr, bytes));
  PacketHeader h;
  std::memcpy(&h, t.core->l1 + *off, sizeof h);
  // The payload: what follows the header in the same buffer, or what
  // send_payload_without_header staged.
  std::vector<uint8_t> payload;
  if (bytes > sizeof h)
    payload.assign(t.core->l1 + *off + sizeof h, t.core->l1 + *off + bytes);
  else if (ch.hasStaged)
    payload = std::move(ch.staged);
  ch.staged.clear();
  ch.hasStaged = false;

  bool writes = h.noc_send_type == tt::tt_fabric::NOC_UNICAST_WRITE ||
                h.noc_send_type == tt::tt_fabric::NOC_FUSED_UNICAST_ATOMIC_INC;
  bool incs = h.noc_send_type == tt::tt_fabric::NOC_UNICAST_ATOMIC_INC ||
              h.noc_send_type == tt::tt_fabric::NOC_FUSED_UNICAST_ATOMIC_INC;
  bool inline_ = h.noc_send_type == tt::tt_fabric::NOC_UNICAST_INLINE_WRITE;
  if (!writes && !incs && !inline_)
    failHere(fmt::format("{}: the packet header has no NOC command (call "
                         "to_noc_unicast_write, to_noc_unicast_atomic_inc or "
                         "to_noc_fused_unicast_write_atomic_inc first)",
                         op));
  if (!h.route_set || h.range_hops == 0 || h.start_hops == 0)
    failHere(fmt::format("{}: the packet header has no route (call "
                         "fabric_set_unicast_route or fabric_set_mcast_route "
                         "with at least one hop)",
                         op));
  if (writes && payload.size() < h.payload_size_bytes)
    failHere(fmt::format("{}: the header writes {} bytes but only {} were "
                         "sent with it",
                         op, h.payload_size_bytes, payload.size()));
  if (h.payload_size_bytes > spec.maxPayload)
    failHere(fmt::format("{}: a payload of {} bytes exceeds the fabric's "
                         "maximum of {} bytes",
                         op, h.payload_size_bytes, spec.maxPayload));
  uint32_t dataBytes = writes ? h.payload_size_bytes : inline_ ? 4 : 0;
  if (inline_)
    payload.assign(reinterpret_cast<uint8_t *>(&h.val),
                   reinterpret_cast<uint8_t *>(&h.val) + 4);
  uint32_t lastHop = h.start_hops + h.range_hops - 1;
  // Every chip it reaches, checked now, on the sender's turn.
  std::vector<FabricDelivery> out;
  for (uint32_t hop = h.start_hops; hop <= lastHop; ++hop) {
    int chip = m.topology().step(c.src, c.dir, hop);
    if (chip < 0 || static_cast<uint32_t>(chip) == c.src)
      failHere(fmt::format(
          "{}: {} hop(s) {} from {} {} the {}x{} mesh{}", op, hop,
          linkDirName(c.dir), chipName(m, c.src),
          chip < 0 ? "leave" : "come back to it around", m.topology().rows,
          m.topology().cols,
          chip < 0 ? " (FABRIC_1D is linear; FABRIC_1D_RING wraps)" : ""));
    FabricDelivery d;
    d.chip = static_cast<uint32_t>(chip);
    if (writes || inline_) {
      Dest w = resolveRemote(r, m, d.chip, h.noc_address, dataBytes, "write");
      d.writePtr = w.ptr;
      d.writeCoreX = w.coreX;
      d.writeCoreY = w.coreY;
      d.data.assign(payload.begin(), payload.begin() + dataBytes);
    }
    if (incs) {
      Dest s = resolveRemote(r, m, d.chip, h.semaphore_noc_address, 4,
                             "atomic increment");
      if (s.coreX < 0)
        failHere(fmt::format("{}: the atomic increment's address is not in a "
                             "worker core's L1",
                             op));
      if (reinterpret_cast<uintptr_t>(s.ptr) % 4)
        failHere(
            fmt::format("{}: the semaphore address is not 4-byte aligned", op));
      d.incPtr = reinterpret_cast<uint32_t *>(s.ptr);
      d.incr = h.val;
      d.incCoreX = s.coreX;
      d.incCoreY = s.coreY;
    }
    out.push_back(std::move(d));
  }

  // Time (docs/MESH.md, "Time over the links"): the header (and a payload
  // that follows it) goes to the router's slot over this core's NOC port;
  // then the packet crosses link after link, each held for its bytes,
  // each hop adding its latency; at a destination the router writes it
  // over that chip's NOC.
  uint64_t issue = t.clock;
  busyFor(t, r.cost.nocIssue);
  uint64_t left = Run::occupy(t.core->nocPortFree, issue, bytes,
                              r.cost.nocBytesPerCycle, 0);
  uint64_t atRouter = left + r.cost.nocOneWay;
  uint64_t wire = spec.headerBytes + dataBytes;
  uint64_t serialise = cyclesFor(wire, spec.bytesPerCycle);
  uint64_t landing =
      cyclesFor(dataBytes ? dataBytes : 4, r.cost.nocBytesPerCycle) +
      r.cost.nocOneWay;
  uint64_t at = atRouter, slotFree = 0;
  uint32_t chip = c.src;
  size_t next = 0;
  for (uint32_t hop = 1; hop <= lastHop; ++hop) {
    uint64_t &free = m.linkFree(chip, c.dir, c.link);
    uint64_t start = std::max(at, free);
    free = start + serialise;
    if (hop == 1)
      slotFree = free; // the sender's slot is free once it is on the wire
    at = free + spec.hopCycles;
    chip = static_cast<uint32_t>(m.topology().step(chip, c.dir, 1));
    m.linkBytes += wire;
    if (hop >= h.start_hops) {
      out[next].arrive = at + landing;
      m.post(std::move(out[next]));
      ++next;
    }
  }
  ch.slotFree[ch.next] = slotFree;
  ch.next = (ch.next + 1) % ch.slotFree.size();
  if (blocking)
    waitFor(t, left, Stall::NocWrite);
  t.writesDoneAt = std::max(t.writesDoneAt, atRouter);
  r.record(t, "fabric_send", issue);
}

uint32_t fabricHeaderAddr(uint32_t count) {
  Run &r = run();
  ThreadRun &t = self();
  auto lock = lockInTurn(r, t);
  FabricMesh &m = meshOf(r, "PacketHeaderPool::allocate_header");
  uint32_t &used = m.headersUsed(r.fabric->chip, t.core->x, t.core->y,
                                 static_cast<int>(t.processor));
  if (count == 0 || used + count > kHeadersPerProcessor)
    failHere(fmt::format("PacketHeaderPool::allocate_header({}): the pool "
                         "holds {} headers per processor and {} are taken",
                         count, kHeadersPerProcessor, used));
  uint32_t off =
      kHeaderPoolBase +
      (static_cast<uint32_t>(t.processor) * kHeadersPerProcessor + used) *
          static_cast<uint32_t>(sizeof(PacketHeader));
  used += count;
  // Fresh headers carry no command or route, so a forgotten one is an
  // error at the send rather than a stale packet.
  std::memset(t.core->l1 + off, 0, count * sizeof(PacketHeader));
  for (uint32_t i = 0; i < count; ++i)
    t.core->l1[off + i * sizeof(PacketHeader)] =
        tt::tt_fabric::NOC_SEND_TYPE_NONE;
  busyFor(t, r.cost.apiCall);
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(t.core->l1 + off));
}

} // namespace abi
} // namespace ttemu
