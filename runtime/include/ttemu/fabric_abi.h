// The functions fabric kernel code calls into the emulator (the kernel-side
// headers under tt_metal/fabric/hw/inc/ wrap them). A connection is the four
// runtime-argument words tt::tt_fabric::append_fabric_connection_rt_args
// appended for it (docs/MESH.md, "Fabric").
#pragma once

#include <cstdint>

namespace ttemu::abi {

/// Words per connection in the runtime arguments, and the tag of the first.
constexpr uint32_t kFabricConnectionWords = 4;
constexpr uint32_t kFabricConnectionTag = 0xFAB1C000u;

/// Checks a connection read from runtime arguments at `argIndex`.
void fabricCheckConnection(const uint32_t *conn, uint32_t argIndex);
void fabricOpen(const uint32_t *conn);
void fabricClose(const uint32_t *conn);
/// Waits until the connection's sender channel has a free buffer slot.
void fabricWaitForSlot(const uint32_t *conn);
bool fabricHasSlot(const uint32_t *conn);
/// Copies `bytes` at local L1 `addr` into the slot being filled: the payload
/// of the next packet sent on `conn` (send_payload_without_header_*).
void fabricStagePayload(const uint32_t *conn, uint32_t addr, uint32_t bytes);
/// Sends the packet whose header is at local L1 `addr`. `bytes` beyond the
/// header are its payload (a header and payload in one buffer); otherwise
/// the staged payload is. `blocking`: returns once it has left L1.
void fabricSend(const uint32_t *conn, uint32_t addr, uint32_t bytes,
                bool blocking);
/// L1 address of packet header `index` of the calling processor's pool.
uint32_t fabricHeaderAddr(uint32_t count);

} // namespace ttemu::abi
