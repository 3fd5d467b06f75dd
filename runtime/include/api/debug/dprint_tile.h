// DPRINT << TSLICE(cb, tile, SliceRange, ...): prints a slice of a CB tile,
// one line per row, values as floats. As on the device the slice is taken
// at the CB's read pointer (a page made visible by cb_wait_front) or write
// pointer (a page being produced): data movement kernels choose (default:
// NCRISC write, BRISC read); in a compute kernel the pointer is the write
// pointer inside DPRINT_PACK and the read pointer otherwise (UNPACK's view).
#pragma once

#include <cstdint>
#include <vector>

#include "api/debug/dprint.h"
#include "hostdevcommon/dprint_common.h"
#include "ttemu/kernel_context.h"
#include "ttemu/numerics.h"

struct TileSlice {
  uint8_t cb;
  int tile_idx;
  SliceRange s;
  bool write_ptr;
  bool endl_rows;
  bool print_untilized;

#if defined(COMPILE_FOR_NCRISC) || defined(COMPILE_FOR_BRISC)
  TileSlice(uint8_t cb, int tile_idx, const SliceRange &slice_range,
            dprint_tslice_cb_t /*cb_type*/,
#if defined(COMPILE_FOR_NCRISC)
            dprint_tslice_ptr_t ptr_type = TSLICE_WR_PTR,
#else
            dprint_tslice_ptr_t ptr_type = TSLICE_RD_PTR,
#endif
            bool endl_rows = true, bool print_untilized = true)
      : cb(cb), tile_idx(tile_idx), s(slice_range),
        write_ptr(ptr_type == TSLICE_WR_PTR), endl_rows(endl_rows),
        print_untilized(print_untilized) {
  }
#else
  TileSlice(uint8_t cb, int tile_idx, const SliceRange &slice_range,
            bool endl_rows = true, bool print_untilized = true)
      : cb(cb), tile_idx(tile_idx), s(slice_range),
        write_ptr(::ttemu::dprint::triscRole() == 2), endl_rows(endl_rows),
        print_untilized(print_untilized) {}
#endif

  /// The selected values, row by row, as the device's print server shows
  /// them ("v v v" and a line end per row when endl_rows).
  void printTo(::ttemu::dprint::Printer &p) const {
    const uint8_t *page =
        write_ptr ? ::ttemu::cbBackPage(cb, uint32_t(tile_idx))
                  : ::ttemu::cbFrontPage(cb, uint32_t(tile_idx));
    std::vector<float> v(::ttemu::num::kTileRows * ::ttemu::num::kTileCols);
    ::ttemu::num::unpackTile(::ttemu::cbDataFormat(cb), page, v.data());
    for (uint32_t r = s.h0; r < s.h1; r += s.hs ? s.hs : 1) {
      bool first = true;
      for (uint32_t c = s.w0; c < s.w1; c += s.ws ? s.ws : 1) {
        uint32_t i = print_untilized ? ::ttemu::num::faceOrderIndex(r, c)
                                     : r * ::ttemu::num::kTileCols + c;
        if (!first)
          p << " ";
        p << v[i];
        first = false;
      }
      if (endl_rows)
        p << ENDL();
      else
        p << " ";
    }
  }
};

#define TSLICE TileSlice
