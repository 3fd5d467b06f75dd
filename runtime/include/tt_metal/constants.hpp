// Forwarder for the in-tree include path "tt_metal/constants.hpp".
#pragma once
#include <tt-metalium/constants.hpp>
