// A worker's connection to the fabric router (EDM) of one Ethernet link:
// tt::tt_fabric::WorkerToFabricEdmSender, built from the runtime arguments
// append_fabric_connection_rt_args appended. The emulator keeps the
// channel's slots and the link's time (docs/MESH.md, "Fabric").
#pragma once

#include <cstddef>
#include <cstdint>

#include <api/dataflow/dataflow_api.h>
#include <fabric/fabric_edm_packet_header.hpp>
#include <ttemu/fabric_abi.h>

#ifndef TTEMU_HAS_SAFE_GET_NOC_ADDR
#define TTEMU_HAS_SAFE_GET_NOC_ADDR
/// get_noc_addr for coordinates a kernel names itself (tt-metal checks them
/// against the NOC's range; the emulator's NOC address encoding does).
FORCE_INLINE uint64_t safe_get_noc_addr(uint32_t noc_x, uint32_t noc_y,
                                        uint32_t addr,
                                        uint8_t noc = noc_index) {
  return get_noc_addr(noc_x, noc_y, addr, noc);
}
#endif

namespace tt::tt_fabric {

class WorkerToFabricEdmSender {
public:
  WorkerToFabricEdmSender() = default;

  template <ProgrammableCoreType my_core_type = ProgrammableCoreType::TENSIX>
  static WorkerToFabricEdmSender build_from_args(std::size_t &arg_idx) {
    WorkerToFabricEdmSender s;
    auto first = static_cast<uint32_t>(arg_idx);
    for (uint32_t i = 0; i < ::ttemu::abi::kFabricConnectionWords; ++i)
      s.conn_[i] = get_arg_val<uint32_t>(arg_idx++);
    ::ttemu::abi::fabricCheckConnection(s.conn_, first);
    s.valid_ = true;
    return s;
  }

  template <bool SEND_CREDIT_ADDR = false> void open_start() {
    ::ttemu::abi::fabricOpen(conn_);
  }
  void open_finish() {}
  template <bool SEND_CREDIT_ADDR = false> void open() {
    open_start<SEND_CREDIT_ADDR>();
    open_finish();
  }
  void close_start() { ::ttemu::abi::fabricClose(conn_); }
  void close_finish() {}
  void close() {
    close_start();
    close_finish();
  }

  bool edm_has_space_for_packet() const {
    return ::ttemu::abi::fabricHasSlot(conn_);
  }
  void wait_for_empty_write_slot() const {
    ::ttemu::abi::fabricWaitForSlot(conn_);
  }

  void send_payload_without_header_non_blocking_from_address(uint32_t addr,
                                                             size_t bytes) {
    ::ttemu::abi::fabricStagePayload(conn_, addr, static_cast<uint32_t>(bytes));
  }
  void send_payload_flush_blocking_from_address(uint32_t addr, size_t bytes) {
    ::ttemu::abi::fabricSend(conn_, addr, static_cast<uint32_t>(bytes), true);
  }
  void send_payload_flush_non_blocking_from_address(uint32_t addr,
                                                    size_t bytes) {
    ::ttemu::abi::fabricSend(conn_, addr, static_cast<uint32_t>(bytes), false);
  }
  void send_payload_blocking_from_address(uint32_t addr, size_t bytes) {
    ::ttemu::abi::fabricSend(conn_, addr, static_cast<uint32_t>(bytes), true);
  }
  void send_payload_non_blocking_from_address(uint32_t addr, size_t bytes) {
    ::ttemu::abi::fabricSend(conn_, addr, static_cast<uint32_t>(bytes), false);
  }

private:
  uint32_t conn_[::ttemu::abi::kFabricConnectionWords] = {};
  bool valid_ = false;
};

} // namespace tt::tt_fabric
