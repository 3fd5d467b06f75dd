// ez::DeviceContext (tt-metal's experimental/ez/device_context.hpp): a unit
// mesh with one-line buffers, transfers and program runs. Header-only over
// the mesh API. Meshes larger than 1x1 are not emulated and say so.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include <tt-metalium/constants.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

namespace tt::tt_metal::experimental::ez {

struct ShardConfig {
  CoreRangeSet cores;
  std::array<uint32_t, 2> shard_shape;             // {height, width} in elements
  std::array<uint32_t, 2> tensor2d_shape_in_pages; // {tiles y, tiles x}
  TensorMemoryLayout layout = TensorMemoryLayout::HEIGHT_SHARDED;
  ShardOrientation orientation = ShardOrientation::ROW_MAJOR;
  std::array<uint32_t, 2> page_shape = {tt::constants::TILE_HEIGHT, tt::constants::TILE_WIDTH};
  tt::DataFormat fmt = tt::DataFormat::Float16_b;
};

class DeviceContext {
public:
  explicit DeviceContext(int device_id = 0)
      : mesh_device_(distributed::MeshDevice::create_unit_mesh(device_id)) {}
  DeviceContext(size_t rows, size_t cols) {
    if (rows != 1 || cols != 1)
      throw std::runtime_error("ez::DeviceContext: meshes larger than 1x1 are not emulated");
    mesh_device_ = distributed::MeshDevice::create_unit_mesh(0);
  }
  /// Wraps `device` without closing it.
  explicit DeviceContext(std::shared_ptr<distributed::MeshDevice> device)
      : mesh_device_(std::move(device)), owns_device_(false) {}
  ~DeviceContext() {
    if (mesh_device_ && owns_device_)
      mesh_device_->close();
  }
  DeviceContext(DeviceContext &&o) noexcept
      : mesh_device_(std::move(o.mesh_device_)), owns_device_(o.owns_device_) {}
  DeviceContext &operator=(DeviceContext &&o) noexcept {
    std::swap(mesh_device_, o.mesh_device_);
    std::swap(owns_device_, o.owns_device_);
    return *this;
  }
  DeviceContext(const DeviceContext &) = delete;
  DeviceContext &operator=(const DeviceContext &) = delete;

  std::shared_ptr<distributed::MeshBuffer> dram_buffer(DeviceAddr size, DeviceAddr page_size) const {
    return buffer(size, page_size, BufferType::DRAM);
  }
  std::shared_ptr<distributed::MeshBuffer> l1_buffer(DeviceAddr size, DeviceAddr page_size) const {
    return buffer(size, page_size, BufferType::L1);
  }
  std::shared_ptr<distributed::MeshBuffer> dram_tile_buffer(
      uint32_t n_tiles, tt::DataFormat fmt = tt::DataFormat::Float16_b) const {
    uint32_t tile = tt::tile_size(fmt);
    return dram_buffer(DeviceAddr(n_tiles) * tile, tile);
  }
  /// An L1 buffer of config.tensor2d_shape_in_pages pages sharded over
  /// config.cores (placed as the emulator places ShardSpecBuffer shards).
  std::shared_ptr<distributed::MeshBuffer> sharded_l1_buffer(const ShardConfig &config) const {
    uint32_t page_elems = config.page_shape[0] * config.page_shape[1];
    uint32_t page = tt::tile_size(config.fmt) * page_elems /
                    (tt::constants::TILE_HEIGHT * tt::constants::TILE_WIDTH);
    DeviceAddr pages = DeviceAddr(config.tensor2d_shape_in_pages[0]) * config.tensor2d_shape_in_pages[1];
    ShardSpecBuffer spec(config.cores, config.shard_shape, config.orientation, config.page_shape,
                         config.tensor2d_shape_in_pages);
    distributed::DeviceLocalBufferConfig local{
        .page_size = page,
        .buffer_type = BufferType::L1,
        .sharding_args = BufferShardingArgs(spec, config.layout)};
    return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = pages * page},
                                           local, mesh_device_.get());
  }

  /// Writes the whole buffer from `data`. tt-metal's ez writes buf->size()
  /// bytes from data.data() whatever the vector's size (NoC_tile_transfer
  /// writes one uint16_t into a tile buffer); here a shorter vector is
  /// padded with zeros instead of being read past its end.
  template <typename T>
  void write(const std::shared_ptr<distributed::MeshBuffer> &buf, const std::vector<T> &data,
             bool blocking = false) {
    if (data.size() * sizeof(T) >= buf->size()) {
      distributed::EnqueueWriteMeshBuffer(cq(), buf, data, blocking);
      return;
    }
    std::vector<uint8_t> padded(buf->size(), 0);
    std::memcpy(padded.data(), data.data(), data.size() * sizeof(T));
    distributed::EnqueueWriteMeshBuffer(cq(), buf, padded, true);
  }
  template <typename T>
  std::vector<T> read(const std::shared_ptr<distributed::MeshBuffer> &buf, bool blocking = true) {
    std::vector<T> result(buf->size() / sizeof(T));
    distributed::EnqueueReadMeshBuffer(cq(), result, buf, blocking);
    return result;
  }

  /// Enqueues `program` on the whole mesh and waits for it.
  void run(Program &&program) {
    launch(std::move(program));
    finish();
  }
  void launch(Program &&program) {
    auto workload = std::make_unique<distributed::MeshWorkload>();
    workload->add_program(full_range(), std::move(program));
    distributed::EnqueueMeshWorkload(cq(), *workload, false);
    workloads_.push_back(std::move(workload)); // live until finish()
  }
  void finish() {
    distributed::Finish(cq());
    workloads_.clear();
  }

  CoreCoord physical_core(const CoreCoord &logical) const {
    return mesh_device_->worker_core_from_logical_core(logical);
  }
  distributed::MeshDevice &device() { return *mesh_device_; }
  const distributed::MeshDevice &device() const { return *mesh_device_; }
  distributed::MeshCommandQueue &cq() { return mesh_device_->mesh_command_queue(); }
  distributed::MeshCoordinateRange full_range() const {
    return distributed::MeshCoordinateRange(mesh_device_->shape());
  }

private:
  std::shared_ptr<distributed::MeshBuffer> buffer(DeviceAddr size, DeviceAddr page_size,
                                                  BufferType type) const {
    distributed::DeviceLocalBufferConfig local{.page_size = page_size, .buffer_type = type};
    return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = size},
                                           local, mesh_device_.get());
  }

  std::shared_ptr<distributed::MeshDevice> mesh_device_;
  bool owns_device_ = true;
  std::vector<std::unique_ptr<distributed::MeshWorkload>> workloads_;
};

} // namespace tt::tt_metal::experimental::ez
