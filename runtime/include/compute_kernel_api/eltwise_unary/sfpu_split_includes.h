// Older include path of api/compute/eltwise_unary/sfpu_split_includes.h (forwards to it).
#pragma once
#include "api/compute/eltwise_unary/sfpu_split_includes.h"
