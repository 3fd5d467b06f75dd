// Older include path of api/compute/pack.h (forwards to it).
#pragma once
#include "api/compute/pack.h"
