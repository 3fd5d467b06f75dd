// Copies one tile CB 0 -> CB 16 and prints slices as each TRISC would see
// them: UNPACK at CB 0's read pointer, PACK at CB 16's write pointer.
#include <cstdint>

#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/tile_move_copy.h"
#include "api/debug/dprint.h"
#include "api/debug/dprint_tile.h"

void kernel_main() {
  compute_kernel_hw_startup(tt::CBIndex::c_0, tt::CBIndex::c_16);
  copy_init(tt::CBIndex::c_0);
  cb_wait_front(tt::CBIndex::c_0, 1);
  DPRINT_UNPACK(DPRINT << "in " << TSLICE(tt::CBIndex::c_0, 0, SliceRange::h0_w0_32()));
  tile_regs_acquire();
  copy_tile(tt::CBIndex::c_0, 0, 0);
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(tt::CBIndex::c_16, 1);
  pack_tile(0, tt::CBIndex::c_16);
  DPRINT_PACK({ DPRINT << "out " << TSLICE(tt::CBIndex::c_16, 0, SliceRange::h0_32_w1(), false); });
  DPRINT << ENDL();
  cb_push_back(tt::CBIndex::c_16, 1);
  tile_regs_release();
  cb_pop_front(tt::CBIndex::c_0, 1);
}
