// Older include path of api/compute/cb_api.h (forwards to it).
#pragma once
#include "api/compute/cb_api.h"
