// Device buffers: interleaved pages over DRAM banks or L1 of the worker
// cores, or sharded over the L1 of a grid of cores.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <tt-metalium/buffer_types.hpp>
#include <tt-metalium/core_coord.hpp>

namespace ttemu {
class DeviceState;
} // namespace ttemu

namespace tt::tt_metal {

class IDevice;

/// Where the shards of a sharded tensor go: the core grid, the shard shape
/// (in elements, [height, width]) and the order of the cores.
struct ShardSpec {
  CoreRangeSet grid;
  std::array<std::uint32_t, 2> shape;
  ShardOrientation orientation = ShardOrientation::ROW_MAJOR;
  ShardMode mode = ShardMode::PHYSICAL;
  std::optional<std::array<std::uint32_t, 2>> physical_shard_shape;

  ShardSpec(const CoreRangeSet &core_sets,
            const std::array<std::uint32_t, 2> &shard_shape,
            const ShardOrientation &shard_orientation = ShardOrientation::ROW_MAJOR,
            const ShardMode &shard_mode = ShardMode::PHYSICAL)
      : grid(core_sets), shape(shard_shape), orientation(shard_orientation),
        mode(shard_mode) {}
  ShardSpec(const CoreRangeSet &core_sets,
            const std::array<std::uint32_t, 2> &shard_shape,
            const std::array<std::uint32_t, 2> &physical_shape,
            const ShardOrientation &shard_orientation = ShardOrientation::ROW_MAJOR);

  std::uint32_t num_cores() const { return grid.num_cores(); }
  std::uint32_t numel() const { return shape[0] * shape[1]; }
  bool operator==(const ShardSpec &o) const {
    return grid == o.grid && shape == o.shape && orientation == o.orientation &&
           mode == o.mode && physical_shard_shape == o.physical_shard_shape;
  }
  bool operator!=(const ShardSpec &o) const { return !(*this == o); }
};

/// A ShardSpec plus the page shape and the tensor's 2-D shape in pages, which
/// together fix which host page lands on which core (tt-metal's legacy
/// sharded buffer description).
struct ShardSpecBuffer {
  ShardSpec tensor_shard_spec;
  std::array<std::uint32_t, 2> page_shape;
  std::array<std::uint32_t, 2> tensor2d_shape_in_pages;

  ShardSpecBuffer(const CoreRangeSet &core_sets,
                  const std::array<std::uint32_t, 2> &shard_shape,
                  const ShardOrientation &shard_orientation,
                  const std::array<std::uint32_t, 2> &page_shape_,
                  const std::array<std::uint32_t, 2> &tensor2d_shape_in_pages_)
      : tensor_shard_spec(core_sets, shard_shape, shard_orientation),
        page_shape(page_shape_), tensor2d_shape_in_pages(tensor2d_shape_in_pages_) {}
  ShardSpecBuffer(const ShardSpec &shard_spec,
                  const std::array<std::uint32_t, 2> &page_shape_,
                  const std::array<std::uint32_t, 2> &tensor2d_shape_in_pages_)
      : tensor_shard_spec(shard_spec), page_shape(page_shape_),
        tensor2d_shape_in_pages(tensor2d_shape_in_pages_) {}

  CoreRangeSet grid() const { return tensor_shard_spec.grid; }
  std::array<std::uint32_t, 2> shape() const { return tensor_shard_spec.shape; }
  ShardOrientation orientation() const { return tensor_shard_spec.orientation; }
  void set_shard_spec(const ShardSpec &spec) { tensor_shard_spec = spec; }
  /// Shape in pages of a full shard.
  std::array<std::uint32_t, 2> shape_in_pages() const {
    return {page_shape[0] == 0 ? 0 : tensor_shard_spec.shape[0] / page_shape[0],
            page_shape[1] == 0 ? 0 : tensor_shard_spec.shape[1] / page_shape[1]};
  }
  DeviceAddr num_pages() const {
    auto s = shape_in_pages();
    return DeviceAddr(s[0]) * s[1];
  }
};

struct InterleavedBufferConfig {
  IDevice *device = nullptr;
  DeviceAddr size = 0;
  DeviceAddr page_size = 0;
  BufferType buffer_type = BufferType::DRAM;
  TensorMemoryLayout buffer_layout = TensorMemoryLayout::INTERLEAVED;
};

/// As tt-metal's ShardedBufferConfig (a separate struct so that designated
/// initialisers work).
struct ShardedBufferConfig {
  IDevice *device = nullptr;
  DeviceAddr size = 0;
  DeviceAddr page_size = 0;
  BufferType buffer_type = BufferType::L1;
  TensorMemoryLayout buffer_layout = TensorMemoryLayout::HEIGHT_SHARDED;
  ShardSpecBuffer shard_parameters;
};

/// How a buffer is distributed: interleaved (no shard spec) or sharded by a
/// ShardSpecBuffer in one of the sharded layouts.
class BufferShardingArgs {
public:
  BufferShardingArgs() = default;
  BufferShardingArgs(std::nullopt_t) {}
  BufferShardingArgs(ShardSpecBuffer shard_spec, TensorMemoryLayout layout)
      : shard_spec_(std::move(shard_spec)), buffer_layout_(layout) {}
  BufferShardingArgs(std::optional<ShardSpecBuffer> shard_spec,
                     TensorMemoryLayout layout)
      : shard_spec_(std::move(shard_spec)), buffer_layout_(layout) {}

