// Interleaved buffers: allocation, page placement and host transfers.
#include <algorithm>
#include <cstring>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include "Device/DeviceState.h"

namespace tt::tt_metal {

namespace {

/// tt-metal's legacy shard placement (core_to_host_pages): the host pages of
/// each shard in shard order, and each shard's shape in pages (partial
/// shards at the tensor's edges are smaller). Height sharding cuts the
/// page sequence into runs of a shard's page count; width and block
/// sharding walk a grid of shards over the 2-D tensor of pages, row by row.
struct ShardPlacement {
  std::vector<std::vector<uint32_t>> hostPages;
  std::vector<std::array<uint32_t, 2>> shape;
};

ShardPlacement placeShards(uint32_t totalPages, TensorMemoryLayout layout,
                           const ShardSpecBuffer &spec, uint32_t maxShards) {
  auto inPages = spec.shape_in_pages();
  uint32_t perShard = inPages[0] * inPages[1];
  ShardPlacement out;
  if (layout == TensorMemoryLayout::HEIGHT_SHARDED) {
    for (uint32_t start = 0; start < totalPages; start += perShard) {
      uint32_t end = std::min(totalPages, start + perShard);
      std::vector<uint32_t> pages(end - start);
      for (uint32_t i = 0; i < pages.size(); ++i)
        pages[i] = start + i;
      out.hostPages.push_back(std::move(pages));
      out.shape.push_back(inPages);
    }
    return out;
  }
  // As tt-metal, one shard per core of the grid, walking the shard grid
  // over tensor2d_shape_in_pages row by row; pages past the tensor's
  // rows or columns are left out of a shard.
  auto t = spec.tensor2d_shape_in_pages;
  uint32_t shardsPerRow = (t[1] + inPages[1] - 1) / inPages[1];
  uint32_t shardRows = (t[0] + inPages[0] - 1) / inPages[0];
  uint32_t numShards = std::min(maxShards, shardsPerRow * shardRows);
  for (uint32_t s = 0; s < numShards; ++s) {
    uint32_t r0 = (s / shardsPerRow) * inPages[0];
    uint32_t c0 = (s % shardsPerRow) * inPages[1];
    uint32_t rows = std::min(inPages[0], t[0] - r0);
    uint32_t cols = std::min(inPages[1], t[1] - c0);
    std::vector<uint32_t> pages;
    for (uint32_t r = 0; r < rows; ++r)
      for (uint32_t c = 0; c < cols; ++c) {
        uint32_t page = (r0 + r) * t[1] + c0 + c;
        TT_FATAL(page < totalPages,
                 "sharded buffer: tensor2d_shape_in_pages {}x{} places page "
                 "{} but the buffer has only {} pages",
                 t[0], t[1], page, totalPages);
        pages.push_back(page);
      }
    out.hostPages.push_back(std::move(pages));
    out.shape.push_back({rows, cols});
  }
  return out;
}

} // namespace

std::shared_ptr<Buffer> Buffer::create(IDevice *device, DeviceAddr size,
                                       DeviceAddr page_size, BufferType type,
                                       std::optional<DeviceAddr> address) {
  return create(device, size, page_size, type, BufferShardingArgs(), {},
                address);
}

std::shared_ptr<Buffer> Buffer::create(IDevice *device, DeviceAddr size,
                                       DeviceAddr page_size, BufferType type,
                                       const BufferShardingArgs &sharding,
                                       std::optional<bool>,
                                       std::optional<DeviceAddr> address) {
  TT_FATAL(device, "Buffer::create: device is null");
  TT_FATAL(page_size > 0, "Buffer::create: page_size must be positive");
  TT_FATAL(size % page_size == 0,
           "Buffer::create: size {} is not a multiple of page_size {}", size,
           page_size);
  // Page indices and addresses are 32-bit on the device (and in kernels'
  // runtime arguments): a larger count would wrap into a smaller buffer.
  TT_FATAL(size / page_size <= UINT32_MAX,
           "Buffer::create: {} pages of {} bytes exceed the 2^32 pages a "
           "buffer can index",
           size / page_size, page_size);
  TT_FATAL(!address || *address <= UINT32_MAX,
           "Buffer::create: address 0x{:x} does not fit the 32-bit device "
           "address space",
           *address);
  TT_FATAL(type == BufferType::DRAM || type == BufferType::L1 ||
               type == BufferType::L1_SMALL,
           "the emulator supports DRAM and L1 buffers only");
  std::shared_ptr<Buffer> b(new Buffer());
  b->device_ = device;
  b->state_ = device->emuState();
  const ttemu::ArchSpec &arch = b->state_->arch;
  b->size_ = size;
  b->page_size_ = page_size;
  b->type_ = type;
  b->layout_ = sharding.buffer_layout();
  uint32_t numPages = b->num_pages();
  std::optional<uint32_t> fixed;
  if (address)
    fixed = static_cast<uint32_t>(*address);
  if (b->is_sharded()) {
    TT_FATAL(sharding.shard_spec().has_value(),
             "Buffer was specified as sharded ({}) but does not have "
             "shard_parameters",
             b->layout_);
    TT_FATAL(type != BufferType::DRAM,
             "DRAM-sharded buffers are not emulated (only L1 sharding)");
    const ShardSpecBuffer &spec = *sharding.shard_spec();
    auto inPages = spec.shape_in_pages();
    TT_FATAL(inPages[0] > 0 && inPages[1] > 0,
             "sharded buffer: shard shape {}x{} holds no whole page of {}x{}",
             spec.shape()[0], spec.shape()[1], spec.page_shape[0],
             spec.page_shape[1]);
    std::vector<CoreCoord> cores = corerange_to_cores(
        spec.grid(), std::nullopt,
        spec.orientation() == ShardOrientation::ROW_MAJOR);
    ShardPlacement placed = placeShards(numPages, b->layout_, spec,
                                        static_cast<uint32_t>(cores.size()));
    TT_FATAL(placed.hostPages.size() <= cores.size(),
             "sharded buffer of {} pages in shards of {}x{} pages needs {} "
             "cores but the shard grid {} has {}",
             numPages, inPages[0], inPages[1], placed.hostPages.size(),
             spec.grid().str(), cores.size());
    for (const CoreCoord &c : cores)
      TT_FATAL(b->state_->inGrid(c.x, c.y),
               "sharded buffer: core ({},{}) of the shard grid is outside the "
               "{}x{} worker grid",
               c.x, c.y, arch.gridX, arch.gridY);
    b->shard_spec_ = spec;
    b->shard_cores_ = std::move(cores);
    // Every host page must land somewhere (a slot past the end marks the
    // ones the spec leaves out).
    b->shard_page_.assign(numPages, {UINT32_MAX, 0});
    for (uint32_t s = 0; s < placed.hostPages.size(); ++s) {
      const auto &pages = placed.hostPages[s];
      uint32_t cols = placed.shape[s][1];
      // A page's slot is its position in the full shard, so partial shards
      // leave the slots of their missing pages unused (as on the device).
      for (uint32_t i = 0; i < pages.size(); ++i) {
        uint32_t slot = b->layout_ == TensorMemoryLayout::HEIGHT_SHARDED
                            ? i
                            : (i / cols) * inPages[1] + i % cols;
        b->shard_page_[pages[i]] = {s, slot};
      }
    }
    for (uint32_t p = 0; p < numPages; ++p)
      TT_FATAL(b->shard_page_[p].first != UINT32_MAX,
               "sharded buffer: page {} of {} lies in no shard: shards of "
               "{}x{} pages over tensor2d_shape_in_pages {}x{} on {} cores",
               p, numPages, inPages[0], inPages[1],
               spec.tensor2d_shape_in_pages[0],
               spec.tensor2d_shape_in_pages[1], b->shard_cores_.size());
    b->aligned_page_size_ = ttemu::alignUp(page_size, arch.l1Alignment);
    b->bytes_per_bank_ = spec.num_pages() * b->aligned_page_size_;
    b->address_ = b->state_->allocateL1(b->bytes_per_bank_, b.get(), fixed);
    return b;
  }
  if (type == BufferType::DRAM) {
    b->aligned_page_size_ = ttemu::alignUp(page_size, arch.dramAlignment);
    uint64_t pagesPerBank = (numPages + arch.numDramBanks - 1) / arch.numDramBanks;
    b->bytes_per_bank_ = pagesPerBank * b->aligned_page_size_;
    b->address_ = b->state_->allocateDram(b->bytes_per_bank_, b.get(), fixed);
    b->dram_.assign(b->bytes_per_bank_ * arch.numDramBanks, 0);
  } else {
    b->aligned_page_size_ = ttemu::alignUp(page_size, arch.l1Alignment);
    uint64_t pagesPerCore = (numPages + arch.numCores() - 1) / arch.numCores();
    b->bytes_per_bank_ = pagesPerCore * b->aligned_page_size_;
    b->address_ = b->state_->allocateL1(b->bytes_per_bank_, b.get(), fixed);
  }
  return b;
}

Buffer::~Buffer() {
  if (state_)
    state_->deallocate(type_ == BufferType::DRAM ? BufferType::DRAM
                                                 : BufferType::L1,
                       address_);
}

std::uint32_t Buffer::num_pages() const {
  return static_cast<uint32_t>(size_ / page_size_);
}

std::uint8_t *Buffer::bankPtr(std::uint32_t bank, DeviceAddr offset) const {
  return dram_.data() + bank * bytes_per_bank_ + offset;
}

const ShardSpecBuffer &Buffer::shard_spec() const {
  TT_FATAL(shard_spec_.has_value(),
           "Buffer::shard_spec() of a buffer that is not sharded ({})",
           layout_);
  return *shard_spec_;
}

std::optional<std::uint32_t> Buffer::num_cores() const {
  if (!is_sharded())
    return std::nullopt;
  return static_cast<std::uint32_t>(shard_cores_.size());
}

std::uint8_t *Buffer::pagePtr(std::uint32_t page, std::uint32_t offset) const {
  const ttemu::ArchSpec &arch = state_->arch;
  if (is_sharded()) {
    auto [shard, slot] = shard_page_.at(page);
    CoreCoord c = shard_cores_[shard];
    return state_->l1(c.x, c.y) + address_ + slot * aligned_page_size_ + offset;
  }
  if (type_ == BufferType::DRAM)
    return bankPtr(page % arch.numDramBanks,
                   (page / arch.numDramBanks) * aligned_page_size_ + offset);
  CoreCoord c = state_->l1BankCore(page % arch.numCores());
  return state_->l1(c.x, c.y) + address_ +
         (page / arch.numCores()) * aligned_page_size_ + offset;
}

CoreCoord Buffer::noc_coordinates() const {
  if (is_sharded())
    return state_->workerNoc(shard_cores_[0].x, shard_cores_[0].y);
  if (type_ == BufferType::DRAM)
    return state_->dramNoc(0);
  CoreCoord c = state_->l1BankCore(0);
  return state_->workerNoc(c.x, c.y);
}

void Buffer::writeBytes(const void *src, std::size_t bytes) {
  TT_FATAL(bytes <= size_, "write of {} bytes into a buffer of {} bytes", bytes,
           size_);
  auto *s = static_cast<const std::uint8_t *>(src);
  for (std::uint32_t p = 0; p * page_size_ < bytes; ++p)
    std::memcpy(pagePtr(p), s + p * page_size_,
                std::min<std::size_t>(page_size_, bytes - p * page_size_));
}

void Buffer::readBytes(void *dst, std::size_t bytes) const {
  TT_FATAL(bytes <= size_, "read of {} bytes from a buffer of {} bytes", bytes,
           size_);
  auto *d = static_cast<std::uint8_t *>(dst);
  for (std::uint32_t p = 0; p * page_size_ < bytes; ++p)
    std::memcpy(d + p * page_size_, pagePtr(p),
                std::min<std::size_t>(page_size_, bytes - p * page_size_));
}

std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig &config) {
  return Buffer::create(config.device, config.size, config.page_size,
                        config.buffer_type);
}

