// Older include path of api/compute/eltwise_unary/binop_with_scalar.h (forwards to it).
#pragma once
#include "api/compute/eltwise_unary/binop_with_scalar.h"
