// Forwarder for the in-tree include path "tt_metal/mesh_coord.hpp".
#pragma once
#include <tt-metalium/mesh_coord.hpp>
