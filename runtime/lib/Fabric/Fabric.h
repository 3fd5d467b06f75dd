// Chips that talk to each other: the Ethernet links of a mesh, fabric
// packets in flight between chips, and the coordinator that runs the chips
// of one workload in a single simulated-time order (docs/MESH.md,
// "Fabric").
//
// Without fabric every chip of a mesh workload runs alone (MeshRun.cpp).
// With it (tt::tt_fabric::SetFabricConfig before MeshDevice::create), the
// chips of a workload run at once, each on its own host thread with its own
// Scheduler, and a FabricMesh hands a token between them: a chip's
// processor runs kernel code only while its chip holds the token, and the
// token goes to the chip whose next processor has the smallest clock
// (ties: chip index). A packet a kernel sends is delivered when the mesh's
// time reaches its arrival, before any processor at that cycle runs. So
// what a chip sees of another chip's writes depends on simulated time only,
// as within a chip.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <tt-metalium/base_types.hpp>

namespace ttemu {

class Run;
class DeviceState;

/// The Ethernet figures of one architecture (docs/MESH.md, "Ethernet
/// links"; sources in docs/COST_MODEL.md, "Ethernet and fabric").
struct EthLinkSpec {
  double bytesPerCycle; ///< one link, one direction, at the chip clock
  uint64_t hopCycles;   ///< per chip-to-chip hop, beyond serialisation
  uint32_t senderSlots; ///< packets a worker's sender channel buffers
  uint32_t headerBytes; ///< sizeof(PACKET_HEADER_TYPE)
  uint32_t maxPayload;  ///< get_tt_fabric_max_payload_size_bytes (1D)
};
const EthLinkSpec &ethLinkSpec(tt::ARCH arch);

/// Directions of a link, as tt-fabric names them.
enum class LinkDir : uint8_t { East = 0, West = 1, North = 2, South = 3 };
const char *linkDirName(LinkDir d);

/// How the kernels of a mesh reach each other (tt::tt_fabric::FabricConfig
/// reduced to what routing needs).
struct FabricTopology {
  uint32_t rows = 1, cols = 1;
  bool ring = false; ///< FABRIC_1D_RING: rows and columns wrap around
  /// The chip `hops` steps from `chip` along `dir`, or -1 off the mesh.
  int step(uint32_t chip, LinkDir dir, uint32_t hops) const;
  /// The direction from `src` to its neighbour `dst`, if they are one.
  bool directionTo(uint32_t src, uint32_t dst, LinkDir &dir) const;
};

/// One packet on its way to one chip: bytes to land in L1 or DRAM and/or a
/// semaphore increment, at `arrive` on the mesh clock.
struct FabricDelivery {
  uint64_t arrive = 0, seq = 0;
  uint32_t chip = 0;
  // Write: destination (host pointer into the chip's memory), the worker
  // core it lands in (for the waiters' clocks), or none for DRAM.
  uint8_t *writePtr = nullptr;
  std::vector<uint8_t> data;
  int writeCoreX = -1, writeCoreY = -1;
  // Atomic increment of a 32-bit word in a worker core's L1.
  uint32_t *incPtr = nullptr;
  uint32_t incr = 0;
  int incCoreX = -1, incCoreY = -1;
};

class FabricMesh {
public:
  FabricMesh(std::vector<DeviceState *> chips, FabricTopology topo,
             tt::ARCH arch);

  const FabricTopology &topology() const { return topo_; }
  const EthLinkSpec &link() const { return *link_; }
  DeviceState &chip(uint32_t i) const { return *chips_.at(i); }
  uint32_t numChips() const { return static_cast<uint32_t>(chips_.size()); }
  /// "chip (r,c)".
  std::string chipName(uint32_t chip) const;

  // Called by the chips' schedulers, their run's mutex held.
  /// The chip is about to run a processor at `clock`: returns once it holds
  /// the token and nothing on the mesh comes earlier (deliveries due by
  /// then are applied first). False if the mesh run was aborted.
  bool turn(uint32_t chip, uint64_t clock, Run *run);
  /// Every processor of the chip waits: returns once a delivery may have
  /// released one (true), or false if the mesh run ended (aborted, or
  /// deadlocked: every chip waits and no packet is in flight).
  bool block(uint32_t chip, Run *run);
  /// The chip's processors have all finished (or it never started): from
  /// now on packets to it only land in its memory.
  void finish(uint32_t chip);
  /// Ends the mesh run: every chip's scheduler stops with `message`.
  void abort(const std::string &message);
  std::string error() const;

  // Called by a kernel whose chip holds the token.
  /// Queues a packet for delivery.
  void post(FabricDelivery d);
  /// When link `dir` out of `chip` is next free, by reference.
  uint64_t &linkFree(uint32_t chip, LinkDir dir, uint32_t link);
  /// The sender-channel slot ring of one worker's connection: when each
  /// slot is free again, and the next slot to fill.
  struct Channel {
    std::vector<uint64_t> slotFree;
    uint32_t next = 0;
    bool open = false;
    // A payload staged by send_payload_without_header_*: bytes copied at
    // the call, sent with the next header.
    std::vector<uint8_t> staged;
    bool hasStaged = false;
  };
  Channel &channel(uint32_t chip, uint32_t coreX, uint32_t coreY, int proc,
                   LinkDir dir, uint32_t link);

  /// Headers the processor has taken from its PacketHeaderPool.
  uint32_t &headersUsed(uint32_t chip, uint32_t coreX, uint32_t coreY,
                        int proc);

  /// Packets delivered, bytes carried over links (lastMeshRunStats).
  uint64_t packets = 0, linkBytes = 0;

private:
  enum class State : uint8_t { Active, Blocked, Finished };
  struct ChipTurn {
    State state = State::Active;
    uint64_t key = 0;   // clock of its next processor (Active)
    Run *run = nullptr; // while it runs: deliveries update its cores
  };

  std::vector<DeviceState *> chips_;
  FabricTopology topo_;
  const EthLinkSpec *link_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ChipTurn> turns_;
  int holder_ = -1; // chip holding the token
  bool aborted_ = false;
  std::string error_;
  std::multimap<std::pair<uint64_t, uint64_t>, FabricDelivery> pending_;
  uint64_t seq_ = 0;
  std::map<std::tuple<uint32_t, uint8_t, uint32_t>, uint64_t> linkFree_;
  std::map<std::tuple<uint32_t, uint32_t, uint32_t, int, uint8_t, uint32_t>,
           Channel>
      channels_;
  std::map<std::tuple<uint32_t, uint32_t, uint32_t, int>, uint32_t> headers_;

  /// With mu_ held and no holder: applies the deliveries that come first
  /// and gives the token to the chip that does, or ends the run if nothing
  /// can.
  void advance();
  void apply(FabricDelivery &d);
  std::string deadlockMessage() const;
};

/// What a run needs to take part in a mesh run: the mesh and its chip
/// index. Set by MeshRun for the runProgram call on this host thread.
struct FabricChip {
  FabricMesh *mesh = nullptr;
  uint32_t chip = 0;
};
void setThreadFabricChip(const FabricChip *c);
const FabricChip *threadFabricChip();

} // namespace ttemu
