// Forwarder for the include path "impl/device/device.hpp".
#pragma once
#include <tt-metalium/device.hpp>
