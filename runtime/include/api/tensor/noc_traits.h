// noc_traits_t for TensorAccessor: a page (page_id, offset_bytes) of an
// interleaved tensor as the NOC end of a Noc transfer.
#pragma once

#include <cstdint>

#include "api/dataflow/noc.h"

template <typename Args> struct noc_traits_t<TensorAccessor<Args>> {
  struct src_args_type {
    uint32_t page_id{};
    uint32_t offset_bytes = 0;
  };
  struct dst_args_type {
    uint32_t page_id{};
    uint32_t offset_bytes = 0;
  };
  template <Noc::AddressType address_type>
  static uint64_t src_addr(const TensorAccessor<Args> &src, const Noc &noc,
                           const src_args_type &args) {
    static_assert(address_type == Noc::AddressType::NOC,
                  "the emulator reads a TensorAccessor page over the NOC only");
    return src.get_noc_addr(args.page_id, args.offset_bytes, noc.get_noc_id());
  }
  template <Noc::AddressType address_type>
  static uint64_t dst_addr(const TensorAccessor<Args> &dst, const Noc &noc,
                           const dst_args_type &args) {
    static_assert(address_type == Noc::AddressType::NOC,
                  "the emulator writes a TensorAccessor page over the NOC only");
    return dst.get_noc_addr(args.page_id, args.offset_bytes, noc.get_noc_id());
  }
};
