// Older include path of api/compute/eltwise_unary/eltwise_unary.h (forwards to it).
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"
