// The helpers of ttnn's CCL kernels that send one payload over a fabric
// connection (header after payload, as tt-metal's do).
#pragma once

#include <cstddef>
#include <cstdint>

#include <tt_metal/fabric/hw/inc/edm_fabric/fabric_connection_manager.hpp>
#include <tt_metal/fabric/hw/inc/tt_fabric_api.h>

template <bool blocking = false>
FORCE_INLINE void
perform_payload_send(tt::tt_fabric::WorkerToFabricEdmSender &fabric_connection,
                     size_t l1_read_addr, uint32_t payload_size_bytes,
                     volatile PACKET_HEADER_TYPE *pkt_hdr) {
  fabric_connection.wait_for_empty_write_slot();
  fabric_connection.send_payload_without_header_non_blocking_from_address(
      static_cast<uint32_t>(l1_read_addr), payload_size_bytes);
  auto hdr = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(pkt_hdr));
  if constexpr (blocking)
    fabric_connection.send_payload_flush_blocking_from_address(
        hdr, sizeof(PACKET_HEADER_TYPE));
  else
    fabric_connection.send_payload_flush_non_blocking_from_address(
        hdr, sizeof(PACKET_HEADER_TYPE));
}

FORCE_INLINE void fabric_write_unidir(
    uint64_t noc0_dest_noc_addr, volatile PACKET_HEADER_TYPE *pkt_hdr,
    tt::tt_fabric::WorkerToFabricEdmSender &fabric_direction_connection,
    size_t l1_read_addr, uint32_t payload_size_bytes) {
  pkt_hdr->to_noc_unicast_write(
      tt::tt_fabric::NocUnicastCommandHeader{noc0_dest_noc_addr},
      payload_size_bytes);
  perform_payload_send(fabric_direction_connection, l1_read_addr,
                       payload_size_bytes, pkt_hdr);
  noc_async_writes_flushed();
}
