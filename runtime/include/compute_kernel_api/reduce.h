// Older include path of api/compute/reduce.h (forwards to it).
#pragma once
#include "api/compute/reduce.h"
