// Older include path of api/compute/common.h (forwards to it).
#pragma once
#include "api/compute/common.h"
