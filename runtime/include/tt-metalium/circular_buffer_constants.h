// Circular-buffer limits (tt-metal name and spelling).
#pragma once
#include "hostdevcommon/kernel_structs.h"
