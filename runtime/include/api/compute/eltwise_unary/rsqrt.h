// rsqrt_tile: 1/sqrt(x) on a DST tile.
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"
TTEMU_SFPU_UNARY(rsqrt, Rsqrt)
