// Older include path of api/compute/tilize.h (forwards to it).
#pragma once
#include "api/compute/tilize.h"
