// SFPI, the SFPU's vector programming interface (tt-metal's sfpi.h), for
// compute kernels run by the emulator: sfpi::vFloat / vInt / vUInt vectors
// of 32 lanes, sfpi::dst_reg, the vConst constants and predicated
// execution with v_if / v_elseif / v_else / v_endif.
//
// Layout. DST tile t holds 32 SFPU vectors, dst_reg[32 t .. 32 t + 31]; a
// face is 8 of them (face f of tile t starts at 32 t + 8 f) and vector v of a
// tile is its face-order elements [32 v, 32 v + 32): two 16-wide rows of a
// face. The LLK call wrappers (api/compute/emu/sfpu_params.h) set the base
// that dst_reg[i] counts from to each face in turn, as the hardware's DST
// address counter does; dst_reg++ moves it by one vector.
//
// Numerics. Lane arithmetic is fp32, one rounding per operation (the SFPU's
// MAD has no wider intermediate either); a store into a 16-bit DST keeps the
// upper bits, as SFPSTORE does. Under v_if only the enabled lanes of an
// assigned vector or of DST change; a vector declared inside the block is
// initialised on all lanes.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "api/compute/emu/sfpi_emu.h"

namespace sfpi {

constexpr int kLanes = 32;

namespace detail {
/// Lanes enabled by the enclosing v_if blocks of the calling thread.
struct Predication {
  std::array<bool, kLanes> on;
  Predication() { on.fill(true); }
};
inline Predication &pred() {
  thread_local Predication p;
  return p;
}
/// Vector index dst_reg[0] names (the wrappers' face base, plus dst_reg++).
inline uint32_t &dstBase() {
  thread_local uint32_t base = 0;
  return base;
}
} // namespace detail

/// A per-lane condition, from a comparison of vectors.
struct vCond {
  std::array<bool, kLanes> lane{};
  vCond operator&&(const vCond &o) const {
    vCond r;
    for (int i = 0; i < kLanes; ++i)
      r.lane[i] = lane[i] && o.lane[i];
    return r;
  }
  vCond operator||(const vCond &o) const {
    vCond r;
    for (int i = 0; i < kLanes; ++i)
      r.lane[i] = lane[i] || o.lane[i];
    return r;
  }
  vCond operator!() const {
    vCond r;
    for (int i = 0; i < kLanes; ++i)
      r.lane[i] = !lane[i];
    return r;
  }
};

/// 32 lanes of T; assignment writes the lanes enabled by v_if.
template <typename T> struct vVec {
  std::array<T, kLanes> lane{};

  vVec() = default;
  vVec(T v) { lane.fill(v); } // NOLINT: a scalar broadcasts, as in SFPI
  template <typename U, typename = std::enable_if_t<std::is_arithmetic_v<U> &&
                                                    !std::is_same_v<U, T>>>
  vVec(U v) : vVec(static_cast<T>(v)) {}
  vVec(const vVec &) = default;
  vVec &operator=(const vVec &o) {
    const auto &on = detail::pred().on;
    for (int i = 0; i < kLanes; ++i)
      if (on[i])
        lane[i] = o.lane[i];
    return *this;
  }
  template <typename F> static vVec map(const vVec &a, F f) {
    vVec r;
    for (int i = 0; i < kLanes; ++i)
      r.lane[i] = f(a.lane[i]);
    return r;
  }
  template <typename F> static vVec zip(const vVec &a, const vVec &b, F f) {
    vVec r;
    for (int i = 0; i < kLanes; ++i)
      r.lane[i] = f(a.lane[i], b.lane[i]);
    return r;
  }
  template <typename F> static vCond test(const vVec &a, const vVec &b, F f) {
    vCond r;
    for (int i = 0; i < kLanes; ++i)
      r.lane[i] = f(a.lane[i], b.lane[i]);
    return r;
  }

  friend vVec operator+(const vVec &a, const vVec &b) { return zip(a, b, [](T x, T y) { return T(x + y); }); }
  friend vVec operator-(const vVec &a, const vVec &b) { return zip(a, b, [](T x, T y) { return T(x - y); }); }
  friend vVec operator*(const vVec &a, const vVec &b) { return zip(a, b, [](T x, T y) { return T(x * y); }); }
  vVec operator-() const { return map(*this, [](T x) { return T(-x); }); }
  vVec &operator+=(const vVec &o) { return *this = *this + o; }
  vVec &operator-=(const vVec &o) { return *this = *this - o; }
  vVec &operator*=(const vVec &o) { return *this = *this * o; }

  friend vCond operator<(const vVec &a, const vVec &b) { return test(a, b, [](T x, T y) { return x < y; }); }
  friend vCond operator<=(const vVec &a, const vVec &b) { return test(a, b, [](T x, T y) { return x <= y; }); }
  friend vCond operator>(const vVec &a, const vVec &b) { return test(a, b, [](T x, T y) { return x > y; }); }
  friend vCond operator>=(const vVec &a, const vVec &b) { return test(a, b, [](T x, T y) { return x >= y; }); }
  friend vCond operator==(const vVec &a, const vVec &b) { return test(a, b, [](T x, T y) { return x == y; }); }
  friend vCond operator!=(const vVec &a, const vVec &b) { return test(a, b, [](T x, T y) { return x != y; }); }
};

using vFloat = vVec<float>;

/// Integer vectors add the bitwise operations.
template <typename T> struct vIntVec : vVec<T> {
  using vVec<T>::vVec;
  vIntVec() = default;
  vIntVec(const vVec<T> &v) : vVec<T>(v) {} // NOLINT
  vIntVec &operator=(const vIntVec &o) {
    vVec<T>::operator=(o);
    return *this;
  }
  friend vIntVec operator&(const vIntVec &a, const vIntVec &b) { return vVec<T>::zip(a, b, [](T x, T y) { return T(x & y); }); }
  friend vIntVec operator|(const vIntVec &a, const vIntVec &b) { return vVec<T>::zip(a, b, [](T x, T y) { return T(x | y); }); }
  friend vIntVec operator^(const vIntVec &a, const vIntVec &b) { return vVec<T>::zip(a, b, [](T x, T y) { return T(x ^ y); }); }
  friend vIntVec operator<<(const vIntVec &a, int s) { return vVec<T>::map(a, [s](T x) { return T(uint32_t(x) << s); }); }
  friend vIntVec operator>>(const vIntVec &a, int s) { return vVec<T>::map(a, [s](T x) { return T(x >> s); }); }
  vIntVec operator~() const { return vVec<T>::map(*this, [](T x) { return T(~x); }); }
  vIntVec &operator&=(const vIntVec &o) { return *this = *this & o; }
  vIntVec &operator|=(const vIntVec &o) { return *this = *this | o; }
  vIntVec &operator^=(const vIntVec &o) { return *this = *this ^ o; }
  vIntVec &operator<<=(int s) { return *this = *this << s; }
  vIntVec &operator>>=(int s) { return *this = *this >> s; }
};
using vInt = vIntVec<int32_t>;
using vUInt = vIntVec<uint32_t>;

/// The SFPU's constant registers.
inline const vFloat vConst0{0.0f};
inline const vFloat vConst1{1.0f};
inline const vFloat vConstNeg1{-1.0f};
inline const vFloat vConst0p8373{0.8373f};
inline const vFloat vConstNeg0p6931{-0.693147182464599609375f};

/// The same 32 lanes seen as another vector type (SFPI's reinterpret / as).
template <typename To, typename From> To reinterpret(const From &v) {
  static_assert(sizeof(v.lane) == sizeof(To().lane), "vectors of 32-bit lanes");
  To r;
  std::memcpy(r.lane.data(), v.lane.data(), sizeof(r.lane));
  return r;
}
template <typename To, typename From> To as(const From &v) { return reinterpret<To>(v); }

inline vFloat abs(const vFloat &v) { return vFloat::map(v, [](float x) { return std::fabs(x); }); }
inline vInt abs(const vInt &v) { return vInt::map(v, [](int32_t x) { return x < 0 ? -x : x; }); }
/// |v| with the sign of `sign` (a vector's sign bits or 0/1 per lane).
inline vFloat setsgn(const vFloat &v, int sign) {
  return vFloat::map(v, [sign](float x) { return std::copysign(x, sign ? -1.0f : 1.0f); });
}
inline vFloat setsgn(const vFloat &v, const vFloat &sign) {
  return vFloat::zip(v, sign, [](float x, float s) { return std::copysign(x, s); });
}
/// Unbiased exponent of each lane.
inline vInt exexp(const vFloat &v) {
  vInt bits = reinterpret<vInt>(v), r;
  for (int i = 0; i < kLanes; ++i)
    r.lane[i] = int32_t((uint32_t(bits.lane[i]) >> 23) & 0xff) - 127;
  return r;
}
/// `v` with the biased exponent `e`.
inline vFloat setexp(const vFloat &v, uint32_t e) {
  vInt bits = reinterpret<vInt>(v);
  for (auto &b : bits.lane)
    b = int32_t((uint32_t(b) & ~(0xffu << 23)) | ((e & 0xff) << 23));
  return reinterpret<vFloat>(bits);
}
inline vFloat int32_to_float(const vInt &v, int = 0) {
  vFloat r;
  for (int i = 0; i < kLanes; ++i)
    r.lane[i] = float(v.lane[i]);
  return r;
}
inline vFloat vec_min(const vFloat &a, const vFloat &b) { return vFloat::zip(a, b, [](float x, float y) { return std::fmin(x, y); }); }
inline vFloat vec_max(const vFloat &a, const vFloat &b) { return vFloat::zip(a, b, [](float x, float y) { return std::fmax(x, y); }); }
inline vFloat clamp(const vFloat &v, const vFloat &lo, const vFloat &hi) { return vec_min(vec_max(v, lo), hi); }

/// One SFPU vector of DST: read it into a vector, or store one (rounded as
/// SFPSTORE, on the enabled lanes).
class DstVector {
public:
  explicit DstVector(uint32_t index) : index_(index) {}
  operator vFloat() const { // NOLINT: reading dst_reg[i] gives a vector
    const float *src = lanes();
    vFloat v;
    std::memcpy(v.lane.data(), src, sizeof(v.lane));
    return v;
  }
  operator vInt() const { return reinterpret<vInt>(vFloat(*this)); } // NOLINT
  operator vUInt() const { return reinterpret<vUInt>(vFloat(*this)); } // NOLINT
  const DstVector &operator=(const vFloat &v) const {
    float *dst = lanes();
    const auto &on = detail::pred().on;
    for (int i = 0; i < kLanes; ++i)
      if (on[i])
        dst[i] = ttemu::compute::sfpiStore(index_ / 32, v.lane[i]);
    return *this;
  }
  const DstVector &operator=(const DstVector &o) const { return *this = vFloat(o); }
  const DstVector &operator=(const vInt &v) const {
    // Integer lanes are stored as their bits.
    float *dst = lanes();
    const auto &on = detail::pred().on;
    for (int i = 0; i < kLanes; ++i)
      if (on[i])
        std::memcpy(&dst[i], &v.lane[i], 4);
    (void)ttemu::compute::sfpiStore(index_ / 32, 0.0f);
    return *this;
  }
  const DstVector &operator=(float v) const { return *this = vFloat(v); }

private:
  float *lanes() const {
    return ttemu::compute::sfpiTile(index_ / 32) + (index_ % 32) * kLanes;
  }
  uint32_t index_;
};

/// sfpi::dst_reg: DST as SFPU vectors from the current base.
struct DstReg {
  DstVector operator[](uint32_t i) const { return DstVector(detail::dstBase() + i); }
  const DstReg &operator++() const {
    ++detail::dstBase();
    return *this;
  }
  const DstReg &operator++(int) const { return ++*this; }
  const DstReg &operator+=(uint32_t n) const {
    detail::dstBase() += n;
    return *this;
  }
};
inline constexpr DstReg dst_reg{};

namespace detail {
/// One v_if ... v_endif: the lanes it started with and those a branch took.
class CondScope {
public:
  CondScope() : parent_(pred().on) { taken_.fill(false); }
  ~CondScope() { pred().on = parent_; }
  CondScope(const CondScope &) = delete;
  CondScope &operator=(const CondScope &) = delete;
  void branch(const vCond &c) {
    for (int i = 0; i < kLanes; ++i) {
      bool take = parent_[i] && !taken_[i] && c.lane[i];
      pred().on[i] = take;
      taken_[i] = taken_[i] || take;
    }
  }
  void otherwise() {
    vCond all;
    all.lane.fill(true);
    branch(all);
  }

private:
  std::array<bool, kLanes> parent_, taken_;
};
} // namespace detail

} // namespace sfpi

#define v_if(cond)                                                             \
  {                                                                            \
    ::sfpi::detail::CondScope ttemu_sfpi_scope_;                               \
    ttemu_sfpi_scope_.branch(cond);                                            \
    {
#define v_elseif(cond)                                                         \
  }                                                                            \
  ttemu_sfpi_scope_.branch(cond);                                              \
  {
#define v_else                                                                 \
  }                                                                            \
  ttemu_sfpi_scope_.otherwise();                                               \
  {
#define v_endif                                                                \
  }                                                                            \
  }

// tt-metal's kernels use the SFPI names unqualified too.
using namespace sfpi;
