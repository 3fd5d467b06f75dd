// Forwarder for the in-tree include path "tt_metal/kernel_types.hpp".
#pragma once
#include <tt-metalium/kernel_types.hpp>
