// tt-fabric's router (EDM) types a host names: the packet header.
#pragma once

#include <fabric/fabric_edm_packet_header.hpp>
#include <tt-metalium/experimental/fabric/fabric_types.hpp>
