// Per-architecture device parameters (grid, L1, DRAM banks, clock).
#pragma once

#include <cstdint>
#include <string>

#include <tt-metalium/base_types.hpp>

namespace ttemu {

struct ArchSpec {
  std::string name;    // "wormhole_b0" / "blackhole"
  tt::ARCH arch;
  uint32_t gridX, gridY; // worker grid (logical)
  uint32_t l1Size;       // bytes of L1 per worker core
  /// First L1 byte programs may use; below it sit firmware data and the
  /// emulator's semaphores.
  uint32_t l1UnreservedBase;
  uint32_t numDramBanks;
  uint64_t dramBankSize;
  uint32_t dramAlignment, l1Alignment;
  double clockGHz;

  uint32_t numCores() const { return gridX * gridY; }
};

/// The architecture selected by TT_EMU_ARCH (default wormhole_b0).
const ArchSpec &selectedArch();
const ArchSpec &archByName(const std::string &name);

/// L1 offset of semaphore `id` (inside the reserved region).
constexpr uint32_t kSemaphoreBase = 0x1000;
constexpr uint32_t kSemaphoreStride = 16;
constexpr uint32_t kMaxSemaphores = 16;

} // namespace ttemu
