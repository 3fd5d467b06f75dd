// tt-fabric's packet header as kernels fill it: what a packet does at its
// destination (a NOC write, an atomic increment, both) and where it goes
// (a number of chips along the connection's direction, or a range of them).
// The emulator reads it back when the packet is sent (lib/Fabric). Its
// layout is the emulator's own; only the member functions and command
// structs are tt-metal's API. 64 bytes, as get_tt_fabric_packet_header_
// size_bytes() reports.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tt::tt_fabric {

enum NocSendType : uint8_t {
  NOC_UNICAST_WRITE = 0,
  NOC_UNICAST_INLINE_WRITE = 1,
  NOC_UNICAST_ATOMIC_INC = 2,
  NOC_FUSED_UNICAST_ATOMIC_INC = 3,
  NOC_SEND_TYPE_NONE = 0xff,
};

enum ChipSendType : uint8_t { CHIP_UNICAST = 0, CHIP_MULTICAST = 1 };

struct NocUnicastCommandHeader {
  uint64_t noc_address;
};

struct NocUnicastInlineWriteCommandHeader {
  uint64_t noc_address;
  uint32_t value;
};

struct NocUnicastAtomicIncCommandHeader {
  NocUnicastAtomicIncCommandHeader(uint64_t noc_address, uint32_t val,
                                   bool flush = true)
      : noc_address(noc_address), val(val), flush(flush) {}
  uint64_t noc_address;
  uint32_t val;
  bool flush;
};

struct NocUnicastAtomicIncFusedCommandHeader {
  NocUnicastAtomicIncFusedCommandHeader(uint64_t noc_address,
                                        uint64_t semaphore_noc_address,
                                        uint32_t val, bool flush = true)
      : noc_address(noc_address), semaphore_noc_address(semaphore_noc_address),
        val(val), flush(flush) {}
  uint64_t noc_address;
  uint64_t semaphore_noc_address;
  uint32_t val;
  bool flush;
};

struct UnicastRoutingCommandHeader {
  uint8_t distance_in_hops;
};

struct MulticastRoutingCommandHeader {
  uint8_t start_distance_in_hops;
  uint8_t range_hops;
};

struct PacketHeader {
  uint8_t noc_send_type = NOC_SEND_TYPE_NONE;
  uint8_t chip_send_type = CHIP_UNICAST;
  uint8_t route_set = 0;  // 1 once a route was given
  uint8_t start_hops = 0; // unicast distance, or first chip of a multicast
  uint8_t range_hops = 0; // chips a multicast reaches (1 for unicast)
  uint8_t flush = 0;
  uint8_t reserved0[2] = {};
  uint32_t payload_size_bytes = 0;
  uint32_t val = 0;
  uint64_t noc_address = 0;
  uint64_t semaphore_noc_address = 0;
  uint8_t reserved1[32] = {};

#define TTEMU_PACKET_HEADER_SETTERS(Q)                                         \
  Q PacketHeader *to_chip_unicast(uint8_t distance_in_hops) Q {                \
    chip_send_type = CHIP_UNICAST;                                             \
    start_hops = distance_in_hops;                                             \
    range_hops = 1;                                                            \
    route_set = 1;                                                             \
    return this;                                                               \
  }                                                                            \
  Q PacketHeader *to_chip_multicast(const MulticastRoutingCommandHeader &m)    \
      Q {                                                                      \
    chip_send_type = CHIP_MULTICAST;                                           \
    start_hops = m.start_distance_in_hops;                                     \
    range_hops = m.range_hops;                                                 \
    route_set = 1;                                                             \
    return this;                                                               \
  }                                                                            \
  Q PacketHeader *to_noc_unicast_write(const NocUnicastCommandHeader &c,       \
                                       size_t payload_size) Q {                \
    noc_send_type = NOC_UNICAST_WRITE;                                         \
    noc_address = c.noc_address;                                               \
    payload_size_bytes = static_cast<uint32_t>(payload_size);                  \
    return this;                                                               \
  }                                                                            \
  Q PacketHeader *to_noc_unicast_inline_write(                                 \
      const NocUnicastInlineWriteCommandHeader &c) Q {                         \
    noc_send_type = NOC_UNICAST_INLINE_WRITE;                                  \
    noc_address = c.noc_address;                                               \
    val = c.value;                                                             \
    payload_size_bytes = 0;                                                    \
    return this;                                                               \
  }                                                                            \
  Q PacketHeader *to_noc_unicast_atomic_inc(                                   \
      const NocUnicastAtomicIncCommandHeader &c) Q {                           \
    noc_send_type = NOC_UNICAST_ATOMIC_INC;                                    \
    semaphore_noc_address = c.noc_address;                                     \
    val = c.val;                                                               \
    flush = c.flush;                                                           \
    payload_size_bytes = 0;                                                    \
    return this;                                                               \
  }                                                                            \
  Q PacketHeader *to_noc_fused_unicast_write_atomic_inc(                       \
      const NocUnicastAtomicIncFusedCommandHeader &c, size_t payload_size) Q { \
    noc_send_type = NOC_FUSED_UNICAST_ATOMIC_INC;                              \
    noc_address = c.noc_address;                                               \
    semaphore_noc_address = c.semaphore_noc_address;                           \
    val = c.val;                                                               \
    flush = c.flush;                                                           \
    payload_size_bytes = static_cast<uint32_t>(payload_size);                  \
    return this;                                                               \
  }
  TTEMU_PACKET_HEADER_SETTERS()
  TTEMU_PACKET_HEADER_SETTERS(volatile)
#undef TTEMU_PACKET_HEADER_SETTERS
};
static_assert(sizeof(PacketHeader) == 64, "the fabric header is 64 bytes");

// 1D fabric's header type; the 2D ones route the same way here.
using LowLatencyPacketHeader = PacketHeader;
using HybridMeshPacketHeader = PacketHeader;
using MeshPacketHeader = PacketHeader;

} // namespace tt::tt_fabric

#ifndef PACKET_HEADER_TYPE
#define PACKET_HEADER_TYPE tt::tt_fabric::LowLatencyPacketHeader
#endif
