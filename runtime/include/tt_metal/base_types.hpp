// Forwarder for the in-tree include path "tt_metal/base_types.hpp".
#pragma once
#include <tt-metalium/base_types.hpp>
