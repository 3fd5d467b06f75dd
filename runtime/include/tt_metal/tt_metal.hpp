// Forwarder for the in-tree include path "tt_metal/tt_metal.hpp".
#pragma once
#include <tt-metalium/tt_metal.hpp>
