// Interleaved buffers: allocation, page placement and host transfers.
#include <cstring>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include "Device/DeviceState.h"

namespace tt::tt_metal {

std::shared_ptr<Buffer> Buffer::create(IDevice *device, DeviceAddr size,
                                       DeviceAddr page_size, BufferType type,
                                       std::optional<DeviceAddr> address) {
  TT_FATAL(device, "Buffer::create: device is null");
  TT_FATAL(page_size > 0, "Buffer::create: page_size must be positive");
  TT_FATAL(size % page_size == 0,
           "Buffer::create: size {} is not a multiple of page_size {}", size,
           page_size);
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
  uint32_t numPages = b->num_pages();
  std::optional<uint32_t> fixed;
  if (address)
    fixed = static_cast<uint32_t>(*address);
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

std::uint8_t *Buffer::pagePtr(std::uint32_t page, std::uint32_t offset) const {
  const ttemu::ArchSpec &arch = state_->arch;
  if (type_ == BufferType::DRAM)
    return bankPtr(page % arch.numDramBanks,
                   (page / arch.numDramBanks) * aligned_page_size_ + offset);
  CoreCoord c = state_->l1BankCore(page % arch.numCores());
  return state_->l1(c.x, c.y) + address_ +
         (page / arch.numCores()) * aligned_page_size_ + offset;
}

CoreCoord Buffer::noc_coordinates() const {
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

void DeallocateBuffer(Buffer &) {
  // Storage is released when the last reference goes away.
}

TensorAccessorArgs::TensorAccessorArgs(const Buffer &buffer,
                                       tensor_accessor::ArgsConfig) {
  // As tt-metal for an interleaved buffer: the ArgConfig word, then the
  // aligned page size (so a kernel may write TensorAccessor(args, addr)).
  flags_ = buffer.is_dram()
               ? static_cast<uint32_t>(tensor_accessor::ArgConfig::IsDram)
               : 0;
  pageSize_ = static_cast<uint32_t>(buffer.aligned_page_size());
}

TensorAccessorArgs::TensorAccessorArgs(const distributed::MeshBuffer &buffer,
                                       tensor_accessor::ArgsConfig c)
    : TensorAccessorArgs(*buffer.get_device_buffer(), c) {}

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

namespace distributed {

std::shared_ptr<MeshBuffer> MeshBuffer::create(const MeshBufferConfig &config,
                                               const DeviceLocalBufferConfig &local,
                                               MeshDevice *device,
                                               std::optional<DeviceAddr> address) {
  DeviceAddr size = 0;
  if (auto *r = std::get_if<ReplicatedBufferConfig>(&config))
    size = r->size;
  else
    size = std::get<ShardedBufferConfig>(config).global_size;
  std::shared_ptr<MeshBuffer> mb(new MeshBuffer());
  mb->device_ = device;
  mb->local_ = local;
  mb->config_ = config;
  mb->buffer_ =
      Buffer::create(device, size, local.page_size, local.buffer_type, address);
  return mb;
}

} // namespace distributed
} // namespace tt::tt_metal
