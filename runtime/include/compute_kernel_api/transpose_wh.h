// Older include path of api/compute/transpose_wh.h (forwards to it).
#pragma once
#include "api/compute/transpose_wh.h"
