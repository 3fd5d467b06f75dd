// Older include path of api/compute/untilize.h (forwards to it).
#pragma once
#include "api/compute/untilize.h"
