// Small host-API pieces: assertion errors, data-format sizes, circular-buffer
// and kernel configuration types.
#include <tt-metalium/buffer.hpp>
#include <tt-metalium/assert.hpp>
#include <tt-metalium/circular_buffer_config.hpp>
#include <tt-metalium/data_types.hpp>
#include <tt-metalium/kernel_types.hpp>
#include <tt-metalium/tile_size.hpp>

#include <iostream>

namespace tt {

void throwAssert(const char *file, int line, const char *cond,
                 const std::string &message) {
  std::string what = cond ? fmt::format("TT_FATAL @ {}:{}: {}", file, line, cond)
                          : fmt::format("TT_THROW @ {}:{}", file, line);
  if (!message.empty())
    what += "\ninfo:\n" + message;
  throw std::runtime_error(what);
}

std::uint32_t tile_size(DataFormat f) {
  switch (f) {
  case DataFormat::Float32:
  case DataFormat::Int32:
  case DataFormat::UInt32:
  case DataFormat::Tf32:
  case DataFormat::RawUInt32:
    return 4096;
  case DataFormat::Float16:
  case DataFormat::Float16_b:
  case DataFormat::UInt16:
  case DataFormat::RawUInt16:
    return 2048;
  case DataFormat::Bfp8:
  case DataFormat::Bfp8_b:
    return 1024 + 64;
  case DataFormat::Bfp4:
  case DataFormat::Bfp4_b:
    return 512 + 64;
  case DataFormat::Bfp2:
  case DataFormat::Bfp2_b:
    return 256 + 64;
  case DataFormat::UInt8:
  case DataFormat::Int8:
  case DataFormat::Lf8:
  case DataFormat::Fp8_e4m3:
  case DataFormat::RawUInt8:
    return 1024;
  case DataFormat::Invalid:
    break;
  }
  TT_THROW("tile_size: invalid data format");
}

std::uint32_t datum_size(DataFormat f) { return tile_size(f) / 1024; }

std::ostream &operator<<(std::ostream &os, DataFormat f) {
  switch (f) {
  case DataFormat::Float32: return os << "Float32";
  case DataFormat::Float16: return os << "Float16";
  case DataFormat::Float16_b: return os << "Float16_b";
  case DataFormat::Bfp8_b: return os << "Bfp8_b";
  case DataFormat::Bfp4_b: return os << "Bfp4_b";
  case DataFormat::UInt32: return os << "UInt32";
  case DataFormat::Int32: return os << "Int32";
  case DataFormat::UInt16: return os << "UInt16";
  case DataFormat::UInt8: return os << "UInt8";
  default: return os << "DataFormat(" << static_cast<int>(f) << ")";
  }
}

namespace tt_metal {

CircularBufferConfig::CircularBufferConfig(
    std::uint32_t total_size, const std::map<std::uint8_t, tt::DataFormat> &formats)
    : total_size_(total_size), formats_(formats) {}

CircularBufferConfig::CircularBufferConfig(
    std::uint32_t total_size, const std::map<std::uint8_t, tt::DataFormat> &formats,
    const Buffer &buffer)
    : total_size_(total_size), formats_(formats) {
  set_globally_allocated_address(buffer);
}

CircularBufferConfig &CircularBufferConfig::set_page_size(std::uint8_t index,
                                                          std::uint32_t page_size) {
  TT_FATAL(formats_.count(index), "set_page_size: circular buffer {} has no "
           "data format in this config", index);
  TT_FATAL(page_size > 0 && total_size_ % page_size == 0,
           "set_page_size: total size {} is not a multiple of page size {}",
           total_size_, page_size);
  page_sizes_[index] = page_size;
  return *this;
}

CircularBufferConfig &CircularBufferConfig::set_total_size(std::uint32_t s) {
  total_size_ = s;
  return *this;
}

CircularBufferConfig &
CircularBufferConfig::set_globally_allocated_address(const Buffer &buffer) {
  // As tt-metal: the CB's storage is the buffer's L1, at its address on
  // every core, so it must be an L1 buffer and hold the whole CB.
  TT_FATAL(buffer.is_l1(),
           "Only L1 buffers can have an associated circular buffer!");
  TT_FATAL(total_size_ <= buffer.size(),
           "Cannot set circular buffer size to {}. This is larger than the "
           "associated buffer size {}.",
           total_size_, buffer.size());
  global_ = &buffer;
  return *this;
}

ReaderDataMovementConfig::ReaderDataMovementConfig(
    std::vector<std::uint32_t> ct, std::map<std::string, std::string> defs,
    std::unordered_map<std::string, std::uint32_t> named, KernelBuildOptLevel opt)
    // As tt-metal: NCRISC on the preferred NOC for DRAM reads (NOC 0 on
    // Wormhole and Blackhole, detail::GetPreferredNOCForDRAMRead); the
    // writer on BRISC and the preferred NOC for DRAM writes (NOC 1).
    : DataMovementConfig{DataMovementProcessor::RISCV_1, NOC::NOC_0,
                         NOC_MODE::DM_DEDICATED_NOC, std::move(ct),
                         std::move(defs), std::move(named), opt} {}

WriterDataMovementConfig::WriterDataMovementConfig(
    std::vector<std::uint32_t> ct, std::map<std::string, std::string> defs,
    std::unordered_map<std::string, std::uint32_t> named, KernelBuildOptLevel opt)
    : DataMovementConfig{DataMovementProcessor::RISCV_0, NOC::NOC_1,
                         NOC_MODE::DM_DEDICATED_NOC, std::move(ct),
                         std::move(defs), std::move(named), opt} {}

} // namespace tt_metal
} // namespace tt
