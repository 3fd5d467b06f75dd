// Forwarder for the in-tree include path "tt_metal/mesh_buffer.hpp".
#pragma once
#include <tt-metalium/mesh_buffer.hpp>
