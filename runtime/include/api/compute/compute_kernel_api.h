// The compute-kernel API umbrella (tt-metal's compute_kernel_api.h): common
// setup plus the SFPU ops that tt-metal declares here (sigmoid, silu, log,
// tanh, abs, sign, square, power, exp2, expm1, ...).
//
// Kernel entry: see common_globals.h (NAMESPACE is an inline namespace and
// MAIN is `kernel_main()`, so the core calls `kernel_main()` in both kernel
// styles).
#pragma once

#include "api/compute/common.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/eltwise_unary/exp.h"
#include "api/compute/eltwise_unary/sigmoid.h"

TTEMU_SFPU_UNARY(log, Log)
TTEMU_SFPU_UNARY(tanh, Tanh)
TTEMU_SFPU_UNARY(abs, Abs)
TTEMU_SFPU_UNARY(sign, Sign)
TTEMU_SFPU_UNARY(square, Square)
// Comparisons with zero: 1.0 where true, 0.0 where false.
TTEMU_SFPU_UNARY(gtz, Gtz)
TTEMU_SFPU_UNARY(ltz, Ltz)
TTEMU_SFPU_UNARY(gez, Gez)
TTEMU_SFPU_UNARY(lez, Lez)
TTEMU_SFPU_UNARY(eqz, Eqz)
TTEMU_SFPU_UNARY(nez, Nez)

namespace ckernel {
ALWI void power_tile_init() { ttemu::compute::initOp(); }
/// x ^ power for an unsigned integer power.
ALWI void power_tile(uint32_t idst, uint32_t power) {
  ttemu::compute::sfpuUnary(ttemu::compute::SfpuOp::Power, idst, power);
}
} // namespace ckernel
