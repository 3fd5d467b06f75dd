// tt-metal's experimental/circular_buffer.h: the "Device 2.0" CircularBuffer
// object in namespace experimental, the same type as api/dataflow/
// circular_buffer.h's.
#pragma once

#include "api/dataflow/circular_buffer.h"
#include "experimental/noc.h"

namespace experimental {
using ::CircularBuffer;
using ::CircularBufferView;
using ::use;
} // namespace experimental
