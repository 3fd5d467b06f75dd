// RuntimeArgsData: mutable view of one core's runtime arguments.
#pragma once

#include <cstddef>
#include <cstdint>

#include <tt-metalium/assert.hpp>

namespace tt::tt_metal {

struct RuntimeArgsData {
  std::uint32_t *rt_args_data = nullptr;
  std::size_t rt_args_count = 0;

  std::uint32_t &operator[](std::size_t i) {
    TT_FATAL(i < rt_args_count, "runtime arg index {} out of range (size {})",
             i, rt_args_count);
    return rt_args_data[i];
  }
  const std::uint32_t &operator[](std::size_t i) const {
    TT_FATAL(i < rt_args_count, "runtime arg index {} out of range (size {})",
             i, rt_args_count);
    return rt_args_data[i];
  }
  std::uint32_t &at(std::size_t i) { return (*this)[i]; }
  std::size_t size() const { return rt_args_count; }
  std::uint32_t *data() { return rt_args_data; }
  std::uint32_t *begin() { return rt_args_data; }
  std::uint32_t *end() { return rt_args_data + rt_args_count; }
};

} // namespace tt::tt_metal
