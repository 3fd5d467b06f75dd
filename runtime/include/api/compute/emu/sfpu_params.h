// The LLK layer SFPI code is called through (tt-metal's
// _llk_math_eltwise_{unary,binary}_sfpu_params_ and the SFPU_*_CALL macros),
// and the per-TRISC MATH() / UNPACK() / PACK() wrappers.
//
// A face function (8 SFPU vectors: one 16x16 face) is called once per face
// the vector mode selects -- all four for VectorMode::RC, faces 0 and 1 for
// R, 0 and 2 for C, once for None -- with dst_reg[0] at the face's first
// vector: of tile `dst_index` for unary calls, of tile 0 for binary calls
// (whose face function offsets its tiles by 32 vectors itself).
//
// The emulator compiles a compute kernel once, as the MATH TRISC's copy
// (TRISC_MATH is defined), and MATH(x), UNPACK(x) and PACK(x) each run x
// once in program order, since the one thread plays all three TRISCs.
#pragma once

#include <cstdint>

#include "api/compute/common_globals.h"
#include "api/compute/emu/sfpi_emu.h"
#include "sfpi.h"

#ifndef MATH
#define MATH(x) x
#endif
#ifndef UNPACK
#define UNPACK(x) x
#endif
#ifndef PACK
#define PACK(x) x
#endif

namespace ckernel {

enum class DstSync : uint8_t { SyncHalf, SyncFull };

namespace emu {
/// The faces (0..3) a vector mode applies a face function to.
struct Faces {
  uint32_t face[4];
  uint32_t count;
};
inline Faces facesOf(int mode) {
  switch (mode) {
  case VectorMode::R: return {{0, 1}, 2};
  case VectorMode::C: return {{0, 2}, 2};
  case VectorMode::None: return {{0}, 1};
  default: return {{0, 1, 2, 3}, 4};
  }
}
/// Calls `fn(args...)` per face with dst_reg based at `tile`'s faces.
template <typename F, typename... A>
void runFaces(uint32_t tile, uint32_t chargeTile, int mode, F &&fn, A &&...args) {
  if (ttemu::compute::sfpiChargeTile(chargeTile))
    return; // timing-only run: the cost without the vector code
  (void)ttemu::compute::sfpiTile(tile); // DST held, index in range
  uint32_t saved = sfpi::detail::dstBase();
  Faces faces = facesOf(mode);
  for (uint32_t f = 0; f < faces.count; ++f) {
    sfpi::detail::dstBase() = tile * 32 + faces.face[f] * 8;
    fn(args...);
  }
  sfpi::detail::dstBase() = saved;
}
} // namespace emu

template <bool APPROXIMATE = false, typename F, typename... A>
inline void _llk_math_eltwise_unary_sfpu_params_(F &&fn, uint32_t dst_index,
                                                 int vector_mode = VectorMode::RC,
                                                 A &&...args) {
  emu::runFaces(dst_index, dst_index, vector_mode, fn, args...);
}

template <bool APPROXIMATE = false, typename F, typename... A>
inline void _llk_math_eltwise_binary_sfpu_params_(F &&fn, uint32_t dst_index_in0,
                                                  uint32_t dst_index_in1,
                                                  uint32_t dst_index_out,
                                                  int vector_mode = VectorMode::RC,
                                                  A &&...args) {
  emu::runFaces(0, dst_index_out, vector_mode, fn, dst_index_in0, dst_index_in1,
                dst_index_out, args...);
}

inline void _llk_math_eltwise_unary_sfpu_init_() { ttemu::compute::initOp(); }
inline void _llk_math_eltwise_binary_sfpu_init_() { ttemu::compute::initOp(); }

} // namespace ckernel

#ifndef DST_SYNC_MODE
#define DST_SYNC_MODE ::ckernel::DstSync::SyncHalf
#endif

// The face function is ckernel::sfpu::FN, as in tt-metal's macros; the sync
// and accumulation arguments select what the emulator reads from the
// kernel's ComputeConfig anyway.
#define SFPU_UNARY_CALL_NO_TEMPLATE_ARGS(DST_SYNC, DST_ACCUM, FN, DST_IDX,     \
                                         VECTOR_MODE, ...)                     \
  ::ckernel::_llk_math_eltwise_unary_sfpu_params_(                             \
      ::ckernel::sfpu::FN, DST_IDX, VECTOR_MODE __VA_OPT__(, ) __VA_ARGS__)
#define SFPU_BINARY_CALL_NO_TEMPLATE_ARGS(DST_SYNC, DST_ACCUM, FN, DST_IN0,    \
                                          DST_IN1, DST_OUT, VECTOR_MODE, ...)  \
  ::ckernel::_llk_math_eltwise_binary_sfpu_params_(                            \
      ::ckernel::sfpu::FN, DST_IN0, DST_IN1, DST_OUT,                          \
      VECTOR_MODE __VA_OPT__(, ) __VA_ARGS__)
#define TTEMU_SFPU_EXPAND(...) __VA_ARGS__
#define SFPU_UNARY_CALL(DST_SYNC, DST_ACCUM, FN, TEMPLATES, DST_IDX,           \
                        VECTOR_MODE, ...)                                      \
  ::ckernel::_llk_math_eltwise_unary_sfpu_params_(                             \
      ::ckernel::sfpu::FN<TTEMU_SFPU_EXPAND TEMPLATES>, DST_IDX,               \
      VECTOR_MODE __VA_OPT__(, ) __VA_ARGS__)
#define SFPU_BINARY_CALL(DST_SYNC, DST_ACCUM, FN, TEMPLATES, DST_IN0, DST_IN1, \
                         DST_OUT, VECTOR_MODE, ...)                            \
  ::ckernel::_llk_math_eltwise_binary_sfpu_params_(                            \
      ::ckernel::sfpu::FN<TTEMU_SFPU_EXPAND TEMPLATES>, DST_IN0, DST_IN1,      \
      DST_OUT, VECTOR_MODE __VA_OPT__(, ) __VA_ARGS__)
