// MeshCommandQueue: one of a mesh's command queues. The emulator runs each
// command to completion when it is enqueued (so blocking and non-blocking
// behave alike for the host), and keeps, per chip, the simulated cycle the
// queue has reached: a workload starts on a chip once both the queue and
// the chip are free, events carry those cycles to other queues
// (docs/MESH.md).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_event.hpp>
#include <tt-metalium/mesh_workload.hpp>
#include <tt-metalium/sub_device_types.hpp>
#include <tt_stl/span.hpp>

namespace tt::tt_metal::distributed {

class MeshDevice;

class MeshCommandQueue {
public:
  /// One host transfer to or from the buffer of one chip.
  struct ShardDataTransfer {
    MeshCoordinate shard_coord;
    void *host_data = nullptr;
    std::optional<BufferRegion> region;
  };

  MeshCommandQueue(MeshDevice &device, std::uint32_t id)
      : device_(&device), id_(id) {}
  MeshDevice *device() const { return device_; }
  std::uint32_t id() const { return id_; }

  void enqueue_mesh_workload(MeshWorkload &workload, bool blocking);
  void enqueue_write_mesh_buffer(const std::shared_ptr<MeshBuffer> &buffer,
                                 const void *host_data, bool blocking);
  void enqueue_read_mesh_buffer(void *host_data,
                                const std::shared_ptr<MeshBuffer> &buffer,
                                bool blocking);
  void enqueue_write_shards(const std::shared_ptr<MeshBuffer> &buffer,
                            const std::vector<ShardDataTransfer> &transfers,
                            bool blocking);
  void enqueue_read_shards(const std::vector<ShardDataTransfer> &transfers,
                           const std::shared_ptr<MeshBuffer> &buffer,
                           bool blocking);
  MeshEvent enqueue_record_event(
      tt::stl::Span<const SubDeviceId> sub_device_ids = {},
      const std::optional<MeshCoordinateRange> &device_range = std::nullopt);
  MeshEvent enqueue_record_event_to_host(
      tt::stl::Span<const SubDeviceId> sub_device_ids = {},
      const std::optional<MeshCoordinateRange> &device_range = std::nullopt);
  void enqueue_wait_for_event(const MeshEvent &event);
  void finish(tt::stl::Span<const SubDeviceId> = {}) {}

private:
  MeshDevice *device_;
  std::uint32_t id_;
};

} // namespace tt::tt_metal::distributed
