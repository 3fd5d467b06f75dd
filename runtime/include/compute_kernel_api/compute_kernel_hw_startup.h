// Older include path of api/compute/compute_kernel_hw_startup.h (forwards to it).
#pragma once
#include "api/compute/compute_kernel_hw_startup.h"
