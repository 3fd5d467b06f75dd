// Forwarder for the in-tree include path "tt_metal/util.hpp".
#pragma once
#include <tt-metalium/util.hpp>
