// Buffer placement enums: memory kind and tensor memory layout.
#pragma once

#include <cstdint>
#include <string_view>

#include <fmt/format.h>

namespace tt::tt_metal {

using DeviceAddr = std::uint64_t;

enum class BufferType { DRAM, L1, SYSTEM_MEMORY, L1_SMALL, TRACE };

enum class TensorMemoryLayout {
  INTERLEAVED = 0,
  HEIGHT_SHARDED = 2,
  WIDTH_SHARDED = 3,
  BLOCK_SHARDED = 4,
};

/// The order in which shards are laid onto the cores of a shard grid.
enum class ShardOrientation { ROW_MAJOR, COL_MAJOR };

/// Whether a shard shape counts logical elements or the physical (padded)
/// shard; the emulator places shards by the physical shape either way.
enum class ShardMode { PHYSICAL, LOGICAL };

inline bool is_sharded(const TensorMemoryLayout &layout) {
  return layout == TensorMemoryLayout::HEIGHT_SHARDED ||
         layout == TensorMemoryLayout::WIDTH_SHARDED ||
         layout == TensorMemoryLayout::BLOCK_SHARDED;
}

/// Enum names as tt-metal prints them (`TensorMemoryLayout::HEIGHT_SHARDED`).
std::string_view enumName(TensorMemoryLayout layout);
std::string_view enumName(BufferType type);
std::string_view enumName(ShardOrientation orientation);

} // namespace tt::tt_metal

template <typename E>
  requires(std::is_same_v<E, tt::tt_metal::TensorMemoryLayout> ||
           std::is_same_v<E, tt::tt_metal::BufferType> ||
           std::is_same_v<E, tt::tt_metal::ShardOrientation>)
struct fmt::formatter<E> : fmt::formatter<std::string_view> {
  auto format(E e, fmt::format_context &ctx) const {
    return fmt::formatter<std::string_view>::format(tt::tt_metal::enumName(e),
                                                    ctx);
  }
};

namespace tt::tt_metal {

} // namespace tt::tt_metal
