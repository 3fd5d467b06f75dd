// Data-movement kernel API (NOC transfers, address generators, tensor
// accessors, semaphores) over the emulator.
#pragma once

#include <cstdint>

#include <ttemu/kernel_api_common.h>
// As tt-metal's dataflow_api.h: kernels use VALID / INVALID without
// including it themselves.
#include <hostdevcommon/common_values.hpp>

#ifndef NOC_INDEX
#define NOC_INDEX 0
#endif
constexpr uint8_t noc_index = NOC_INDEX;
constexpr uint32_t NUM_NOCS = 2;

enum class ProgrammableCoreType { TENSIX = 0, ACTIVE_ETH = 1, IDLE_ETH = 2 };

// --- NOC addresses ------------------------------------------------------------
FORCE_INLINE uint64_t get_noc_addr(uint32_t noc_x, uint32_t noc_y,
                                   uint32_t addr, uint8_t noc = noc_index) {
  return ::ttemu::abi::nocUnicastAddr(noc_x, noc_y, addr);
}
FORCE_INLINE uint64_t get_noc_addr(uint32_t addr, uint8_t noc = noc_index) {
  return ::ttemu::abi::nocLocalAddr(addr);
}
FORCE_INLINE uint64_t get_noc_multicast_addr(uint32_t x_start, uint32_t y_start,
                                             uint32_t x_end, uint32_t y_end,
                                             uint32_t addr,
                                             uint8_t noc = noc_index) {
  return ::ttemu::abi::nocMulticastAddr(x_start, y_start, x_end, y_end, addr);
}

template <bool DRAM>
FORCE_INLINE uint64_t get_noc_addr_from_bank_id(uint32_t bank_id,
                                                uint32_t bank_address_offset,
                                                uint8_t noc = noc_index) {
  return ::ttemu::abi::nocBankAddr(DRAM, bank_id, bank_address_offset);
}

// --- Interleaved address generators -------------------------------------------
template <bool DRAM> struct InterleavedAddrGen {
  uint32_t bank_base_address;
  uint32_t page_size;
  uint64_t get_noc_addr(uint32_t id, uint32_t offset = 0,
                        uint8_t noc = noc_index) const {
    return ::ttemu::abi::nocInterleavedAddr(DRAM, id, bank_base_address,
                                            page_size, offset);
  }
};

template <bool DRAM> struct InterleavedAddrGenFast {
  uint32_t bank_base_address;
  uint32_t page_size;
  DataFormat data_format;
  uint64_t get_noc_addr(uint32_t id, uint32_t offset = 0,
                        uint8_t noc = noc_index) const {
    return ::ttemu::abi::nocInterleavedAddr(DRAM, id, bank_base_address,
                                            page_size, offset);
  }
};

template <bool DRAM> struct InterleavedPow2AddrGen {
  uint32_t bank_base_address;
  uint32_t log_base_2_of_page_size;
  uint64_t get_noc_addr(uint32_t id, uint32_t offset = 0,
                        uint8_t noc = noc_index) const {
    return ::ttemu::abi::nocInterleavedAddr(
        DRAM, id, bank_base_address, 1u << log_base_2_of_page_size, offset);
  }
};

template <bool DRAM> struct InterleavedPow2AddrGenFast {
  uint32_t bank_base_address;
  uint32_t log_base_2_of_page_size;
  uint64_t get_noc_addr(uint32_t id, uint32_t offset = 0,
                        uint8_t noc = noc_index) const {
    return ::ttemu::abi::nocInterleavedAddr(
        DRAM, id, bank_base_address, 1u << log_base_2_of_page_size, offset);
  }
};

