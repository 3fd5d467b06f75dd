// A semaphore at the same L1 address on every core of a core range, on
// every chip of a mesh, that outlives programs: kernels on other chips
// increment it over the fabric (docs/MESH.md, "Global semaphores").
#pragma once

#include <cstdint>
#include <memory>

#include <tt-metalium/buffer_types.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/device.hpp>

namespace tt::tt_metal {

class Buffer;
namespace distributed {
class MeshBuffer;
}

class GlobalSemaphore {
public:
  /// `device` may be a MeshDevice (every chip) or one chip.
  GlobalSemaphore(IDevice *device, const CoreRangeSet &cores,
                  uint32_t initial_value,
                  BufferType buffer_type = BufferType::L1);
  GlobalSemaphore(IDevice *device, CoreRangeSet &&cores, uint32_t initial_value,
                  BufferType buffer_type = BufferType::L1)
      : GlobalSemaphore(device, static_cast<const CoreRangeSet &>(cores),
                        initial_value, buffer_type) {}

  IDevice *get_device() const { return device_; }
  DeviceAddr address() const;
  const CoreRangeSet &core_range_set() const { return cores_; }
  /// Writes `reset_value` to the semaphore on every core and chip (host
  /// side, between programs).
  void reset_semaphore_value(uint32_t reset_value) const;

private:
  IDevice *device_;
  CoreRangeSet cores_;
  std::shared_ptr<distributed::MeshBuffer> meshBuffer_;
  std::shared_ptr<Buffer> buffer_;
};

GlobalSemaphore CreateGlobalSemaphore(IDevice *device,
                                      const CoreRangeSet &cores,
                                      uint32_t initial_value,
                                      BufferType buffer_type = BufferType::L1);
GlobalSemaphore CreateGlobalSemaphore(IDevice *device, CoreRangeSet &&cores,
                                      uint32_t initial_value,
                                      BufferType buffer_type = BufferType::L1);

} // namespace tt::tt_metal
