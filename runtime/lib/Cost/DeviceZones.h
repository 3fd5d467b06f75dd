// Device profiler zones and markers (DeviceZoneScopedN & co. in kernels,
// tools/profiler/kernel_profiler.hpp): recorded per run at emulated cycle
// times, read by the host's ReadMeshDeviceProfilerResults into tt-metal's
// profile_log_device.csv and shown by TT_EMU_PROFILE (zones.txt,
// zones.json).
#pragma once

#include <cstdint>
#include <filesystem>

namespace ttemu {

class Run;

namespace zones {
/// Ends the recording of `run` (which took `deviceCycles`): its markers, plus
/// the FW and KERNEL zones tt-metal records around every kernel, become a
/// finished run of its device, to be read. Called once per run.
void finishRun(Run &run, uint64_t deviceCycles);
/// TT_EMU_PROFILE: the zones of the last finished run, DIR/zones.txt (per
/// zone name and processor: count and cycles) and DIR/zones.json (Chrome
/// trace of zones and markers). Nothing when the run recorded no markers.
void writeProfileFiles(const std::filesystem::path &dir);
} // namespace zones

} // namespace ttemu
