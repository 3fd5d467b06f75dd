// Forwarder for the in-tree include path "tt_metal/buffer.hpp".
#pragma once
#include <tt-metalium/buffer.hpp>
