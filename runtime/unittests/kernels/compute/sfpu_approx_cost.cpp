// A compute kernel with no data: 8 SFPU transcendentals on one DST tile,
// the op picked by compile-time argument 0 (0: exp_tile, 1: exp_tile<true>,
// 2: exp2_tile, 3: rsqrt_tile), so a test can compare what each costs.
#include "compute_kernel_api.h"
#include "compute_kernel_api/eltwise_unary/exp.h"
#include "compute_kernel_api/eltwise_unary/fill.h"
#include "compute_kernel_api/eltwise_unary/rsqrt.h"

namespace NAMESPACE {
void MAIN {
  constexpr uint32_t op = get_compile_time_arg_val(0);
  init_sfpu(0, 0);
  tile_regs_acquire();
  fill_tile_init();
  fill_tile(0, 1.0f);
  for (int i = 0; i < 8; ++i) {
    if constexpr (op == 0)
      exp_tile(0);
    else if constexpr (op == 1)
      exp_tile<true>(0);
    else if constexpr (op == 2)
      exp2_tile(0);
    else
      rsqrt_tile(0);
  }
  tile_regs_commit();
  tile_regs_wait();
  tile_regs_release();
}
} // namespace NAMESPACE
