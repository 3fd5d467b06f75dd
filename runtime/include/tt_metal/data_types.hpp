// Forwarder for the in-tree include path "tt_metal/data_types.hpp".
#pragma once
#include <tt-metalium/data_types.hpp>
