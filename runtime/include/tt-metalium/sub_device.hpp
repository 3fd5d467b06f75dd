// SubDevice: a subset of a chip's cores that programs, events and
// synchronisation can target on their own. The emulator keeps the core sets
// and checks that each program of a workload stays inside one sub-device of
// the loaded configuration (see docs/MESH.md).
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/hal_types.hpp>
#include <tt-metalium/sub_device_types.hpp>

namespace tt::tt_metal {

class SubDevice {
public:
  /// One core set per programmable core type: [0] Tensix, [1] active
  /// Ethernet (the emulator models no Ethernet cores, so it must be empty).
  template <std::size_t N>
  explicit SubDevice(const std::array<CoreRangeSet, N> &cores)
      : cores_(cores.begin(), cores.end()) {}
  explicit SubDevice(const std::vector<CoreRangeSet> &cores) : cores_(cores) {}

  const CoreRangeSet &cores(HalProgrammableCoreType type) const {
    static const CoreRangeSet none;
    auto i = static_cast<std::size_t>(type);
    return i < cores_.size() ? cores_[i] : none;
  }
  bool has_core_type(HalProgrammableCoreType type) const {
    return cores(type).num_cores() > 0;
  }
  std::uint32_t num_cores(HalProgrammableCoreType type) const {
    return cores(type).num_cores();
  }

private:
  std::vector<CoreRangeSet> cores_;
};

} // namespace tt::tt_metal
