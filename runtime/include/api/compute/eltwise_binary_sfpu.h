// SFPU binary ops on two DST tiles: DST[odst] = DST[idst0] op DST[idst1].
// The older two-argument forms write the result into idst0.
#pragma once

#include "api/compute/common.h"

#define TTEMU_SFPU_BINARY(name, op)                                            \
  namespace ckernel {                                                          \
  ALWI void name##_tile_init() { ttemu::compute::initOp(); }                  \
  template <auto... ignored>                                                   \
  ALWI void name##_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {       \
    ttemu::compute::sfpuBinary(ttemu::compute::SfpuBinaryOp::op, idst0, idst1, \
                               odst);                                          \
  }                                                                            \
  template <auto... ignored>                                                   \
  ALWI void name##_tile(uint32_t idst0, uint32_t idst1) {                      \
    ttemu::compute::sfpuBinary(ttemu::compute::SfpuBinaryOp::op, idst0, idst1, \
                               idst0);                                         \
  }                                                                            \
  }

TTEMU_SFPU_BINARY(add_binary, Add)
TTEMU_SFPU_BINARY(sub_binary, Sub)
TTEMU_SFPU_BINARY(rsub_binary, Rsub)
TTEMU_SFPU_BINARY(mul_binary, Mul)
TTEMU_SFPU_BINARY(div_binary, Div)
TTEMU_SFPU_BINARY(power_binary, Pow)
