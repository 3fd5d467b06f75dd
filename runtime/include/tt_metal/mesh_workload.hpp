// Forwarder for the in-tree include path "tt_metal/mesh_workload.hpp".
#pragma once
#include <tt-metalium/mesh_workload.hpp>
