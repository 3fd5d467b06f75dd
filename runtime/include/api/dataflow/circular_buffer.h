// tt-metal's "Device 2.0" CircularBuffer object over the cb_* calls, and its
// noc_traits_t so that Noc transfers can name a CB as source or destination
// (its read pointer as a source, its write pointer as a destination, unless
// chosen with use<AddrSelector>(cb)).
#pragma once

#include <cstdint>

#include "api/dataflow/noc.h"

class CircularBuffer {
public:
  enum class AddrSelector { WRITE_PTR, READ_PTR };

  explicit CircularBuffer(uint32_t cb_id) : cb_id_(cb_id) {}

  uint32_t get_cb_id() const { return cb_id_; }
  void reserve_back(int32_t num_pages) { cb_reserve_back(cb_id_, num_pages); }
  void push_back(int32_t num_pages) { cb_push_back(cb_id_, num_pages); }
  void wait_front(int32_t num_pages) { cb_wait_front(cb_id_, num_pages); }
  void pop_front(int32_t num_pages) { cb_pop_front(cb_id_, num_pages); }
  uint32_t get_tile_size() const { return ::get_tile_size(cb_id_); }
  DataFormat get_dataformat() const { return ::get_dataformat(cb_id_); }
  bool pages_reservable_at_back(int32_t num_pages) const {
    return cb_pages_reservable_at_back(cb_id_, num_pages);
  }
  bool pages_available_at_front(int32_t num_pages) const {
    return cb_pages_available_at_front(cb_id_, num_pages);
  }
  uint32_t get_write_ptr() const { return ::get_write_ptr(cb_id_); }
  uint32_t get_read_ptr() const { return ::get_read_ptr(cb_id_); }

private:
  uint32_t cb_id_;
};

template <CircularBuffer::AddrSelector AddrSel> struct CircularBufferView {
  const CircularBuffer &cb;
  explicit constexpr CircularBufferView(const CircularBuffer &c) : cb(c) {}
};

template <CircularBuffer::AddrSelector AddrSel>
constexpr auto use(const CircularBuffer &cb) {
  return CircularBufferView<AddrSel>(cb);
}

template <> struct noc_traits_t<CircularBuffer> {
  struct src_args_type {
    uint32_t offset_bytes{};
  };
  struct dst_args_type {
    uint32_t offset_bytes{};
  };
  template <Noc::AddressType address_type>
  static auto src_addr(const CircularBuffer &src, const Noc &,
                       const src_args_type &args) {
    static_assert(address_type == Noc::AddressType::LOCAL_L1,
                  "CircularBuffer without mcast range can only be used as L1 source");
    return src.get_read_ptr() + args.offset_bytes;
  }
  template <Noc::AddressType address_type>
  static auto dst_addr(const CircularBuffer &dst, const Noc &,
                       const dst_args_type &args) {
    static_assert(address_type == Noc::AddressType::LOCAL_L1,
                  "CircularBuffer without mcast range can only be used as L1 source");
    return dst.get_write_ptr() + args.offset_bytes;
  }
};

template <CircularBuffer::AddrSelector AddrSel>
struct noc_traits_t<CircularBufferView<AddrSel>> {
  struct src_args_type {
    uint32_t offset_bytes{};
  };
  struct dst_args_type {
    uint32_t offset_bytes{};
  };
  static uint32_t local(const CircularBufferView<AddrSel> &v) {
    return AddrSel == CircularBuffer::AddrSelector::READ_PTR ? v.cb.get_read_ptr()
                                                             : v.cb.get_write_ptr();
  }
  template <Noc::AddressType address_type>
  static auto src_addr(const CircularBufferView<AddrSel> &v, const Noc &,
                       const src_args_type &args) {
    static_assert(address_type == Noc::AddressType::LOCAL_L1,
                  "CircularBuffer without mcast range can only be used as L1 source");
    return local(v) + args.offset_bytes;
  }
  template <Noc::AddressType address_type>
  static auto dst_addr(const CircularBufferView<AddrSel> &v, const Noc &,
                       const dst_args_type &args) {
    static_assert(address_type == Noc::AddressType::LOCAL_L1,
                  "CircularBuffer without mcast range can only be used as L1 source");
    return local(v) + args.offset_bytes;
  }
};
