// What a MeshDevice keeps besides its chips: each command queue's clock on
// each chip, when each chip is next free, the traces, the sub-device
// configurations and the event counter (docs/MESH.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include <tt-metalium/base_types.hpp>
#include <tt-metalium/experimental/fabric/fabric_types.hpp>
#include <tt-metalium/sub_device.hpp>

#include "ttemu/mesh.h"

namespace tt::tt_metal::distributed {
class MeshWorkload;
class MeshDevice;
} // namespace tt::tt_metal::distributed

namespace ttemu {

struct MeshTrace {
  uint8_t cq = 0;
  bool ended = false;
  /// The captured workloads, run again in order by each replay (they must
  /// outlive the trace, as the programs a device trace holds do).
  std::vector<tt::tt_metal::distributed::MeshWorkload *> workloads;
};

struct MeshState {
  MeshState(size_t chips, size_t cqs)
      : cqClock(cqs, std::vector<uint64_t>(chips, 0)) {}
  /// (chip, sub-device) -> cycle its cores are next free: one program at a
  /// time per sub-device, whatever queue sent it.
  std::map<std::pair<uint32_t, uint32_t>, uint64_t> coresFree;
  std::vector<std::vector<uint64_t>> cqClock; // [cq][chip]
  std::map<uint32_t, MeshTrace> traces;
  uint32_t nextTrace = 1;
  std::optional<uint32_t> capturing; // trace being captured
  std::map<uint64_t, std::vector<tt::tt_metal::SubDevice>> subDeviceManagers;
  uint64_t nextManager = 1;
  std::optional<uint64_t> loadedManager;
  uint32_t nextEvent = 1;
  /// SetFabricConfig's value when the mesh was opened: with a fabric, the
  /// chips of a workload run together (Fabric/Fabric.h).
  tt::tt_fabric::FabricConfig fabric = tt::tt_fabric::FabricConfig::DISABLED;
};

/// Runs every program of `workload` on every chip of its range, on queue
/// `cq`'s clock (TT_EMU_MESH_THREADS host threads step the chips); returns
/// what lastMeshRunStats() reports.
MeshRunStats runMeshWorkload(tt::tt_metal::distributed::MeshDevice &mesh,
                             uint32_t cq,
                             tt::tt_metal::distributed::MeshWorkload &workload);
/// Cycles (at the chip's clock) a host transfer of `bytes` over PCIe takes
/// on chip `arch` (docs/MESH.md, "Host transfers").
uint64_t hostTransferCycles(tt::ARCH arch, uint64_t bytes);

/// Records `s` for lastMeshRunStats() and prints the mesh device time.
void publishMeshRun(const MeshRunStats &s, const char *what);

} // namespace ttemu
