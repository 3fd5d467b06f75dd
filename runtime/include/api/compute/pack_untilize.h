// pack_untilize_block: block_rt_dim rows of block_ct_dim tiles from the
// front of icb, each row of tiles written as a row-major strip into ocb.
#pragma once

#include "api/compute/common.h"

namespace ckernel {
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, auto... ignored>
ALWI void pack_untilize_init(uint32_t, uint32_t) {
  ttemu::compute::initOp();
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, auto... ignored>
ALWI void pack_untilize_block(uint32_t icb, uint32_t block_rt_dim, uint32_t ocb,
                              uint32_t = 0) {
  for (uint32_t r = 0; r < block_rt_dim; ++r)
    ttemu::compute::untilizeBlock(icb, r * block_ct_dim, block_ct_dim, ocb);
}
ALWI void pack_untilize_uninit(uint32_t = 0) { ttemu::compute::initOp(); }
} // namespace ckernel
