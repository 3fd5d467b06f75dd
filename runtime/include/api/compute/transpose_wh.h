// transpose_wh_tile: DST[idst] = transpose of a CB tile (32x32).
#pragma once

#include "api/compute/common.h"

namespace ckernel {
ALWI void transpose_wh_init(uint32_t, uint32_t) { ttemu::compute::initOp(); }
ALWI void transpose_wh_init_short(uint32_t) { ttemu::compute::initOp(); }
ALWI void transpose_wh_tile(uint32_t icb, uint32_t itile, uint32_t idst) {
  ttemu::compute::transposeTile(icb, itile, idst);
}
} // namespace ckernel
