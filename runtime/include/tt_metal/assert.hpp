// Forwarder for the in-tree include path "tt_metal/assert.hpp".
#pragma once
#include <tt-metalium/assert.hpp>