// --- TensorAccessor -------------------------------------------------------------
/// Reads the two compile-time words the host's TensorAccessorArgs appended
/// for an interleaved buffer, as tt-metal lays them out: the ArgConfig bits,
/// then the aligned page size.
template <uint32_t CTA_OFFSET, uint32_t CRTA_OFFSET = 0>
struct TensorAccessorArgs {
  static constexpr uint32_t ArgsConfig = get_compile_time_arg_val(CTA_OFFSET);
  static constexpr bool is_dram = (ArgsConfig & 2u) != 0;
  static constexpr bool is_sharded = (ArgsConfig & 1u) != 0;
  static constexpr bool is_interleaved = !is_sharded;
  static constexpr uint32_t AlignedPageSize =
      get_compile_time_arg_val(CTA_OFFSET + 1);
  static constexpr uint32_t get_aligned_page_size() { return AlignedPageSize; }
  static_assert(!is_sharded, "the emulator supports interleaved tensors only");
  static constexpr uint32_t num_compile_time_args() { return 2; }
  static constexpr uint32_t next_compile_time_args_offset() {
    return CTA_OFFSET + num_compile_time_args();
  }
  static constexpr uint32_t next_common_runtime_args_offset() {
    return CRTA_OFFSET;
  }
  static constexpr uint32_t compile_time_args_skip() {
    return num_compile_time_args();
  }
};

template <typename Args> struct TensorAccessor {
  /// Without a page size (or with 0) the accessor uses the buffer's aligned
  /// page size from the host's TensorAccessorArgs, as tt-metal does.
  constexpr TensorAccessor(const Args &, uint32_t bank_base_address,
                           uint32_t page_size = Args::AlignedPageSize)
      : bank_base_address(bank_base_address),
        page_size(page_size ? page_size : Args::AlignedPageSize) {}
  uint64_t get_noc_addr(uint32_t page_id, uint32_t offset = 0,
                        uint8_t noc = noc_index) const {
    return ::ttemu::abi::nocInterleavedAddr(Args::is_dram, page_id,
                                            bank_base_address, page_size,
                                            offset);
  }
  uint32_t bank_base_address;
  uint32_t page_size;
};
template <typename Args>
TensorAccessor(const Args &, uint32_t, uint32_t) -> TensorAccessor<Args>;
template <typename Args>
TensorAccessor(const Args &, uint32_t) -> TensorAccessor<Args>;

/// Only for address generators: tt-metal overloads it per generator type, so
/// get_noc_addr(x, y, addr) with integer literals is the coordinate form.
template <typename AddrGen>
  requires requires(const AddrGen &g) { g.get_noc_addr(0u, 0u, uint8_t(0)); }
FORCE_INLINE uint64_t get_noc_addr(uint32_t id, const AddrGen &s,
                                   uint32_t offset = 0,
                                   uint8_t noc = noc_index) {
  return s.get_noc_addr(id, offset, noc);
}

