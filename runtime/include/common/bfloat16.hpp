// Forwarder for the older include path "common/bfloat16.hpp".
#pragma once
#include <tt-metalium/bfloat16.hpp>
