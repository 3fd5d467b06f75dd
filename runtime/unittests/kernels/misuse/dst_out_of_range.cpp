// Misuse: copies a tile into DST index 9 (16-bit DST holds 8 in half-sync).
#include "compute_kernel_api/tile_move_copy.h"

namespace NAMESPACE {
void MAIN {
  copy_tile_init(0);
  cb_wait_front(0, 1);
  tile_regs_acquire();
  copy_tile(0, 0, 9);
  tile_regs_commit();
}
} // namespace NAMESPACE