// --- Transfers -------------------------------------------------------------------
FORCE_INLINE void noc_async_read(uint64_t src_noc_addr, uint32_t dst_local_l1_addr,
                                 uint32_t size, uint8_t noc = noc_index) {
  ::ttemu::abi::nocRead(src_noc_addr, dst_local_l1_addr, size);
}
FORCE_INLINE void noc_async_write(uint32_t src_local_l1_addr,
                                  uint64_t dst_noc_addr, uint32_t size,
                                  uint8_t noc = noc_index) {
  ::ttemu::abi::nocWrite(src_local_l1_addr, dst_noc_addr, size);
}
template <typename AddrGen>
FORCE_INLINE void noc_async_read_tile(uint32_t id, const AddrGen &s,
                                      uint32_t dst_local_l1_addr,
                                      uint32_t offset = 0,
                                      uint8_t noc = noc_index) {
  ::ttemu::abi::nocRead(s.get_noc_addr(id, offset), dst_local_l1_addr,
                        s.page_size);
}
template <typename AddrGen>
FORCE_INLINE void noc_async_write_tile(uint32_t id, const AddrGen &s,
                                       uint32_t src_local_l1_addr,
                                       uint8_t noc = noc_index) {
  ::ttemu::abi::nocWrite(src_local_l1_addr, s.get_noc_addr(id), s.page_size);
}
template <typename AddrGen>
FORCE_INLINE void noc_async_read_page(uint32_t id, const AddrGen &s,
                                      uint32_t dst_local_l1_addr,
                                      uint32_t offset = 0,
                                      uint8_t noc = noc_index) {
  ::ttemu::abi::nocRead(s.get_noc_addr(id, offset), dst_local_l1_addr,
                        s.page_size);
}
template <typename AddrGen>
FORCE_INLINE void noc_async_write_page(uint32_t id, const AddrGen &s,
                                       uint32_t src_local_l1_addr,
                                       uint32_t write_size_bytes = 0,
                                       uint32_t offset = 0,
                                       uint8_t noc = noc_index) {
  ::ttemu::abi::nocWrite(src_local_l1_addr, s.get_noc_addr(id, offset),
                         write_size_bytes ? write_size_bytes : s.page_size);
}
FORCE_INLINE void noc_async_read_one_packet(uint64_t src_noc_addr,
                                            uint32_t dst_local_l1_addr,
                                            uint32_t size,
                                            uint8_t noc = noc_index) {
  ::ttemu::abi::nocRead(src_noc_addr, dst_local_l1_addr, size);
}
FORCE_INLINE void noc_async_write_one_packet(uint32_t src_local_l1_addr,
                                             uint64_t dst_noc_addr,
                                             uint32_t size,
                                             uint8_t noc = noc_index) {
  ::ttemu::abi::nocWrite(src_local_l1_addr, dst_noc_addr, size);
}
FORCE_INLINE void noc_async_read_one_packet_set_state(uint64_t src_noc_addr,
                                                      uint32_t size,
                                                      uint8_t noc = noc_index) {
  ::ttemu::abi::nocReadSetState(src_noc_addr, size);
}
template <bool inc_num_issued = true>
FORCE_INLINE void noc_async_read_one_packet_with_state(uint32_t src_local_l1_addr,
                                                       uint32_t dst_local_l1_addr,
                                                       uint8_t noc = noc_index) {
  ::ttemu::abi::nocReadWithState(src_local_l1_addr, dst_local_l1_addr, 0);
}
FORCE_INLINE void noc_async_read_set_state(uint64_t src_noc_addr,
                                           uint8_t noc = noc_index) {
  ::ttemu::abi::nocReadSetState(src_noc_addr, 0);
}
FORCE_INLINE void noc_async_read_with_state(uint32_t src_local_l1_addr,
                                            uint32_t dst_local_l1_addr,
                                            uint32_t size,
                                            uint8_t noc = noc_index) {
  ::ttemu::abi::nocReadWithState(src_local_l1_addr, dst_local_l1_addr, size);
}
FORCE_INLINE void noc_async_write_multicast(uint32_t src_local_l1_addr,
                                            uint64_t dst_noc_addr_multicast,
                                            uint32_t size, uint32_t num_dests,
                                            bool linked = false,
                                            bool multicast_path_reserve = true,
                                            uint8_t noc = noc_index) {
  ::ttemu::abi::nocWriteMulticast(src_local_l1_addr, dst_noc_addr_multicast,
                                  size, num_dests, false);
}
FORCE_INLINE void noc_async_write_multicast_loopback_src(
    uint32_t src_local_l1_addr, uint64_t dst_noc_addr_multicast, uint32_t size,
    uint32_t num_dests, bool linked = false, bool multicast_path_reserve = true,
    uint8_t noc = noc_index) {
  ::ttemu::abi::nocWriteMulticast(src_local_l1_addr, dst_noc_addr_multicast,
                                  size, num_dests, true);
}
FORCE_INLINE void noc_async_read_barrier(uint8_t noc = noc_index) {
  ::ttemu::abi::nocReadBarrier();
}
// Transaction ids: a kernel keeps reads in flight and waits for one group
// at a time (the DRAM-bandwidth kernels of tt-metal's tech reports).
FORCE_INLINE void noc_async_read_set_trid(uint32_t trid,
                                          uint8_t noc = noc_index) {
  ::ttemu::abi::nocReadSetTrid(trid);
}
template <bool skip_ptr_update = false, bool skip_cmdbuf_chk = false>
FORCE_INLINE void noc_async_read_one_packet_with_state_with_trid(
    uint64_t src_base_addr, uint32_t src_addr, uint32_t dest_addr,
    uint32_t trid = 0, uint8_t noc = noc_index) {
  ::ttemu::abi::nocReadSetTrid(trid);
  ::ttemu::abi::nocReadWithState(
      static_cast<uint32_t>(src_base_addr) + src_addr, dest_addr, 0);
}
FORCE_INLINE void noc_async_read_barrier_with_trid(uint32_t trid,
                                                   uint8_t noc = noc_index) {
  ::ttemu::abi::nocReadBarrierTrid(trid);
}
FORCE_INLINE void noc_async_write_barrier(uint8_t noc = noc_index) {
  ::ttemu::abi::nocWriteBarrier();
}
// Flushed: every write issued has left the core (tt-metal polls
// NIU_MST_NONPOSTED_WR_REQ_SENT), not yet acknowledged as the barrier waits.
FORCE_INLINE void noc_async_writes_flushed(uint8_t noc = noc_index) {
  ::ttemu::abi::nocWritesFlushed();
}
FORCE_INLINE void noc_async_posted_writes_flushed(uint8_t noc = noc_index) {
  ::ttemu::abi::nocWritesFlushed();
}
FORCE_INLINE void noc_async_atomic_barrier(uint8_t noc = noc_index) {
  ::ttemu::abi::nocAtomicBarrier();
}
FORCE_INLINE void noc_async_full_barrier(uint8_t noc = noc_index) {
  ::ttemu::abi::nocReadBarrier();
  ::ttemu::abi::nocWriteBarrier();
  ::ttemu::abi::nocAtomicBarrier();
}

