// log1p_tile: log(1+x) on a DST tile.
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"
TTEMU_SFPU_UNARY(log1p, Log1p)
