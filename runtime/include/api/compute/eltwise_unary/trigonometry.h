// sin_tile / cos_tile on a DST tile.
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"
TTEMU_SFPU_UNARY(sin, Sin)
TTEMU_SFPU_UNARY(cos, Cos)
