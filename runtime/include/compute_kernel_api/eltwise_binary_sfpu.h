// Older include path of api/compute/eltwise_binary_sfpu.h (forwards to it).
#pragma once
#include "api/compute/eltwise_binary_sfpu.h"
