// PacketHeaderPool: fabric packet headers in the calling processor's
// reserved L1 (the emulator keeps 16 per processor, see docs/MESH.md).
#pragma once

#include <cstdint>

#include <fabric/fabric_edm_packet_header.hpp>
#include <ttemu/fabric_abi.h>

class PacketHeaderPool {
public:
  static volatile tt_l1_ptr PACKET_HEADER_TYPE *
  allocate_header(uint32_t num_headers = 1) {
    return reinterpret_cast<volatile tt_l1_ptr PACKET_HEADER_TYPE *>(
        static_cast<uintptr_t>(::ttemu::abi::fabricHeaderAddr(num_headers)));
  }
  static volatile tt_l1_ptr PACKET_HEADER_TYPE *allocate_header_n(uint32_t n) {
    return allocate_header(n);
  }
};
