// MeshCommandQueue: the current API's dispatch queue. Commands run to
// completion when enqueued, so blocking and non-blocking behave alike.
#pragma once

#include <cstdint>
#include <memory>

#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_workload.hpp>

namespace tt::tt_metal::distributed {

class MeshDevice;

class MeshCommandQueue {
public:
  explicit MeshCommandQueue(MeshDevice &device) : device_(&device) {}
  MeshDevice *device() const { return device_; }
  std::uint32_t id() const { return 0; }

  void enqueue_mesh_workload(MeshWorkload &workload, bool blocking);
  void enqueue_write_mesh_buffer(const std::shared_ptr<MeshBuffer> &buffer,
                                 const void *host_data, bool blocking);
  void enqueue_read_mesh_buffer(void *host_data,
                                const std::shared_ptr<MeshBuffer> &buffer,
                                bool blocking);
  void finish() {}

private:
  MeshDevice *device_;
};

} // namespace tt::tt_metal::distributed
