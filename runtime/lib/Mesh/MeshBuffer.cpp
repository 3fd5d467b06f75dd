// MeshBuffer: lock-step allocation of one chip-local buffer per chip, and
// the replicated / sharded configs' checks.
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_device.hpp>

#include <stdexcept>

namespace tt::tt_metal::distributed {

namespace {

/// tt-metal's checks of a sharded config: the global shape is whole shards
/// and the shards (times the chips a replicated dimension repeats them
/// on) fit the mesh.
void checkSharded(const ShardedBufferConfig &c, const MeshDevice &mesh) {
  auto g = c.global_buffer_shape;
  TT_FATAL(g.height() > 0 && g.width() > 0,
           "ShardedBufferConfig: global_buffer_shape {}x{} is empty",
           g.height(), g.width());
  TT_FATAL(c.global_size % (g.height() * g.width()) == 0,
           "ShardedBufferConfig: global_size {} is not a whole number of "
           "bytes per datum of the {}x{} global shape",
           c.global_size, g.height(), g.width());
  auto s = c.physical_shard_shape();
  TT_FATAL(g.height() % s.height() == 0 && g.width() % s.width() == 0,
           "ShardedBufferConfig: global_buffer_shape {}x{} is not a whole "
           "number of {}x{} shards",
           g.height(), g.width(), s.height(), s.width());
  std::size_t shards = (g.height() / s.height()) * (g.width() / s.width());
  auto [hRep, wRep] = c.replicated_dims();
  if (hRep && wRep)
    shards = mesh.num_devices();
  else if (hRep || wRep)
    shards *= c.shard_orientation == ShardOrientation::ROW_MAJOR
                  ? mesh.num_rows()
                  : mesh.num_cols();
  TT_FATAL(shards <= mesh.num_devices(),
           "ShardedBufferConfig: the buffer has {} shards but the {}x{} mesh "
           "has {} devices",
           shards, mesh.num_rows(), mesh.num_cols(), mesh.num_devices());
}

} // namespace

std::shared_ptr<MeshBuffer> MeshBuffer::create(const MeshBufferConfig &config,
                                               const DeviceLocalBufferConfig &local,
                                               MeshDevice *device,
                                               std::optional<DeviceAddr> address) {
  TT_FATAL(device, "MeshBuffer::create: device is null");
  DeviceAddr localSize = 0;
  if (auto *r = std::get_if<ReplicatedBufferConfig>(&config)) {
    localSize = r->size;
  } else {
    const auto &c = std::get<ShardedBufferConfig>(config);
    checkSharded(c, *device);
    auto s = c.physical_shard_shape();
    localSize = DeviceAddr(c.compute_datum_size_bytes()) * s.height() * s.width();
  }
  BufferShardingArgs sharding = local.sharding_args;
  if (sharding.buffer_layout() == TensorMemoryLayout::INTERLEAVED &&
      local.buffer_layout != TensorMemoryLayout::INTERLEAVED) {
    TT_FATAL(false,
             "DeviceLocalBufferConfig: buffer_layout {} without shard "
             "parameters; give a sharded layout through sharding_args",
             local.buffer_layout);
  }
  std::shared_ptr<MeshBuffer> mb(new MeshBuffer());
  mb->device_ = device;
  mb->local_ = local;
  mb->config_ = config;
  mb->local_size_ = localSize;
  // As tt-metal: chip (0, 0)'s allocator picks the address, every other
  // chip allocates there too, so one address names the buffer everywhere.
  std::optional<DeviceAddr> at = address;
  auto chips = device->get_devices();
  for (std::size_t i = 0; i < chips.size(); ++i) {
    try {
      mb->buffers_.push_back(Buffer::create(chips[i], localSize, local.page_size,
                                            local.buffer_type, sharding,
                                            local.bottom_up, at));
    } catch (const std::exception &e) {
      throw std::runtime_error(fmt::format(
          "MeshBuffer::create: allocating {} bytes on chip {} of the {}x{} "
          "mesh{}: {}",
          localSize, i, device->num_rows(), device->num_cols(),
          i ? fmt::format(" at 0x{:x}, the address chip 0 chose", *at) : "",
          e.what()));
    }
    at = mb->buffers_.back()->address();
  }
  mb->address_ = mb->buffers_.front()->address();
  return mb;
}

DeviceAddr MeshBuffer::size() const {
  if (auto *r = std::get_if<ReplicatedBufferConfig>(&config_))
    return r->size;
  return std::get<ShardedBufferConfig>(config_).global_size;
}

Buffer *MeshBuffer::get_device_buffer(const MeshCoordinate &coord) const {
  TT_FATAL(is_allocated(), "MeshBuffer: the buffer is deallocated");
  return buffers_.at(device_->chipIndex(coord)).get();
}

Buffer *MeshBuffer::get_reference_buffer() const {
  TT_FATAL(is_allocated(), "MeshBuffer: the buffer is deallocated");
  return buffers_.front().get();
}

const ShardedBufferConfig &MeshBuffer::global_shard_spec() const {
  TT_FATAL(global_layout() == MeshBufferLayout::SHARDED,
           "MeshBuffer: global_shard_spec of a replicated buffer");
  return std::get<ShardedBufferConfig>(config_);
}

} // namespace tt::tt_metal::distributed
