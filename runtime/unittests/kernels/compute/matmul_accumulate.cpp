// Accumulates n products of the same two tiles into DST tile 0, then packs
// it once: math-bound at HiFi4, as unpack of the next operands overlaps the
// matrix engine's work on the current ones.
#include <cstdint>

#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/matmul.h"

void kernel_main() {
  uint32_t n = get_arg_val<uint32_t>(0);
  constexpr uint32_t cb_a = tt::CBIndex::c_0, cb_b = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  compute_kernel_hw_startup(cb_a, cb_b, cb_out);
  mm_init(cb_a, cb_b, cb_out);
  cb_wait_front(cb_a, 1);
  cb_wait_front(cb_b, 1);
  tile_regs_acquire();
  for (uint32_t k = 0; k < n; ++k)
    matmul_tiles(cb_a, cb_b, 0, 0, 0);
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(cb_out, 1);
  pack_tile(0, cb_out);
  cb_push_back(cb_out, 1);
  tile_regs_release();
  cb_pop_front(cb_a, 1);
  cb_pop_front(cb_b, 1);
}
