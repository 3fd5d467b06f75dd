// What every compute kernel gets: CB flow control, DST protocol, pack,
// data-format reconfiguration, and the kernel-argument accessors.
#pragma once

#include "api/compute/cb_api.h"
#include "api/compute/common_globals.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/pack.h"
#include "api/compute/reconfig_data_format.h"
#include "api/compute/reg_api.h"
// SFPI vector code and the LLK wrappers that call it (MATH(), _llk_..._params_).
#include "api/compute/emu/sfpu_params.h"

// get_arg_val, get_common_arg_val and get_compile_time_arg_val belong to the
// emulator core, which declares them for both kernel kinds.
#include <ttemu/kernel_api_common.h>
