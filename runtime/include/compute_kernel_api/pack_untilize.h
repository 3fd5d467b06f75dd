// Older include path of api/compute/pack_untilize.h (forwards to it).
#pragma once
#include "api/compute/pack_untilize.h"
