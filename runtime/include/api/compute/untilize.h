// untilize_block: `block` tiles at the front of icb written as one row-major
// strip (32 rows of block*32 values) into the back of ocb.
#pragma once

#include "api/compute/common.h"

namespace ckernel {
ALWI void untilize_init(uint32_t, uint32_t = 16) { ttemu::compute::initOp(); }
ALWI void untilize_init_short(uint32_t) { ttemu::compute::initOp(); }
template <int N = 1>
ALWI void untilize_block(uint32_t icb, uint32_t block, uint32_t ocb) {
  ttemu::compute::untilizeBlock(icb, 0, block, ocb);
}
ALWI void untilize_uninit(uint32_t, uint32_t = 16) { ttemu::compute::initOp(); }
} // namespace ckernel
