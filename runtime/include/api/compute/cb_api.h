// Circular-buffer flow control for compute kernels. cb_wait_front,
// cb_pop_front, cb_reserve_back and cb_push_back have one definition, in the
// emulator core's kernel API shared with dataflow kernels.
#pragma once

#include <ttemu/kernel_api_common.h>

#include "api/compute/common_globals.h"
