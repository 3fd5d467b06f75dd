// CircularBufferConfig: size, per-index data format and page size of a CB.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>

#include <hostdevcommon/kernel_structs.h>
#include <tt-metalium/data_types.hpp>

namespace tt::tt_metal {

class Buffer;
using CBHandle = std::uintptr_t;

class CircularBufferConfig {
public:
  CircularBufferConfig(std::uint32_t total_size) : total_size_(total_size) {}
  CircularBufferConfig(std::uint32_t total_size,
                       const std::map<std::uint8_t, tt::DataFormat> &formats);
  CircularBufferConfig(std::uint32_t total_size,
                       const std::map<std::uint8_t, tt::DataFormat> &formats,
                       const Buffer &globally_allocated);

  CircularBufferConfig &set_page_size(std::uint8_t buffer_index,
                                      std::uint32_t page_size);
  CircularBufferConfig &set_total_size(std::uint32_t total_size);
  CircularBufferConfig &set_globally_allocated_address(const Buffer &buffer);
  CircularBufferConfig &set_tile_dims(std::uint8_t, const void *) {
    return *this;
  }
  /// The newer builder form: `CircularBufferConfig(size).index(i).set_...`.
  class Builder;
  Builder index(std::uint8_t buffer_index);

  std::uint32_t total_size() const { return total_size_; }
  const std::map<std::uint8_t, tt::DataFormat> &data_formats() const {
    return formats_;
  }
  const std::map<std::uint8_t, std::uint32_t> &page_sizes() const {
    return page_sizes_;
  }
  const Buffer *globally_allocated_buffer() const { return global_; }

private:
  std::uint32_t total_size_ = 0;
  std::map<std::uint8_t, tt::DataFormat> formats_;
  std::map<std::uint8_t, std::uint32_t> page_sizes_;
  const Buffer *global_ = nullptr;
  friend class Builder;
};

class CircularBufferConfig::Builder {
public:
  Builder(CircularBufferConfig &cfg, std::uint8_t index)
      : cfg_(cfg), index_(index) {}
  Builder &set_data_format(tt::DataFormat f) {
    cfg_.formats_[index_] = f;
    return *this;
  }
  Builder &set_page_size(std::uint32_t s) {
    cfg_.page_sizes_[index_] = s;
    return *this;
  }
  Builder &set_total_size(std::uint32_t s) {
    cfg_.total_size_ = s;
    return *this;
  }
  operator CircularBufferConfig &() { return cfg_; }

private:
  CircularBufferConfig &cfg_;
  std::uint8_t index_;
};

inline CircularBufferConfig::Builder
CircularBufferConfig::index(std::uint8_t buffer_index) {
  return Builder(*this, buffer_index);
}

} // namespace tt::tt_metal
