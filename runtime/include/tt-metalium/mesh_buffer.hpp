// MeshBuffer: a buffer allocated at the same address on every mesh device.
#pragma once

#include <memory>
#include <optional>
#include <variant>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/mesh_coord.hpp>

namespace tt::tt_metal::distributed {

class MeshDevice;

struct DeviceLocalBufferConfig {
  DeviceAddr page_size = 0;
  BufferType buffer_type = BufferType::DRAM;
  BufferShardingArgs sharding_args;
  std::optional<bool> bottom_up;
};

struct ReplicatedBufferConfig {
  DeviceAddr size = 0;
};

struct ShardedBufferConfig {
  DeviceAddr global_size = 0;
  std::pair<std::size_t, std::size_t> global_buffer_shape{0, 0};
  std::pair<std::size_t, std::size_t> shard_shape{0, 0};
};

using MeshBufferConfig = std::variant<ReplicatedBufferConfig, ShardedBufferConfig>;

class MeshBuffer {
public:
  static std::shared_ptr<MeshBuffer>
  create(const MeshBufferConfig &config, const DeviceLocalBufferConfig &local,
         MeshDevice *device, std::optional<DeviceAddr> address = std::nullopt);

  std::uint32_t address() const { return buffer_->address(); }
  DeviceAddr size() const { return buffer_->size(); }
  DeviceAddr page_size() const { return buffer_->page_size(); }
  DeviceAddr device_local_size() const { return buffer_->size(); }
  MeshDevice *device() const { return device_; }
  bool is_allocated() const { return buffer_ != nullptr; }
  void deallocate() { buffer_.reset(); }
  Buffer *get_device_buffer(const MeshCoordinate & = MeshCoordinate(0, 0)) const {
    return buffer_.get();
  }
  Buffer *get_reference_buffer() const { return buffer_.get(); }
  Buffer *get_backing_buffer() const { return buffer_.get(); }
  const DeviceLocalBufferConfig &device_local_config() const { return local_; }
  const MeshBufferConfig &global_config() const { return config_; }

private:
  MeshBuffer() = default;
  MeshDevice *device_ = nullptr;
  std::shared_ptr<Buffer> buffer_;
  DeviceLocalBufferConfig local_;
  MeshBufferConfig config_;
};

} // namespace tt::tt_metal::distributed
