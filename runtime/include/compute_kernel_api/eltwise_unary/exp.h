// Older include path of api/compute/eltwise_unary/exp.h (forwards to it).
#pragma once
#include "api/compute/eltwise_unary/exp.h"
