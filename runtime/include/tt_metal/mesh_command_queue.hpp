// Forwarder for the in-tree include path "tt_metal/mesh_command_queue.hpp".
#pragma once
#include <tt-metalium/mesh_command_queue.hpp>
