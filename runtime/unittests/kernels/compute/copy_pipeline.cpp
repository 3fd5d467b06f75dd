// Copies n resident tiles CB 0 -> DST -> CB 16, one DST section per tile:
// unpack- and pack-bound, so the three TRISCs overlap tile after tile.
#include <cstdint>

#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  uint32_t n = get_arg_val<uint32_t>(0);
  compute_kernel_hw_startup(tt::CBIndex::c_0, tt::CBIndex::c_16);
  copy_init(tt::CBIndex::c_0);
  cb_wait_front(tt::CBIndex::c_0, n);
  cb_reserve_back(tt::CBIndex::c_16, n);
  for (uint32_t i = 0; i < n; ++i) {
    tile_regs_acquire();
    copy_tile(tt::CBIndex::c_0, i, 0);
    tile_regs_commit();
    tile_regs_wait();
    pack_tile(0, tt::CBIndex::c_16);
    tile_regs_release();
  }
  cb_push_back(tt::CBIndex::c_16, n);
  cb_pop_front(tt::CBIndex::c_0, n);
}
