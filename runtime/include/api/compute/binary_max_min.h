// binary_max_tile / binary_min_tile: DST[odst] = max/min(DST[idst0], DST[idst1]).
#pragma once

#include "api/compute/eltwise_binary_sfpu.h"

namespace ckernel {
ALWI void binary_max_tile_init() { ttemu::compute::initOp(); }
ALWI void binary_min_tile_init() { ttemu::compute::initOp(); }
ALWI void binary_max_tile(uint32_t idst0, uint32_t idst1, uint32_t odst,
                          int /*vector_mode*/ = VectorMode::RC) {
  ttemu::compute::sfpuBinary(ttemu::compute::SfpuBinaryOp::Max, idst0, idst1, odst);
}
ALWI void binary_min_tile(uint32_t idst0, uint32_t idst1, uint32_t odst,
                          int /*vector_mode*/ = VectorMode::RC) {
  ttemu::compute::sfpuBinary(ttemu::compute::SfpuBinaryOp::Min, idst0, idst1, odst);
}
} // namespace ckernel
