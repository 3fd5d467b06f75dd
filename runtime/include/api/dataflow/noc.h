// tt-metal's "Device 2.0" NOC object: Noc::async_read / async_write between
// typed endpoints (TensorAccessor pages, circular buffers) described by
// noc_traits_t, on top of the emulator's noc_async_* calls. The default
// transaction options only; the others do not compile.
#pragma once

#include <cstdint>
#include <type_traits>

#include "api/dataflow/dataflow_api.h"

template <typename T> struct noc_traits_t {
  static_assert(sizeof(T) == 0, "NoC transactions are not supported for this type");
};

enum class NocOptions : uint32_t {
  DEFAULT = 0,
  TXN_ID = 1u << 0,
  POSTED = 1u << 1,
  CUSTOM_VC = 1u << 2,
  MCAST_INCL_SRC = 1u << 3,
  INLINE_L1 = 1u << 4,
  INLINE_REG = 1u << 5,
};
constexpr NocOptions operator|(NocOptions a, NocOptions b) noexcept {
  return static_cast<NocOptions>(static_cast<uint32_t>(a) | static_cast<uint32_t>(b));
}
constexpr bool has_flag(NocOptions opts, NocOptions flag) noexcept {
  return (static_cast<uint32_t>(opts) & static_cast<uint32_t>(flag)) != 0;
}

struct NocOptVals {
  uint32_t vc = 0;
  uint32_t trid = 0;
};

class Noc {
public:
  enum class AddressType { NOC, LOCAL_L1 };
  static constexpr uint32_t INVALID_TXN_ID = 0xFFFFFFFF;

private:
  template <typename T> using src_args_t = typename noc_traits_t<T>::src_args_type;
  template <typename T> using dst_args_t = typename noc_traits_t<T>::dst_args_type;

  template <NocOptions opts> static constexpr void onlyDefault() {
    static_assert(opts == NocOptions::DEFAULT,
                  "the emulator implements Noc transactions with the default "
                  "NocOptions only");
  }

public:
  Noc() : noc_id_(noc_index) {}
  explicit Noc(uint8_t noc_id) : noc_id_(noc_id) {}

  uint8_t get_noc_id() const { return noc_id_; }

  /// Reads size_bytes from `src` (a NOC address) into `dst` (local L1).
  template <NocOptions opts = NocOptions::DEFAULT, uint32_t max_page_size = 0,
            bool enable_noc_tracing = true, typename Src, typename Dst>
  void async_read(const Src &src, const Dst &dst, uint32_t size_bytes,
                  const src_args_t<Src> &src_args,
                  const dst_args_t<Dst> &dst_args,
                  const NocOptVals & = {}) const {
    onlyDefault<opts>();
    uint64_t from = noc_traits_t<Src>::template src_addr<AddressType::NOC>(
        src, *this, src_args);
    uint32_t to = static_cast<uint32_t>(
        noc_traits_t<Dst>::template dst_addr<AddressType::LOCAL_L1>(dst, *this,
                                                                    dst_args));
    noc_async_read(from, to, size_bytes, noc_id_);
  }

  /// Writes size_bytes from `src` (local L1) to `dst` (a NOC address).
  template <NocOptions opts = NocOptions::DEFAULT, uint32_t max_page_size = 0,
            bool enable_noc_tracing = true, typename Src, typename Dst>
  void async_write(const Src &src, const Dst &dst, uint32_t size_bytes,
                   const src_args_t<Src> &src_args,
                   const dst_args_t<Dst> &dst_args,
                   const NocOptVals & = {}) const {
    onlyDefault<opts>();
    uint32_t from = static_cast<uint32_t>(
        noc_traits_t<Src>::template src_addr<AddressType::LOCAL_L1>(src, *this,
                                                                    src_args));
    uint64_t to = noc_traits_t<Dst>::template dst_addr<AddressType::NOC>(
        dst, *this, dst_args);
    noc_async_write(from, to, size_bytes, noc_id_);
  }

  template <NocOptions opts = NocOptions::DEFAULT>
  void async_read_barrier(const NocOptVals & = {}) const {
    onlyDefault<opts>();
    noc_async_read_barrier(noc_id_);
  }
  template <NocOptions opts = NocOptions::DEFAULT>
  void async_write_barrier(const NocOptVals & = {}) const {
    onlyDefault<opts>();
    noc_async_write_barrier(noc_id_);
  }
  template <NocOptions opts = NocOptions::DEFAULT>
  void async_writes_flushed(const NocOptVals & = {}) const {
    onlyDefault<opts>();
    noc_async_writes_flushed(noc_id_);
  }
  void async_atomic_barrier() const { noc_async_atomic_barrier(noc_id_); }
  void async_full_barrier() const { noc_async_full_barrier(noc_id_); }

private:
  uint8_t noc_id_;
};
