// Host side of TensorAccessor: the compile-time arguments that tell a
// kernel's `TensorAccessorArgs<offset>()` how a buffer is laid out.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <tt-metalium/buffer.hpp>

namespace tt::tt_metal {

namespace distributed {
class MeshBuffer;
}

namespace tensor_accessor {
/// Bits of the one compile-time word an interleaved accessor takes (the
/// same count tt-metal emits, so hand-computed offsets stay valid).
enum class ArgConfig : std::uint8_t {
  None = 0,
  Sharded = 1 << 0,
  IsDram = 1 << 1,
};
using ArgsConfig = ArgConfig;
} // namespace tensor_accessor

class TensorAccessorArgs {
public:
  TensorAccessorArgs() = default;
  explicit TensorAccessorArgs(const Buffer &buffer,
                              tensor_accessor::ArgsConfig = {});
  explicit TensorAccessorArgs(const Buffer *buffer,
                              tensor_accessor::ArgsConfig c = {})
      : TensorAccessorArgs(*buffer, c) {}
  explicit TensorAccessorArgs(const std::shared_ptr<Buffer> &buffer,
                              tensor_accessor::ArgsConfig c = {})
      : TensorAccessorArgs(*buffer, c) {}
  explicit TensorAccessorArgs(const distributed::MeshBuffer &buffer,
                              tensor_accessor::ArgsConfig = {});
  explicit TensorAccessorArgs(
      const std::shared_ptr<distributed::MeshBuffer> &buffer,
      tensor_accessor::ArgsConfig c = {})
      : TensorAccessorArgs(*buffer, c) {}

  void append_to(std::vector<std::uint32_t> &compile_time_args) const;
  void append_to(std::vector<std::uint32_t> &compile_time_args,
                 std::vector<std::uint32_t> &common_runtime_args) const;
  std::vector<std::uint32_t> get_compile_time_args() const;
  std::vector<std::uint32_t> get_common_runtime_args() const { return {}; }

private:
  std::uint32_t flags_ = 0;
  std::uint32_t pageSize_ = 0;
};

} // namespace tt::tt_metal
