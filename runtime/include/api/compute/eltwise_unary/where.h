// where_tile: DST[odst] = DST[idst0] != 0 ? DST[idst1] : DST[idst2].
#pragma once

#include "api/compute/common.h"

namespace ckernel {
template <auto... ignored> ALWI void where_tile_init(auto...) {
  ttemu::compute::initOp();
}
template <auto... ignored>
ALWI void where_tile(uint32_t idst0, uint32_t idst1, uint32_t idst2,
                     uint32_t odst) {
  ttemu::compute::sfpuWhere(idst0, idst1, idst2, odst);
}
} // namespace ckernel
