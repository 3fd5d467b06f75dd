// Older include path of api/compute/eltwise_unary/rsqrt.h (forwards to it).
#pragma once
#include "api/compute/eltwise_unary/rsqrt.h"
