// Copies n tiles from CB 0 to CB 16 when both live in sharded L1 buffers
// (globally allocated): as tt-metal's vecadd_sharding does, no
// cb_wait_front (the pages are resident) and no cb_reserve_back.
#include <cstdint>

#include "api/compute/common.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  uint32_t n = get_arg_val<uint32_t>(0);
  copy_tile_init(0);
  for (uint32_t i = 0; i < n; ++i) {
    tile_regs_acquire();
    copy_tile(0, 0, 0);
    tile_regs_commit();
    cb_pop_front(0, 1);
    tile_regs_wait();
    pack_tile(0, 16);
    tile_regs_release();
    cb_push_back(16, 1);
  }
}
