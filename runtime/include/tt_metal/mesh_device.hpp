// Forwarder for the in-tree include path "tt_metal/mesh_device.hpp".
#pragma once
#include <tt-metalium/mesh_device.hpp>
