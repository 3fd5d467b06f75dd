// relu_tile and its clamped/leaky variants.
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"
TTEMU_SFPU_UNARY(relu, Relu)
/// min(max(x, 0), param); param is float bits.
TTEMU_SFPU_UNARY_PARAM(relu_max, ReluMax)
/// x > param ? x : 0; param is float bits.
TTEMU_SFPU_UNARY_PARAM(relu_min, ReluMin)
/// x < 0 ? x * slope : x; slope is float bits.
TTEMU_SFPU_UNARY_PARAM(leaky_relu, LeakyRelu)
