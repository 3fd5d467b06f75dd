// The mesh coordinator (Fabric.h): one token for the chips of a fabric
// workload, handed out in simulated-time order, and the packets in flight.
#include "Fabric/Fabric.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "Kernel/RunState.h"

namespace ttemu {

namespace {
thread_local const FabricChip *tlsFabricChip = nullptr;
} // namespace

void setThreadFabricChip(const FabricChip *c) { tlsFabricChip = c; }
const FabricChip *threadFabricChip() { return tlsFabricChip; }

const EthLinkSpec &ethLinkSpec(tt::ARCH arch) {
  // Wormhole: 100 Gb/s per link and direction = 12.5 GB/s, 12.5 B/cycle at
  // 1 GHz; about 650 ns per hop in tt-metal's ring ping microbenchmark
  // (tech_reports/EthernetMultichip/BasicEthernetGuide.md). Blackhole: one
  // 400 GbE link per Ethernet tile (50 GB/s, 37 B/cycle at 1.35 GHz); no
  // public hop latency, so the same 650 ns (878 cycles). Packet header 64
  // bytes (the emulator's PACKET_HEADER_TYPE), 1D payload limit 4 Bfp8_b
  // tiles = 4352 bytes (FabricEriscDatamoverBuilder::
  // default_packet_payload_size_bytes); 8 buffer slots per sender channel
  // (the emulator's choice, see docs/COST_MODEL.md).
  static const EthLinkSpec wormhole{12.5, 650, 8, 64, 4352};
  static const EthLinkSpec blackhole{50.0 / 1.35, 878, 8, 64, 4352};
  return arch == tt::ARCH::BLACKHOLE ? blackhole : wormhole;
}

const char *linkDirName(LinkDir d) {
  switch (d) {
  case LinkDir::East:
    return "east";
  case LinkDir::West:
    return "west";
  case LinkDir::North:
    return "north";
  case LinkDir::South:
    return "south";
  }
  return "?";
}

int FabricTopology::step(uint32_t chip, LinkDir dir, uint32_t hops) const {
  int r = static_cast<int>(chip / cols), c = static_cast<int>(chip % cols);
  int dr = dir == LinkDir::North ? -1 : dir == LinkDir::South ? 1 : 0;
  int dc = dir == LinkDir::West ? -1 : dir == LinkDir::East ? 1 : 0;
  int R = static_cast<int>(rows), C = static_cast<int>(cols);
  r += dr * static_cast<int>(hops);
  c += dc * static_cast<int>(hops);
  if (ring) {
    r = ((r % R) + R) % R;
    c = ((c % C) + C) % C;
  } else if (r < 0 || r >= R || c < 0 || c >= C) {
    return -1;
  }
  return r * C + c;
}

bool FabricTopology::directionTo(uint32_t src, uint32_t dst,
                                 LinkDir &dir) const {
  for (LinkDir d :
       {LinkDir::East, LinkDir::West, LinkDir::North, LinkDir::South}) {
    // A 1-chip row or column has no link along it, even on a ring.
    if ((d == LinkDir::East || d == LinkDir::West) && cols < 2)
      continue;
    if ((d == LinkDir::North || d == LinkDir::South) && rows < 2)
      continue;
    if (step(src, d, 1) == static_cast<int>(dst)) {
      dir = d;
      return true;
    }
  }
  return false;
}

FabricMesh::FabricMesh(std::vector<DeviceState *> chips, FabricTopology topo,
                       tt::ARCH arch)
    : chips_(std::move(chips)), topo_(topo), link_(&ethLinkSpec(arch)),
      turns_(chips_.size()) {}

std::string FabricMesh::chipName(uint32_t chip) const {
  return fmt::format("chip ({},{})", chip / topo_.cols, chip % topo_.cols);
}

std::string FabricMesh::error() const {
  std::lock_guard lock(mu_);
  return error_;
}

bool FabricMesh::turn(uint32_t chip, uint64_t clock, Run *run) {
  std::unique_lock lock(mu_);
  ChipTurn &me = turns_.at(chip);
  me.run = run;
  me.state = State::Active;
  me.key = clock;
  if (holder_ == static_cast<int>(chip))
    holder_ = -1; // give it back; advance() may hand it straight back
  if (holder_ < 0)
    advance();
  cv_.wait(lock, [&] { return aborted_ || holder_ == static_cast<int>(chip); });
  return !aborted_;
}

bool FabricMesh::block(uint32_t chip, Run *run) {
  std::unique_lock lock(mu_);
  turns_.at(chip).run = run;
  turns_.at(chip).state = State::Blocked;
  if (holder_ == static_cast<int>(chip))
    holder_ = -1;
  if (holder_ < 0)
    advance();
  cv_.wait(lock, [&] { return aborted_ || holder_ == static_cast<int>(chip); });
  return !aborted_;
}

void FabricMesh::finish(uint32_t chip) {
  std::lock_guard lock(mu_);
  turns_.at(chip).state = State::Finished;
  turns_.at(chip).run = nullptr;
  if (holder_ == static_cast<int>(chip))
    holder_ = -1;
  if (holder_ < 0 && !aborted_)
    advance();
}

void FabricMesh::abort(const std::string &message) {
  std::lock_guard lock(mu_);
  if (!aborted_) {
    aborted_ = true;
    error_ = message;
  }
  cv_.notify_all();
}

void FabricMesh::advance() {
  while (holder_ < 0 && !aborted_) {
    int best = -1;
    for (size_t i = 0; i < turns_.size(); ++i)
      if (turns_[i].state == State::Active &&
          (best < 0 || turns_[i].key < turns_[best].key))
        best = static_cast<int>(i);
    if (!pending_.empty() &&
        (best < 0 || pending_.begin()->first.first <= turns_[best].key)) {
      FabricDelivery d = std::move(pending_.begin()->second);
      pending_.erase(pending_.begin());
      apply(d);
      continue;
    }
    if (best >= 0) {
      holder_ = best;
      cv_.notify_all();
      return;
    }
    bool waiting = std::any_of(turns_.begin(), turns_.end(), [](auto &t) {
      return t.state == State::Blocked;
    });
    if (waiting) {
      aborted_ = true;
      error_ = deadlockMessage();
      cv_.notify_all();
    }
    return; // every chip finished
  }
}

void FabricMesh::apply(FabricDelivery &d) {
  ++packets;
  if (d.writePtr && !d.data.empty())
    std::memcpy(d.writePtr, d.data.data(), d.data.size());
  if (d.incPtr)
    __atomic_fetch_add(d.incPtr, d.incr, __ATOMIC_SEQ_CST);
  ChipTurn &t = turns_.at(d.chip);
  if (Run *r = t.run) {
    // The chip's host thread is parked in turn()/block(): its cores are
    // ours to update. Its waiters' clocks follow this arrival.
    for (auto [x, y] : {std::pair{d.writeCoreX, d.writeCoreY},
                        std::pair{d.incCoreX, d.incCoreY}}) {
      if (x < 0)
        continue;
      CoreRun *core = r->coreAt(x, y);
      core->lastRemoteWrite = std::max(core->lastRemoteWrite, d.arrive);
      r->sched.changed(*core);
    }
  }
  if (t.state == State::Blocked) {
    // Its processors re-check their conditions at the arrival.
    t.state = State::Active;
    t.key = d.arrive;
  }
}

std::string FabricMesh::deadlockMessage() const {
  std::string msg = "deadlock: every chip's kernels wait and no fabric packet "
                    "is in flight";
  for (size_t i = 0; i < turns_.size(); ++i) {
    const ChipTurn &t = turns_[i];
    if (t.state != State::Blocked || !t.run)
      continue;
    for (auto &th : t.run->threads)
      if (th->state == ThreadRun::State::Blocked && th->waitDescribe)
        msg += fmt::format("\n  {} {} waits on {}", chipName(i), th->who(),
                           th->waitDescribe());
  }
  return msg;
}

void FabricMesh::post(FabricDelivery d) {
  std::lock_guard lock(mu_);
  d.seq = seq_++;
  auto key = std::pair{d.arrive, d.seq};
  pending_.emplace(key, std::move(d));
}

uint64_t &FabricMesh::linkFree(uint32_t chip, LinkDir dir, uint32_t link) {
  std::lock_guard lock(mu_);
  return linkFree_[{chip, static_cast<uint8_t>(dir), link}];
}

FabricMesh::Channel &FabricMesh::channel(uint32_t chip, uint32_t coreX,
                                         uint32_t coreY, int proc, LinkDir dir,
                                         uint32_t link) {
  std::lock_guard lock(mu_);
  Channel &c =
      channels_[{chip, coreX, coreY, proc, static_cast<uint8_t>(dir), link}];
  if (c.slotFree.empty())
    c.slotFree.assign(link_->senderSlots, 0);
  return c;
}

uint32_t &FabricMesh::headersUsed(uint32_t chip, uint32_t coreX, uint32_t coreY,
                                  int proc) {
  std::lock_guard lock(mu_);
  return headers_[{chip, coreX, coreY, proc}];
}

} // namespace ttemu
