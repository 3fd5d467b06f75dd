// Tile byte sizes per data format (tt::tile_size, detail::TileSize).
#pragma once

#include <cstdint>

#include <tt-metalium/data_types.hpp>

namespace tt {
/// Bytes of one 32x32 tile in `format` (bfp formats include exponents).
std::uint32_t tile_size(DataFormat format);
/// Bytes of one element (bfp formats report their mantissa byte).
std::uint32_t datum_size(DataFormat format);
namespace tt_metal::detail {
inline std::uint32_t TileSize(DataFormat format) { return tt::tile_size(format); }
} // namespace tt_metal::detail
} // namespace tt
