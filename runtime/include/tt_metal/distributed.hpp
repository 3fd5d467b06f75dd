// Forwarder for the in-tree include path "tt_metal/distributed.hpp".
#pragma once
#include <tt-metalium/distributed.hpp>