// --- Semaphores ---------------------------------------------------------------------
template <ProgrammableCoreType type = ProgrammableCoreType::TENSIX>
FORCE_INLINE uint32_t get_semaphore(uint32_t semaphore_id) {
  return ::ttemu::abi::semaphoreAddr(semaphore_id);
}
FORCE_INLINE void noc_semaphore_wait(volatile tt_l1_ptr uint32_t *sem_addr,
                                     uint32_t val) {
  ::ttemu::abi::semaphoreWait(sem_addr, val, false);
}
FORCE_INLINE void noc_semaphore_wait_min(volatile tt_l1_ptr uint32_t *sem_addr,
                                         uint32_t val) {
  ::ttemu::abi::semaphoreWait(sem_addr, val, true);
}
FORCE_INLINE void noc_semaphore_set(volatile tt_l1_ptr uint32_t *sem_addr,
                                    uint32_t val) {
  ::ttemu::abi::semaphoreSet(sem_addr, val);
}
FORCE_INLINE void noc_semaphore_inc(uint64_t addr, uint32_t incr,
                                    uint8_t noc_id = noc_index) {
  ::ttemu::abi::semaphoreInc(addr, incr);
}
FORCE_INLINE void noc_semaphore_set_remote(uint32_t src_local_l1_addr,
                                           uint64_t dst_noc_addr,
                                           uint8_t noc = noc_index) {
  ::ttemu::abi::nocWrite(src_local_l1_addr, dst_noc_addr, 4);
}
FORCE_INLINE void noc_semaphore_set_multicast(uint32_t src_local_l1_addr,
                                              uint64_t dst_noc_addr_multicast,
                                              uint32_t num_dests,
                                              bool linked = false,
                                              bool multicast_path_reserve = true,
                                              uint8_t noc = noc_index) {
  ::ttemu::abi::semaphoreSetMulticast(src_local_l1_addr, dst_noc_addr_multicast,
                                      num_dests, false);
}
FORCE_INLINE void noc_semaphore_set_multicast_loopback_src(
    uint32_t src_local_l1_addr, uint64_t dst_noc_addr_multicast,
    uint32_t num_dests, bool linked = false, bool multicast_path_reserve = true,
    uint8_t noc = noc_index) {
  ::ttemu::abi::semaphoreSetMulticast(src_local_l1_addr, dst_noc_addr_multicast,
                                      num_dests, true);
}
