// Forwarder for the in-tree include path "tt_metal/circular_buffer_config.hpp".
#pragma once
#include <tt-metalium/circular_buffer_config.hpp>
