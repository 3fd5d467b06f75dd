// UMD's current home of tt_xy_pair (tt-metal's bmm_op.hpp includes it).
#pragma once
#include "umd/device/tt_xy_pair.h"
