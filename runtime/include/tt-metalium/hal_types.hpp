// Kinds of programmable cores (tt-metal's HAL names).
#pragma once

#include <cstdint>

namespace tt::tt_metal {

enum class HalProgrammableCoreType : std::uint8_t {
  TENSIX = 0,
  ACTIVE_ETH = 1,
  IDLE_ETH = 2,
  COUNT = 3
};

} // namespace tt::tt_metal
