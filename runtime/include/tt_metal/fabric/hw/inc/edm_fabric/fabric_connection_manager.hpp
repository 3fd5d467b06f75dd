// FabricConnectionManager: a worker's forward and backward fabric
// connections, built from runtime arguments (each a flag word, then, if
// set, the connection's words), as tt-metal's kernels read them.
#pragma once

#include <cstddef>
#include <cstdint>

#include "edm_fabric_worker_adapters.hpp"

class FabricConnectionManager final {
public:
  enum BuildFromArgsMode : uint8_t {
    BUILD_ONLY,
    BUILD_AND_OPEN_CONNECTION,
    BUILD_AND_OPEN_CONNECTION_START_ONLY
  };

  template <BuildFromArgsMode build_mode = BuildFromArgsMode::BUILD_ONLY>
  static FabricConnectionManager build_from_args(std::size_t &arg_idx) {
    FabricConnectionManager m;
    m.flags_ = get_arg_val<uint32_t>(arg_idx++) != 0 ? kForward : 0;
    if (m.has_forward_connection())
      m.forward_ = tt::tt_fabric::WorkerToFabricEdmSender::build_from_args<
          ProgrammableCoreType::TENSIX>(arg_idx);
    m.flags_ |= get_arg_val<uint32_t>(arg_idx++) != 0 ? kBackward : 0;
    if (m.has_backward_connection())
      m.backward_ = tt::tt_fabric::WorkerToFabricEdmSender::build_from_args<
          ProgrammableCoreType::TENSIX>(arg_idx);
    if constexpr (build_mode != BUILD_ONLY)
      m.open();
    return m;
  }

  bool is_logically_connected() const {
    return has_forward_connection() || has_backward_connection();
  }
  bool has_forward_connection() const { return flags_ & kForward; }
  bool has_backward_connection() const { return flags_ & kBackward; }

  template <bool SEND_CREDIT_ADDR = false> void open() {
    if (has_forward_connection())
      forward_.open_start<SEND_CREDIT_ADDR>();
    if (has_backward_connection())
      backward_.open_start<SEND_CREDIT_ADDR>();
  }
  void open_finish() {}
  void close_start() {
    if (has_forward_connection())
      forward_.close_start();
    if (has_backward_connection())
      backward_.close_start();
  }
  void close_finish() {}
  void close() { close_start(); }

  tt::tt_fabric::WorkerToFabricEdmSender &get_forward_connection() {
    return forward_;
  }
  tt::tt_fabric::WorkerToFabricEdmSender &get_backward_connection() {
    return backward_;
  }

private:
  static constexpr uint8_t kForward = 1, kBackward = 2;
  tt::tt_fabric::WorkerToFabricEdmSender forward_, backward_;
  uint8_t flags_ = 0;
};
