// Forwarder for the in-tree include path "tt_metal/tilize_utils.hpp".
#pragma once
#include <tt-metalium/tilize_utils.hpp>
