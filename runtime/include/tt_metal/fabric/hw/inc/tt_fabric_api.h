// Routing a fabric packet header: 1D unicast over a number of chips along
// the connection's direction, 1D multicast over a range of them.
#pragma once

#include <cstdint>

#include <fabric/fabric_edm_packet_header.hpp>

namespace tt::tt_fabric {

template <bool called_from_router = false>
FORCE_INLINE void fabric_set_unicast_route(
    volatile tt_l1_ptr LowLatencyPacketHeader *packet_header,
    uint8_t num_hops) {
  packet_header->to_chip_unicast(num_hops);
}

template <bool called_from_router = false>
FORCE_INLINE void
fabric_set_mcast_route(volatile tt_l1_ptr LowLatencyPacketHeader *packet_header,
                       uint8_t start_distance_in_hops, uint8_t range_hops) {
  packet_header->to_chip_multicast(
      MulticastRoutingCommandHeader{start_distance_in_hops, range_hops});
}

} // namespace tt::tt_fabric

// Kernels name the command headers and routing functions unqualified.
using namespace tt::tt_fabric;
