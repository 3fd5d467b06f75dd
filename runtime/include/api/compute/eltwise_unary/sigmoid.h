// sigmoid_tile: 1/(1+e^-x) on a DST tile; silu_tile: x*sigmoid(x).
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"
TTEMU_SFPU_UNARY(sigmoid, Sigmoid)
TTEMU_SFPU_UNARY(silu, Silu)
