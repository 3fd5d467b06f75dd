// sqrt_tile: sqrt(x) on a DST tile.
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"
TTEMU_SFPU_UNARY(sqrt, Sqrt)
