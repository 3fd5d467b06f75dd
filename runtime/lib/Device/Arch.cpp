// Device parameters of the emulated architectures.
#include "Device/Arch.h"

#include <cstdlib>
#include <stdexcept>

namespace ttemu {

const ArchSpec &archByName(const std::string &name) {
  // Wormhole n150: 8x8 usable worker grid, 1464 KiB L1, 12 DRAM banks
  // (6 channels x 2), 1 GHz AI clock.
  static const ArchSpec wormhole{"wormhole_b0",
                                 tt::ARCH::WORMHOLE_B0,
                                 8,
                                 8,
                                 1464 * 1024,
                                 0x10000,
                                 12,
                                 1ull << 30,
                                 32,
                                 16,
                                 1.0};
  // Blackhole p150: 13x10 worker grid, 1536 KiB L1, 8 DRAM banks, 1.35 GHz.
  static const ArchSpec blackhole{
      "blackhole", tt::ARCH::BLACKHOLE, 13, 10, 1536 * 1024, 0x10000,
      8,           4ull << 30,          64, 16, 1.35};
  // p150 with an 11x10 worker grid, the other grid GEMM_FLOPS.md reports
  // ("P150 Manually Tuned Configurations (11x10 grid)").
  static const ArchSpec blackhole11{
      "blackhole", tt::ARCH::BLACKHOLE, 11, 10, 1536 * 1024, 0x10000,
      8,           4ull << 30,          64, 16, 1.35};
  if (name == "wormhole_b0" || name == "wormhole")
    return wormhole;
  if (name == "blackhole")
    return blackhole;
  if (name == "blackhole_11x10")
    return blackhole11;
  throw std::runtime_error(
      "TT_EMU_ARCH: unknown architecture '" + name +
      "' (expected wormhole_b0, blackhole or blackhole_11x10)");
}

const ArchSpec &selectedArch() {
  const char *env = std::getenv("TT_EMU_ARCH");
  return archByName(env && *env ? env : "wormhole_b0");
}

} // namespace ttemu
