// Older include path of api/compute/reconfig_data_format.h (forwards to it).
#pragma once
#include "api/compute/reconfig_data_format.h"
