// The device profiler's host calls (tt-metal's tt_metal_profiler.hpp, and
// ReadMeshDeviceProfilerResults of its host_api.hpp).
//
// Kernels record zones (DeviceZoneScopedN) and markers at emulated cycle
// times on every run (lib/Cost/DeviceZones.cpp). A read writes the runs
// recorded since the previous read, as tt-metal's profiler does, to
// profile_log_device.csv in tt-metal's column layout, under
// $TT_METAL_PROFILER_DIR/.logs or else $TT_METAL_HOME/generated/profiler/.logs
// (the working directory without TT_METAL_HOME) -- when
// TT_METAL_DEVICE_PROFILER=1, as tt-metal only profiles then; otherwise a
// read does nothing. TT_EMU_PROFILE=DIR shows the zones of the last run in
// DIR/zones.txt and DIR/zones.json without either.
#pragma once

#include <optional>

#include <tt-metalium/profiler_optional_metadata.hpp>
#include <tt-metalium/profiler_types.hpp>

namespace tt::tt_metal {
class IDevice;
class Program;
namespace distributed {
class MeshDevice;
}

void ReadMeshDeviceProfilerResults(
    distributed::MeshDevice &mesh_device,
    ProfilerReadState state = ProfilerReadState::NORMAL,
    const std::optional<ProfilerOptionalMetadata> &metadata = {});

namespace detail {
/// Nothing to set up: zones are always recorded.
void InitDeviceProfiler(IDevice *device);
void ProfilerSync(ProfilerSyncState state);
void ReadDeviceProfilerResults(
    IDevice *device, ProfilerReadState state = ProfilerReadState::NORMAL,
    const std::optional<ProfilerOptionalMetadata> &metadata = {});
/// The older name of ReadDeviceProfilerResults.
void DumpDeviceProfileResults(IDevice *device,
                              ProfilerReadState state = ProfilerReadState::NORMAL);
} // namespace detail

/// Older examples' spelling, with the program whose results to read.
void DumpDeviceProfileResults(IDevice *device, const Program &program);

} // namespace tt::tt_metal
