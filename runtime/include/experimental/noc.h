// tt-metal's experimental/noc.h: the "Device 2.0" Noc object in namespace
// experimental. The emulator implements it once, in api/dataflow/noc.h
// (global names, as the API's later home); these are the same types.
#pragma once

#include "api/dataflow/noc.h"

namespace experimental {
using ::has_flag;
using ::Noc;
using ::noc_traits_t;
using ::NocOptions;
using ::NocOptVals;
} // namespace experimental
