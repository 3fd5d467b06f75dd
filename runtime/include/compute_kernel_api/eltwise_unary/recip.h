// Older include path of api/compute/eltwise_unary/recip.h (forwards to it).
#pragma once
#include "api/compute/eltwise_unary/recip.h"
