// Where tt-metal places its dispatch firmware (worker or Ethernet cores).
// The emulator dispatches from the host, so this is accepted and ignored.
#pragma once

#include <cstdint>

namespace tt::tt_metal {

enum class DispatchCoreType : std::uint32_t { WORKER, ETH, COUNT };
enum class DispatchCoreAxis { ROW, COL, COUNT };

} // namespace tt::tt_metal
