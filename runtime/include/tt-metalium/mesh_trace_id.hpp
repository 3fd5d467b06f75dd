// MeshTraceId: the handle BeginTraceCapture returns.
#pragma once

#include <compare>
#include <cstdint>

namespace tt::tt_metal::distributed {

struct MeshTraceId {
  std::uint32_t value = 0;
  std::uint32_t operator*() const { return value; }
  auto operator<=>(const MeshTraceId &) const = default;
};

} // namespace tt::tt_metal::distributed
