// Older include path of api/compute/compute_kernel_api.h (forwards to it).
#pragma once
#include "api/compute/compute_kernel_api.h"