std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig &config,
                                     DeviceAddr address) {
  return Buffer::create(config.device, config.size, config.page_size,
                        config.buffer_type, address);
}

std::shared_ptr<Buffer> CreateBuffer(const ShardedBufferConfig &config) {
  return Buffer::create(
      config.device, config.size, config.page_size, config.buffer_type,
      BufferShardingArgs(config.shard_parameters, config.buffer_layout));
}

std::shared_ptr<Buffer> CreateBuffer(const ShardedBufferConfig &config,
                                     DeviceAddr address) {
  return Buffer::create(
      config.device, config.size, config.page_size, config.buffer_type,
      BufferShardingArgs(config.shard_parameters, config.buffer_layout), {},
      address);
}

ShardSpec::ShardSpec(const CoreRangeSet &core_sets,
                     const std::array<std::uint32_t, 2> &shard_shape,
                     const std::array<std::uint32_t, 2> &physical_shape,
                     const ShardOrientation &shard_orientation)
    : grid(core_sets), shape(shard_shape), orientation(shard_orientation),
      mode(ShardMode::LOGICAL), physical_shard_shape(physical_shape) {
  TT_FATAL(physical_shape[0] >= shard_shape[0] &&
               physical_shape[1] >= shard_shape[1],
           "Physical shard shape ({}, {}) must be greater or equal to logical "
           "shard shape ({}, {})!",
           physical_shape[0], physical_shape[1], shard_shape[0],
           shard_shape[1]);
}

