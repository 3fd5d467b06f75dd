// MeshEvent: a point in a mesh command queue's stream that another queue
// (EnqueueWaitForEvent) or the host (EventSynchronize) can wait for. The
// emulator completes every command when it is enqueued, so the host never
// waits; what an event carries is the simulated time, per chip of its
// range, at which its queue reached it (docs/MESH.md).
#pragma once

#include <cstdint>
#include <map>

#include <tt-metalium/mesh_coord.hpp>

namespace tt::tt_metal::distributed {

class MeshDevice;

class MeshEvent {
public:
  MeshEvent(std::uint32_t id, MeshDevice *device, std::uint32_t mesh_cq_id,
            const MeshCoordinateRange &range)
      : id_(id), device_(device), cq_(mesh_cq_id), range_(range) {}
  std::uint32_t id() const { return id_; }
  MeshDevice *device() const { return device_; }
  std::uint32_t mesh_cq_id() const { return cq_; }
  const MeshCoordinateRange &device_range() const { return range_; }
  /// Emulator: the simulated cycle at which the queue reached the event on
  /// each chip of the range (row-major chip index -> cycle).
  const std::map<std::uint32_t, std::uint64_t> &emuCycles() const { return at_; }
  void emuSetCycles(std::map<std::uint32_t, std::uint64_t> at) { at_ = std::move(at); }

private:
  std::uint32_t id_;
  MeshDevice *device_;
  std::uint32_t cq_;
  MeshCoordinateRange range_;
  std::map<std::uint32_t, std::uint64_t> at_;
};

} // namespace tt::tt_metal::distributed
