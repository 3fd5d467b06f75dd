// Older include path of api/compute/bcast.h (forwards to it).
#pragma once
#include "api/compute/bcast.h"
