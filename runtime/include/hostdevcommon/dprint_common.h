// The parts of tt-metal's hostdevcommon/dprint_common.h kernels use: the
// SliceRange that selects what DPRINT << TSLICE(...) prints.
#pragma once

#include <cstdint>

/// numpy-style slice [h0:h1:hs, w0:w1:ws] of a tile.
struct SliceRange {
  uint8_t h0, h1, hs, w0, w1, ws;
  // [0:32:16, 0:32:16]
  static inline SliceRange hw0_32_16() { return SliceRange{.h0 = 0, .h1 = 32, .hs = 16, .w0 = 0, .w1 = 32, .ws = 16}; }
  // [0:32:8, 0:32:8]
  static inline SliceRange hw0_32_8() { return SliceRange{.h0 = 0, .h1 = 32, .hs = 8, .w0 = 0, .w1 = 32, .ws = 8}; }
  // [0:32:4, 0:32:4]
  static inline SliceRange hw0_32_4() { return SliceRange{.h0 = 0, .h1 = 32, .hs = 4, .w0 = 0, .w1 = 32, .ws = 4}; }
  // [0, 0:32]
  static inline SliceRange h0_w0_32() { return SliceRange{.h0 = 0, .h1 = 1, .hs = 1, .w0 = 0, .w1 = 32, .ws = 1}; }
  // [0:32, 0]
  static inline SliceRange h0_32_w0() { return SliceRange{.h0 = 0, .h1 = 32, .hs = 1, .w0 = 0, .w1 = 1, .ws = 1}; }
  // [0:32:1, 1]
  static inline SliceRange h0_32_w1() { return SliceRange{.h0 = 0, .h1 = 32, .hs = 1, .w0 = 1, .w1 = 2, .ws = 1}; }
  // [0:4:1, 0:4:1]
  static inline SliceRange hw041() { return SliceRange{.h0 = 0, .h1 = 4, .hs = 1, .w0 = 0, .w1 = 4, .ws = 1}; }
};

enum dprint_tslice_ptr_t : uint8_t { TSLICE_RD_PTR, TSLICE_WR_PTR };
enum dprint_tslice_cb_t : uint8_t { TSLICE_INPUT_CB, TSLICE_OUTPUT_CB };
