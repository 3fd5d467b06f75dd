// tt-fabric's 1D ("linear") kernel API: the packet header, routing and the
// connection types a kernel using tt::tt_fabric::linear::experimental needs.
#pragma once

#include "../edm_fabric/fabric_connection_manager.hpp"
#include "../packet_header_pool.h"
#include "../tt_fabric_api.h"

namespace tt::tt_fabric::linear::experimental {
using tt::tt_fabric::fabric_set_mcast_route;
using tt::tt_fabric::fabric_set_unicast_route;
} // namespace tt::tt_fabric::linear::experimental
