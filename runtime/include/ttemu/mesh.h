// Public queries on the emulator's meshes: the simulated timing of the last
// mesh command (a workload, or a whole trace replay).
#pragma once

#include <cstdint>
#include <vector>

#include "ttemu/emulator.h"

namespace ttemu {

/// One program run on one chip within a mesh command.
struct ChipRunStats {
  uint32_t row = 0, col = 0; // mesh coordinate
  uint64_t startCycle = 0;   // on the mesh's common clock
  uint64_t endCycle = 0;     // startCycle + run.deviceCycles
  RunStats run;
};

struct MeshRunStats {
  uint32_t cq = 0;
  uint32_t workloads = 0;    // 1, or the workloads a trace replay ran
  uint64_t startCycle = 0;   // first chip start, on the common clock
  uint64_t endCycle = 0;     // last chip end
  uint64_t deviceCycles = 0; // endCycle - startCycle
  double deviceUs = 0.0;
  /// Fabric packets delivered between chips (one per destination chip), and
  /// bytes (headers included) the Ethernet links carried, summed over hops.
  uint64_t fabricPackets = 0, fabricLinkBytes = 0;
  std::vector<ChipRunStats> chips; // in run order
};

/// The last mesh workload or trace replay enqueued in this process.
MeshRunStats lastMeshRunStats();

} // namespace ttemu
