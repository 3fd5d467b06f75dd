// Forwarder for the in-tree include path "tt_metal/host_api.hpp".
#pragma once
#include <tt-metalium/host_api.hpp>
