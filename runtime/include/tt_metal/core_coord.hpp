// Forwarder for the in-tree include path "tt_metal/core_coord.hpp".
#pragma once
#include <tt-metalium/core_coord.hpp>