std::string_view enumName(TensorMemoryLayout layout) {
  switch (layout) {
  case TensorMemoryLayout::INTERLEAVED:
    return "TensorMemoryLayout::INTERLEAVED";
  case TensorMemoryLayout::HEIGHT_SHARDED:
    return "TensorMemoryLayout::HEIGHT_SHARDED";
  case TensorMemoryLayout::WIDTH_SHARDED:
    return "TensorMemoryLayout::WIDTH_SHARDED";
  case TensorMemoryLayout::BLOCK_SHARDED:
    return "TensorMemoryLayout::BLOCK_SHARDED";
  }
  return "TensorMemoryLayout::?";
}

std::string_view enumName(BufferType type) {
  switch (type) {
  case BufferType::DRAM:
    return "BufferType::DRAM";
  case BufferType::L1:
    return "BufferType::L1";
  case BufferType::SYSTEM_MEMORY:
    return "BufferType::SYSTEM_MEMORY";
  case BufferType::L1_SMALL:
    return "BufferType::L1_SMALL";
  case BufferType::TRACE:
    return "BufferType::TRACE";
  }
  return "BufferType::?";
}

std::string_view enumName(ShardOrientation orientation) {
  return orientation == ShardOrientation::ROW_MAJOR
             ? "ShardOrientation::ROW_MAJOR"
             : "ShardOrientation::COL_MAJOR";
}

