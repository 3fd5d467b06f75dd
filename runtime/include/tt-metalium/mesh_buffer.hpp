// MeshBuffer: a buffer allocated in lock-step on every chip of a mesh (the
// same address on each), either replicated (each chip holds the whole
// buffer) or sharded (a 2-D global buffer cut into shards, one per chip,
// assigned in row- or column-major chip order), as tt-metal's distributed
// API lays it out.
#pragma once

#include <memory>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/shape2d.hpp>
#include <tt-metalium/sub_device_types.hpp>

namespace tt::tt_metal {

/// A byte range of a buffer (for partial shard transfers).
struct BufferRegion {
  DeviceAddr offset = 0;
  DeviceAddr size = 0;
  BufferRegion() = default;
  BufferRegion(DeviceAddr offset_, DeviceAddr size_) : offset(offset_), size(size_) {}
};

} // namespace tt::tt_metal

namespace tt::tt_metal::distributed {

class MeshDevice;

/// How the buffer is laid out on each chip.
struct DeviceLocalBufferConfig {
  DeviceAddr page_size = 0;
  BufferType buffer_type = BufferType::DRAM;
  /// Older revisions name the layout here (interleaved only).
  TensorMemoryLayout buffer_layout = TensorMemoryLayout::INTERLEAVED;
  BufferShardingArgs sharding_args;
  std::optional<bool> bottom_up;
  std::optional<SubDeviceId> sub_device_id;
};

struct ReplicatedBufferConfig {
  DeviceAddr size = 0;
};

/// A 2-D buffer of `global_buffer_shape` datums (global_size bytes in all)
/// cut into `shard_shape` shards; a 0 in the shard shape replicates along
/// that dimension.
struct ShardedBufferConfig {
  DeviceAddr global_size = 0;
  Shape2D global_buffer_shape{0, 0};
  Shape2D shard_shape{0, 0};
  ShardOrientation shard_orientation = ShardOrientation::ROW_MAJOR;

  std::uint32_t compute_datum_size_bytes() const {
    return static_cast<std::uint32_t>(
        global_size / (global_buffer_shape.height() * global_buffer_shape.width()));
  }
  std::pair<bool, bool> replicated_dims() const {
    return {shard_shape.height() == 0, shard_shape.width() == 0};
  }
  Shape2D physical_shard_shape() const {
    return {shard_shape.height() == 0 ? global_buffer_shape.height()
                                      : shard_shape.height(),
            shard_shape.width() == 0 ? global_buffer_shape.width()
                                     : shard_shape.width()};
  }
};

enum class MeshBufferLayout : std::uint8_t { REPLICATED, SHARDED };
using MeshBufferConfig = std::variant<ReplicatedBufferConfig, ShardedBufferConfig>;

class MeshBuffer {
public:
  static std::shared_ptr<MeshBuffer>
  create(const MeshBufferConfig &config, const DeviceLocalBufferConfig &local,
         MeshDevice *device, std::optional<DeviceAddr> address = std::nullopt);

  std::uint32_t address() const { return address_; }
  /// The global size: a replicated buffer's size, a sharded one's
  /// global_size.
  DeviceAddr size() const;
  DeviceAddr page_size() const { return local_.page_size; }
  /// Bytes each chip holds.
  DeviceAddr device_local_size() const { return local_size_; }
  MeshDevice *device() const { return device_; }
  bool is_allocated() const { return !buffers_.empty(); }
  void deallocate() { buffers_.clear(); }
  /// The chip-local buffer at `coord`.
  Buffer *get_device_buffer(const MeshCoordinate &coord) const;
  Buffer *get_device_buffer() const { return get_reference_buffer(); }
  /// The buffer of chip (0, 0), whose layout every chip shares.
  Buffer *get_reference_buffer() const;
  Buffer *get_backing_buffer() const { return get_reference_buffer(); }
  const DeviceLocalBufferConfig &device_local_config() const { return local_; }
  const MeshBufferConfig &global_config() const { return config_; }
  MeshBufferLayout global_layout() const {
    return std::holds_alternative<ReplicatedBufferConfig>(config_)
               ? MeshBufferLayout::REPLICATED
               : MeshBufferLayout::SHARDED;
  }
  /// The sharded config (an error for a replicated buffer).
  const ShardedBufferConfig &global_shard_spec() const;
  std::uint32_t datum_size_bytes() const {
    return global_shard_spec().compute_datum_size_bytes();
  }
  Shape2D physical_shard_shape() const {
    return global_shard_spec().physical_shard_shape();
  }
  std::pair<bool, bool> replicated_dims() const {
    return global_shard_spec().replicated_dims();
  }

private:
  MeshBuffer() = default;
  MeshDevice *device_ = nullptr;
  std::uint32_t address_ = 0;
  DeviceAddr local_size_ = 0;
  std::vector<std::shared_ptr<Buffer>> buffers_; // row-major chip order
  DeviceLocalBufferConfig local_;
  MeshBufferConfig config_;
};

} // namespace tt::tt_metal::distributed
