// exp_tile: e^x on a DST tile.
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"
TTEMU_SFPU_UNARY(exp, Exp)
TTEMU_SFPU_UNARY(exp2, Exp2)
TTEMU_SFPU_UNARY(expm1, Expm1)