void DeallocateBuffer(Buffer &) {
  // Storage is released when the last reference goes away.
}

TensorAccessorArgs::TensorAccessorArgs(const Buffer &buffer,
                                       tensor_accessor::ArgsConfig) {
  // As tt-metal for an interleaved buffer: the ArgConfig word, then the
  // aligned page size (so a kernel may write TensorAccessor(args, addr)).
  TT_FATAL(!buffer.is_sharded(),
           "TensorAccessorArgs of a sharded buffer ({}) are not emulated; "
           "only interleaved buffers are",
           buffer.buffer_layout());
  flags_ = buffer.is_dram()
               ? static_cast<uint32_t>(tensor_accessor::ArgConfig::IsDram)
               : 0;
  pageSize_ = static_cast<uint32_t>(buffer.aligned_page_size());
}

TensorAccessorArgs::TensorAccessorArgs(const distributed::MeshBuffer &buffer,
                                       tensor_accessor::ArgsConfig c)
    : TensorAccessorArgs(*buffer.get_reference_buffer(), c) {}

void TensorAccessorArgs::append_to(std::vector<uint32_t> &ct) const {
  ct.push_back(flags_);
  ct.push_back(pageSize_);
}

void TensorAccessorArgs::append_to(std::vector<uint32_t> &ct,
                                   std::vector<uint32_t> &) const {
  append_to(ct);
}

std::vector<uint32_t> TensorAccessorArgs::get_compile_time_args() const {
  return {flags_, pageSize_};
}

} // namespace tt::tt_metal
