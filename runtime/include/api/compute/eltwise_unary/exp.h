// exp_tile: e^x on a DST tile.
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"
TTEMU_SFPU_UNARY(exp, Exp)
// tt-metal's exp2_tile is exp(x ln 2) with the approximate exp, whatever
// the build's math_approx_mode; its template argument, where it has one, is
// the DST format.
TTEMU_SFPU_UNARY_APPROX_FROM(exp2, Exp2, true)
TTEMU_SFPU_UNARY(expm1, Expm1)
