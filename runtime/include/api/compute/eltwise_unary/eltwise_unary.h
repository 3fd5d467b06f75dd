// Setup for unary (SFPU) kernels, and the helper macro the per-op headers
// use to declare `<op>_tile_init()` / `<op>_tile(idst)` pairs.
#pragma once

#include "api/compute/common.h"

#include <type_traits>

namespace ckernel {

ALWI void unary_op_init_common(uint32_t, uint32_t) {
  ttemu::compute::setBinaryAccumulate(false);
  ttemu::compute::initOp();
}
ALWI void init_sfpu(uint32_t icb, uint32_t ocb) { unary_op_init_common(icb, ocb); }

namespace emu {
/// A leading bool template argument is the approximation flag; anything else
/// there (e.g. sigmoid_tile's VectorMode) means no approximation.
template <auto first> constexpr bool approxFlag() {
  if constexpr (std::is_same_v<decltype(first), bool>)
    return first;
  else
    return false;
}
} // namespace emu

} // namespace ckernel

// Declares `name_tile_init<...>()` and `name_tile<...>(idst, ...)` applying
// SfpuOp::op. Extra template and trailing arguments (approximation flags,
// vector mode, iterations) are accepted; a leading bool template argument is
// the approximation mode (exp_tile<fast_and_approx>).
#define TTEMU_SFPU_UNARY(name, op)                                             \
  TTEMU_SFPU_UNARY_APPROX_FROM(name, op, emu::approxFlag<first>())

// As TTEMU_SFPU_UNARY for ops whose template arguments are other flags and
// whose approximation is fixed by the API: `mode` is an expression of the
// leading template argument `first` (APPROX, the build's math_approx_mode,
// for rsqrt_tile<legacy_compat, FAST_APPROX>; true for exp2_tile, which
// always calls the approximate exp).
#define TTEMU_SFPU_UNARY_APPROX_FROM(name, op, mode)                           \
  namespace ckernel {                                                          \
  template <auto... ignored> ALWI void name##_tile_init(auto...) {             \
    ttemu::compute::initOp();                                                  \
  }                                                                            \
  template <auto first = false, auto... ignored>                               \
  ALWI void name##_tile(uint32_t idst, auto...) {                              \
    ttemu::compute::sfpuUnary(ttemu::compute::SfpuOp::op, idst, 0, (mode));    \
  }                                                                            \
  }

// As TTEMU_SFPU_UNARY, with one uint32_t parameter (usually float bits).
#define TTEMU_SFPU_UNARY_PARAM(name, op)                                       \
  namespace ckernel {                                                          \
  template <auto... ignored> ALWI void name##_tile_init(auto...) {             \
    ttemu::compute::initOp();                                                  \
  }                                                                            \
  template <auto... ignored>                                                   \
  ALWI void name##_tile(uint32_t idst, uint32_t param, auto...) {              \
    ttemu::compute::sfpuUnary(ttemu::compute::SfpuOp::op, idst, param);        \
  }                                                                            \
  }
