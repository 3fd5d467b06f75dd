// gelu_tile: with fast_and_approx (the default, as in tt-metal) the tanh
// form 0.5x(1+tanh(sqrt(2/pi)(x+0.044715x^3))), else 0.5x(1+erf(x/sqrt2)).
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {
template <bool fast_and_approx = true> ALWI void gelu_tile_init() {
  ttemu::compute::initOp();
}
template <bool fast_and_approx = true, auto... ignored>
ALWI void gelu_tile(uint32_t idst, auto...) {
  ttemu::compute::sfpuUnary(ttemu::compute::SfpuOp::Gelu, idst, 0,
                            fast_and_approx);
}
} // namespace ckernel
