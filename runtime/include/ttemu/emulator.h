// Public queries on the emulator: timing of the last program run.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ttemu {

/// Clock and busy time of one kernel thread (one processor of one core).
struct ThreadStats {
  uint32_t coreX = 0, coreY = 0; // logical core
  std::string processor;         // "BRISC", "NCRISC" or "TRISC"
  std::string kernel;            // kernel source path
  uint64_t endCycle = 0;         // thread clock when the kernel returned
  uint64_t busyCycles = 0;       // cycles not spent waiting
  // Compute kernels: end and busy cycles of the UNPACK, MATH and PACK TRISCs
  // (endCycle/busyCycles are their maxima).
  std::array<uint64_t, 3> triscEnd{}, triscBusy{};
};

struct RunStats {
  std::string arch;         // "wormhole_b0" or "blackhole"
  double clockGHz = 1.0;    // device clock
  uint64_t deviceCycles = 0; // max thread clock
  double deviceUs = 0.0;     // deviceCycles at clockGHz
  uint64_t flops = 0;        // as counted by compute ops (matmul: 2*32^3)
  std::vector<ThreadStats> threads;
  /// Races the device tolerates (e.g. reading a pushed page without
  /// cb_wait_front), each once, naming core, processor, CB and kernel;
  /// TT_EMU_STRICT=1 makes them errors.
  std::vector<std::string> warnings;
};

/// Statistics of the most recent program run on any device in this process.
RunStats lastRunStats();

} // namespace ttemu
