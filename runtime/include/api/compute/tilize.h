// tilize_block: `block` tiles from a row-major strip (32 rows of block*32
// values) at the front of icb, packed as tiles into the back of ocb. Uses its
// own DST section, as on the device; the caller waits/reserves/pushes/pops.
#pragma once

#include "api/compute/common.h"

namespace ckernel {
ALWI void tilize_init(uint32_t, uint32_t, uint32_t) { ttemu::compute::initOp(); }
ALWI void tilize_init_short(uint32_t, uint32_t, uint32_t) { ttemu::compute::initOp(); }
ALWI void tilize_init_short_with_dt(uint32_t, uint32_t, uint32_t, uint32_t) {
  ttemu::compute::initOp();
}
ALWI void tilize_block(uint32_t icb, uint32_t block, uint32_t ocb) {
  ttemu::compute::tilizeBlock(icb, block, ocb);
}
ALWI void tilize_uninit(uint32_t, uint32_t) { ttemu::compute::initOp(); }
ALWI void tilize_uninit_with_dt(uint32_t, uint32_t, uint32_t) {
  ttemu::compute::initOp();
}
} // namespace ckernel
