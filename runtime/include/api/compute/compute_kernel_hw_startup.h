// One-time compute engine setup at the start of a kernel.
#pragma once

#include "api/compute/common_globals.h"

namespace ckernel {

ALWI void compute_kernel_hw_startup(uint32_t, uint32_t, uint32_t) {
  ttemu::compute::setBinaryAccumulate(false);
  ttemu::compute::initOp();
}
ALWI void compute_kernel_hw_startup(uint32_t icb, uint32_t ocb) {
  compute_kernel_hw_startup(icb, icb, ocb);
}

} // namespace ckernel
