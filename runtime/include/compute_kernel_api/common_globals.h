// Older include path of api/compute/common_globals.h (forwards to it).
#pragma once
#include "api/compute/common_globals.h"
