// Copies `n` tiles CB 0 -> CB 16 through DST, each in a "COPY-TILE" zone
// (recorded on each of the three TRISCs).
#include <cstdint>

#include "api/compute/cb_api.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  uint32_t n = get_arg_val<uint32_t>(0);
  copy_tile_init(0);
  for (uint32_t i = 0; i < n; ++i) {
    DeviceZoneScopedN("COPY-TILE");
    cb_wait_front(0, 1);
    tile_regs_acquire();
    copy_tile(0, 0, 0);
    tile_regs_commit();
    cb_reserve_back(16, 1);
    tile_regs_wait();
    pack_tile(0, 16);
    tile_regs_release();
    cb_push_back(16, 1);
    cb_pop_front(0, 1);
  }
}
