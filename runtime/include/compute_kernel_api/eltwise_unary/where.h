// Older include path of api/compute/eltwise_unary/where.h (forwards to it).
#pragma once
#include "api/compute/eltwise_unary/where.h"
