// Older include path of api/compute/eltwise_unary/log1p.h (forwards to it).
#pragma once
#include "api/compute/eltwise_unary/log1p.h"
