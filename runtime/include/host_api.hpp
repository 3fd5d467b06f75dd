// Forwarder for the include path "host_api.hpp" (tt_metal/ on the path).
#pragma once
#include <tt-metalium/host_api.hpp>
