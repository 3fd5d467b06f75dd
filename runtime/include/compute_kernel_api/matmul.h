// Older include path of api/compute/matmul.h (forwards to it).
#pragma once
#include "api/compute/matmul.h"
