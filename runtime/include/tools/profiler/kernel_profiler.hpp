// Device profiler markers in kernels (tt-metal's tools/profiler/
// kernel_profiler.hpp): DeviceZoneScopedN("name") times the enclosing scope,
// DeviceTimestampedData / DeviceRecordEvent / DeviceFlag record a point.
//
// Times are the calling processor's emulated cycle clock; a compute kernel's
// marker is recorded on each of its three TRISCs at that TRISC's clock, as
// the device's three copies of the kernel would. Markers cost no device
// time (on the device each costs a few cycles), so zones do not change the
// timing they measure. The force-included prelude includes this header, as
// tt-metal's firmware makes the macros available to every kernel.
#pragma once

#include <cstdint>

namespace ttemu::abi {
enum class ProfileMark : uint8_t { ZoneStart, ZoneEnd, Data, Event, Flag };
/// Records a marker of the calling processor (lib/Cost/DeviceZones.cpp).
void profilerMark(ProfileMark kind, const char *name, const char *file,
                  uint32_t line, uint64_t data) noexcept;
} // namespace ttemu::abi

namespace ttemu::profiler {
/// A zone from construction to destruction.
class Zone {
public:
  Zone(const char *name, const char *file, uint32_t line)
      : name_(name), file_(file), line_(line) {
    abi::profilerMark(abi::ProfileMark::ZoneStart, name_, file_, line_, 0);
  }
  ~Zone() { abi::profilerMark(abi::ProfileMark::ZoneEnd, name_, file_, line_, 0); }
  Zone(const Zone &) = delete;
  Zone &operator=(const Zone &) = delete;

private:
  const char *name_, *file_;
  uint32_t line_;
};
} // namespace ttemu::profiler

#define TTEMU_PROFILER_CAT_(a, b) a##b
#define TTEMU_PROFILER_CAT(a, b) TTEMU_PROFILER_CAT_(a, b)

#define DeviceZoneScopedN(name)                                                \
  ::ttemu::profiler::Zone TTEMU_PROFILER_CAT(ttemu_zone_, __LINE__)(           \
      name, __FILE__, __LINE__)
// The variants differ on the device in where the marker is kept (the op's
// main zone, accumulated sums); here each is a zone.
#define DeviceZoneScopedMainN(name) DeviceZoneScopedN(name)
#define DeviceZoneScopedMainChildN(name) DeviceZoneScopedN(name)
#define DeviceZoneScopedSumN1(name) DeviceZoneScopedN(name)
#define DeviceZoneScopedSumN2(name) DeviceZoneScopedN(name)
#define DeviceZoneSetCounter(counter) ((void)(counter))
#define DeviceTimestampedData(name, data)                                      \
  ::ttemu::abi::profilerMark(::ttemu::abi::ProfileMark::Data, name, __FILE__,  \
                             __LINE__, static_cast<uint64_t>(data))
#define DeviceRecordEvent(event_id)                                            \
  ::ttemu::abi::profilerMark(::ttemu::abi::ProfileMark::Event, "", __FILE__,   \
                             __LINE__, static_cast<uint64_t>(event_id))
#define DeviceFlag(name)                                                       \
  ::ttemu::abi::profilerMark(::ttemu::abi::ProfileMark::Flag, name, __FILE__,  \
                             __LINE__, 0)
#define DeviceValidateProfiler(condition) ((void)(condition))
#define DeviceZonesTimeSync() ((void)0)
#define DeviceProfilerInit() ((void)0)
