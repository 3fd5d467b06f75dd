// Older include path of api/compute/eltwise_unary/erf_erfc.h (forwards to it).
#pragma once
#include "api/compute/eltwise_unary/erf_erfc.h"
