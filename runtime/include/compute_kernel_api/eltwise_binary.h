// Older include path of api/compute/eltwise_binary.h (forwards to it).
#pragma once
#include "api/compute/eltwise_binary.h"
