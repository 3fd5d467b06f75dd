// Device buffers: interleaved pages over DRAM banks or L1 of the worker cores.
#pragma once

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

struct InterleavedBufferConfig {
  IDevice *device = nullptr;
  DeviceAddr size = 0;
  DeviceAddr page_size = 0;
  BufferType buffer_type = BufferType::DRAM;
  TensorMemoryLayout buffer_layout = TensorMemoryLayout::INTERLEAVED;
};

/// A buffer whose page `p` lives in bank `p mod num_banks`, at the same
/// address in every bank (as tt-metal's interleaved allocator lays it out).
class Buffer {
public:
  static std::shared_ptr<Buffer> create(IDevice *device, DeviceAddr size,
                                        DeviceAddr page_size,
                                        BufferType buffer_type,
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
  TensorMemoryLayout buffer_layout() const {
    return TensorMemoryLayout::INTERLEAVED;
  }
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

private:
  Buffer() = default;
  IDevice *device_ = nullptr;
  std::shared_ptr<ttemu::DeviceState> state_;
  DeviceAddr size_ = 0, page_size_ = 0, aligned_page_size_ = 0;
  std::uint32_t address_ = 0;
  BufferType type_ = BufferType::DRAM;
  DeviceAddr bytes_per_bank_ = 0;
  // DRAM contents, bank-major; L1 contents live in the cores' L1.
  mutable std::vector<std::uint8_t> dram_;
};

} // namespace tt::tt_metal