  TensorMemoryLayout buffer_layout() const { return buffer_layout_; }
  const std::optional<ShardSpecBuffer> &shard_spec() const { return shard_spec_; }

private:
  std::optional<ShardSpecBuffer> shard_spec_;
  TensorMemoryLayout buffer_layout_ = TensorMemoryLayout::INTERLEAVED;
};

/// A buffer whose page `p` lives in bank `p mod num_banks`, at the same
/// address in every bank (as tt-metal's interleaved allocator lays it out).
class Buffer {
public:
  static std::shared_ptr<Buffer> create(IDevice *device, DeviceAddr size,
                                        DeviceAddr page_size,
                                        BufferType buffer_type,
                                        std::optional<DeviceAddr> address = {});
  /// A buffer laid out by `sharding_args`: interleaved, or sharded over the
  /// L1 of a core grid (each core holding one shard at the same address).
  static std::shared_ptr<Buffer> create(IDevice *device, DeviceAddr size,
                                        DeviceAddr page_size,
                                        BufferType buffer_type,
                                        const BufferShardingArgs &sharding_args,
                                        std::optional<bool> bottom_up = {},
                                        std::optional<DeviceAddr> address = {});
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;
  ~Buffer();

  // 32-bit, as kernels take it in runtime arguments built from braced lists.
  std::uint32_t address() const { return address_; }
  DeviceAddr size() const { return size_; }
  DeviceAddr page_size() const { return page_size_; }
  DeviceAddr aligned_page_size() const { return aligned_page_size_; }
  std::uint32_t num_pages() const;
  BufferType buffer_type() const { return type_; }
  TensorMemoryLayout buffer_layout() const { return layout_; }
  bool is_sharded() const { return tt::tt_metal::is_sharded(layout_); }
  /// The shard spec of a sharded buffer (an error for an interleaved one).
  const ShardSpecBuffer &shard_spec() const;
  /// The number of cores a sharded buffer spans; none if interleaved.
  std::optional<std::uint32_t> num_cores() const;
  /// Bytes the buffer takes in each bank (DRAM bank, or core for L1).
  DeviceAddr aligned_size_per_bank() const { return bytes_per_bank_; }
  bool is_dram() const { return type_ == BufferType::DRAM; }
  bool is_l1() const {
    return type_ == BufferType::L1 || type_ == BufferType::L1_SMALL;
  }
  IDevice *device() const { return device_; }
  /// NOC coordinates of the bank holding page 0 (older API, for kernels
  /// that address a one-page buffer with get_noc_addr(x, y, addr)).
  CoreCoord noc_coordinates() const;

  /// Emulator internals: host pointer to byte `offset` of page `page`.
  std::uint8_t *pagePtr(std::uint32_t page, std::uint32_t offset = 0) const;
  void writeBytes(const void *src, std::size_t bytes);
  void readBytes(void *dst, std::size_t bytes) const;
  /// Host pointer to byte `offset` of this buffer's slice in DRAM bank
  /// `bank` (DRAM buffers only).
  std::uint8_t *bankPtr(std::uint32_t bank, DeviceAddr offset) const;
  DeviceAddr bytesPerBank() const { return bytes_per_bank_; }
  /// The cores of a sharded buffer in shard order (orientation applied).
  const std::vector<CoreCoord> &shardCores() const { return shard_cores_; }

private:
  Buffer() = default;
  IDevice *device_ = nullptr;
  std::shared_ptr<ttemu::DeviceState> state_;
  DeviceAddr size_ = 0, page_size_ = 0, aligned_page_size_ = 0;
  std::uint32_t address_ = 0;
  BufferType type_ = BufferType::DRAM;
  DeviceAddr bytes_per_bank_ = 0;
  TensorMemoryLayout layout_ = TensorMemoryLayout::INTERLEAVED;
  std::optional<ShardSpecBuffer> shard_spec_;
  std::vector<CoreCoord> shard_cores_;
  // Host page -> (index into shard_cores_, page slot within that shard).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> shard_page_;
  // DRAM contents, bank-major; L1 contents live in the cores' L1.
  mutable std::vector<std::uint8_t> dram_;
};

} // namespace tt::tt_metal
