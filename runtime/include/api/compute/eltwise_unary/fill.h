// fill_tile: set every element of a DST tile to a value.
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"

#include <bit>

namespace ckernel {
ALWI void fill_tile_init() { ttemu::compute::initOp(); }
ALWI void fill_tile(uint32_t idst, float param) {
  ttemu::compute::sfpuUnary(ttemu::compute::SfpuOp::Fill, idst,
                            std::bit_cast<uint32_t>(param));
}
/// `param` is the bit pattern of the float to fill with.
ALWI void fill_tile_bitcast(uint32_t idst, uint32_t param) {
  ttemu::compute::sfpuUnary(ttemu::compute::SfpuOp::Fill, idst, param);
}
} // namespace ckernel
