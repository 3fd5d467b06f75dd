// Forwarder for the older include path "tt_metal/impl/device/device.hpp".
#pragma once
#include <tt-metalium/device.hpp>
