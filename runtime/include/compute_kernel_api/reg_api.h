// Older include path of api/compute/reg_api.h (forwards to it).
#pragma once
#include "api/compute/reg_api.h"
