// Older header name for circular buffers on the host.
#pragma once
#include <tt-metalium/circular_buffer_config.hpp>
