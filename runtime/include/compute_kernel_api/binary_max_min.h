// Older include path of api/compute/binary_max_min.h (forwards to it).
#pragma once
#include "api/compute/binary_max_min.h"
