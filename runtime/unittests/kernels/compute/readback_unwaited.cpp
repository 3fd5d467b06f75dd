// Copies n tiles CB 0 -> CB 24 -> CB 16, reading CB 24 back right after
// packing it without cb_wait_front, as tt-metal's softmax examples do: the
// device runs it (a race between PACK and UNPACK), so the emulator must.
#include <cstdint>

#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  uint32_t n = get_arg_val<uint32_t>(0);
  compute_kernel_hw_startup(tt::CBIndex::c_0, tt::CBIndex::c_16);
  for (uint32_t i = 0; i < n; ++i) {
    cb_wait_front(tt::CBIndex::c_0, 1);
    copy_init(tt::CBIndex::c_0);
    tile_regs_acquire();
    copy_tile(tt::CBIndex::c_0, 0, 0);
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(tt::CBIndex::c_24, 1);
    pack_tile(0, tt::CBIndex::c_24);
    cb_push_back(tt::CBIndex::c_24, 1);
    tile_regs_release();
    cb_pop_front(tt::CBIndex::c_0, 1);

    copy_init(tt::CBIndex::c_24);
    tile_regs_acquire();
    copy_tile(tt::CBIndex::c_24, 0, 0); // no cb_wait_front(c_24)
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(tt::CBIndex::c_16, 1);
    pack_tile(0, tt::CBIndex::c_16);
    cb_push_back(tt::CBIndex::c_16, 1);
    tile_regs_release();
    cb_pop_front(tt::CBIndex::c_24, 1);
  }
}
