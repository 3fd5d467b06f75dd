// out = a * b - a per element, in SFPI, in the style of tt-metal's
// custom_sfpi_add: a face function in ckernel::sfpu under TRISC_MATH,
// called for every face through SFPU_BINARY_CALL_NO_TEMPLATE_ARGS in MATH().
#include <cstdint>

#include "api/compute/common.h"
#include "api/compute/compute_kernel_api.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/tile_move_copy.h"

#ifdef TRISC_MATH
#include "sfpi.h"

namespace ckernel::sfpu {
inline void mul_sub_face(uint32_t in0, uint32_t in1, uint32_t out) {
  for (uint32_t i = 0; i < 8; ++i) {
    sfpi::vFloat a = sfpi::dst_reg[in0 * 32 + i];
    sfpi::vFloat b = sfpi::dst_reg[in1 * 32 + i];
    sfpi::dst_reg[out * 32 + i] = a * b - a;
  }
}
} // namespace ckernel::sfpu
#endif

inline void mul_sub_tile(uint32_t in0, uint32_t in1, uint32_t out) {
  MATH(SFPU_BINARY_CALL_NO_TEMPLATE_ARGS(DST_SYNC_MODE, DST_ACCUM_MODE, mul_sub_face,
                                         in0, in1, out, VectorMode::RC));
}

void kernel_main() {
  uint32_t n = get_arg_val<uint32_t>(0);
  constexpr auto cb_a = tt::CBIndex::c_0, cb_b = tt::CBIndex::c_1;
  constexpr auto cb_out = tt::CBIndex::c_16;
  init_sfpu(cb_a, cb_out);
  for (uint32_t t = 0; t < n; ++t) {
    cb_wait_front(cb_a, 1);
    cb_wait_front(cb_b, 1);
    tile_regs_acquire();
    copy_tile(cb_a, 0, 0);
    copy_tile(cb_b, 0, 1);
    mul_sub_tile(0, 1, 0);
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb_out, 1);
    pack_tile(0, cb_out);
    cb_push_back(cb_out, 1);
    cb_pop_front(cb_a, 1);
    cb_pop_front(cb_b, 1);
    tile_regs_release();
  }
}
