// Allocator: the per-device buffer allocator's queries host programs use
// (alignment and bank counts); allocation itself goes through CreateBuffer.
#pragma once

#include <cstdint>
#include <memory>

#include <tt-metalium/buffer_types.hpp>

namespace ttemu {
class DeviceState;
} // namespace ttemu

namespace tt::tt_metal {

class Allocator {
public:
  explicit Allocator(const ttemu::DeviceState &state) : state_(state) {}
  /// Address alignment of buffers of `type` (DRAM and L1 differ).
  std::uint32_t get_alignment(BufferType type) const;
  std::uint32_t get_num_banks(BufferType type) const;
  /// Bytes one bank of `type` holds (a DRAM channel, or one core's L1).
  DeviceAddr get_bank_size(BufferType type) const;

private:
  const ttemu::DeviceState &state_;
};

} // namespace tt::tt_metal
