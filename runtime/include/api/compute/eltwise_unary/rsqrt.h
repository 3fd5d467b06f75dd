// rsqrt_tile: 1/sqrt(x) on a DST tile.
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"
// rsqrt_tile<legacy_compat, FAST_APPROX> runs in the build's APPROX mode
// (math_approx_mode).
TTEMU_SFPU_UNARY_APPROX_FROM(rsqrt, Rsqrt, bool(APPROX))
