// Op names a profiler read may attach to runs (tt-metal's
// profiler_optional_metadata.hpp): (device, runtime id) -> name.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

class ProfilerOptionalMetadata {
  using DeviceID = uint32_t;
  using RuntimeID = uint32_t;

public:
  ProfilerOptionalMetadata(
      std::map<std::pair<DeviceID, RuntimeID>, std::string> &&runtime_map)
      : runtime_id_to_opname(std::move(runtime_map)) {}

  const std::string &getOpName(DeviceID device_id, RuntimeID runtime_id) const {
    static const std::string empty;
    auto it = runtime_id_to_opname.find({device_id, runtime_id});
    return it == runtime_id_to_opname.end() ? empty : it->second;
  }

private:
  std::map<std::pair<DeviceID, RuntimeID>, std::string> runtime_id_to_opname;
};
