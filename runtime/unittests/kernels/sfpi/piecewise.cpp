// A piecewise function with nested predication, in the older SFPI style of
// tt-metal's custom_sfpi_smoothstep (unqualified vFloat / dst_reg, the face
// function at file scope, dst_reg++ per vector), through
// _llk_math_eltwise_unary_sfpu_params_ on the faces compile-time arg 0
// selects (VectorMode::RC or R):
//   x < lo: lo;   x > 1: x * x;   otherwise |x * scale|.
#include <cstdint>

#include "api/compute/common.h"
#include "api/compute/compute_kernel_api.h"
#include "api/compute/tile_move_copy.h"

#ifdef TRISC_MATH
inline void piecewise_face(float lo, float scale) {
  for (int i = 0; i < 8; ++i) {
    vFloat x = dst_reg[0];
    vFloat y = x * scale;
    v_if(x < lo) { y = lo; }
    v_elseif(x > vConst1) { y = x * x; }
    v_else {
      v_if(y < 0.0f) { y = -y; }
      v_endif;
    }
    v_endif;
    dst_reg[0] = y;
    dst_reg++;
  }
}
#endif

void kernel_main() {
  uint32_t n = get_arg_val<uint32_t>(0);
  constexpr int mode = get_compile_time_arg_val(0);
  init_sfpu(tt::CBIndex::c_0, tt::CBIndex::c_16);
  for (uint32_t t = 0; t < n; ++t) {
    cb_wait_front(tt::CBIndex::c_0, 1);
    tile_regs_acquire();
    copy_tile(tt::CBIndex::c_0, 0, 0);
    MATH(_llk_math_eltwise_unary_sfpu_params_<false>(piecewise_face, 0, mode, -0.75f, 0.5f));
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(tt::CBIndex::c_16, 1);
    pack_tile(0, tt::CBIndex::c_16);
    cb_push_back(tt::CBIndex::c_16, 1);
    cb_pop_front(tt::CBIndex::c_0, 1);
    tile_regs_release();
  }
}
