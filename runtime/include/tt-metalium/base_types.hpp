// Small enums the host API shares: math fidelity, unpack mode, device arch.
#pragma once

#include <cstdint>

enum class MathFidelity : std::uint8_t {
  LoFi = 0,
  HiFi2 = 2,
  HiFi3 = 3,
  HiFi4 = 4,
  Invalid = 0xff,
};

enum class UnpackToDestMode : std::uint8_t { Default, UnpackToDestFp32 };

namespace tt {
enum class ARCH { GRAYSKULL = 0, WORMHOLE_B0 = 1, BLACKHOLE = 2, Invalid = 0xff };
using ::MathFidelity;
using ::UnpackToDestMode;
namespace tt_metal {
using ::MathFidelity;
using ::UnpackToDestMode;
} // namespace tt_metal
} // namespace tt
