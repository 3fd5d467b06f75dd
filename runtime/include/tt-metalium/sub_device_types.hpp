// Sub-device identifiers, as tt-metal's sub_device_types.hpp names them.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace tt::tt_metal {

/// Index of a sub-device within the loaded sub-device manager.
struct SubDeviceId {
  std::uint8_t id = 0;
  std::uint8_t operator*() const { return id; }
  auto operator<=>(const SubDeviceId &) const = default;
};

/// Handle of a sub-device configuration created on a device.
struct SubDeviceManagerId {
  std::uint64_t id = 0;
  std::uint64_t operator*() const { return id; }
  auto operator<=>(const SubDeviceManagerId &) const = default;
};

} // namespace tt::tt_metal
