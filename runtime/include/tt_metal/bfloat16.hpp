// Forwarder for the in-tree include path "tt_metal/bfloat16.hpp".
#pragma once
#include <tt-metalium/bfloat16.hpp>
