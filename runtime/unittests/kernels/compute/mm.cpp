// C[mt, nt] = sum_k A[mt, k] * B[k, nt] over `count` output tiles; the
// reader supplies the A/B tile pairs in order. Compile-time arg 0 is Kt when
// `count` comes from runtime arg 0 (multi-core); otherwise Mt, Kt, Nt.
#include <cstdint>

#include "api/compute/matmul.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
#ifdef PER_CORE_COUNT
  uint32_t count = get_arg_val<uint32_t>(0);
  uint32_t Kt = get_arg_val<uint32_t>(1);
#else
  constexpr uint32_t Mt = get_compile_time_arg_val(0);
  constexpr uint32_t Kt = get_compile_time_arg_val(1);
  constexpr uint32_t Nt = get_compile_time_arg_val(2);
  constexpr uint32_t count = Mt * Nt;
#endif
  constexpr uint32_t cb_a = tt::CBIndex::c_0, cb_b = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  mm_init(cb_a, cb_b, cb_out);
  for (uint32_t t = 0; t < count; ++t) {
    acquire_dst();
    for (uint32_t k = 0; k < Kt; ++k) {
      cb_wait_front(cb_a, 1);
      cb_wait_front(cb_b, 1);
      matmul_tiles(cb_a, cb_b, 0, 0, 0, false);
      cb_pop_front(cb_a, 1);
      cb_pop_front(cb_b, 1);
    }
    cb_reserve_back(cb_out, 1);
    pack_tile(0, cb_out);
    cb_push_back(cb_out, 1);
    release_dst();
  }
}
