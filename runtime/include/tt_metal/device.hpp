// Forwarder for the in-tree include path "tt_metal/device.hpp".
#pragma once
#include <tt-metalium/device.hpp>
