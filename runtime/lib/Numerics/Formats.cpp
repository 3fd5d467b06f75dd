// Scalar and tile conversions between the device's number formats.
#include "ttemu/numerics.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace ttemu::num {


uint32_t tileSizeBytes(DataFormat fmt) {
  switch (fmt) {
  case DataFormat::Float32:
  case DataFormat::UInt32:
  case DataFormat::Int32:
    return 4 * kTileElems;
  case DataFormat::Float16:
  case DataFormat::Float16_b:
  case DataFormat::UInt16:
    return 2 * kTileElems;
  case DataFormat::UInt8:
    return kTileElems;
  case DataFormat::Bfp8_b:
    return kTileElems + 64;
  case DataFormat::Bfp4_b:
    return kTileElems / 2 + 64;
  case DataFormat::Invalid:
    break;
  }
  return 0;
}

const char *formatName(DataFormat fmt) {
  switch (fmt) {
  case DataFormat::Float32:
    return "Float32";
  case DataFormat::Float16:
    return "Float16";
  case DataFormat::Float16_b:
    return "Float16_b";
  case DataFormat::Bfp8_b:
    return "Bfp8_b";
  case DataFormat::Bfp4_b:
    return "Bfp4_b";
  case DataFormat::UInt32:
    return "UInt32";
  case DataFormat::Int32:
    return "Int32";
  case DataFormat::UInt16:
    return "UInt16";
  case DataFormat::UInt8:
    return "UInt8";
  case DataFormat::Invalid:
    break;
  }
  return "Invalid";
}

namespace {

/// Drops the low `shift` bits of `mag` (a magnitude) with `rounding`.
/// Carries propagate naturally into the exponent field of a packed float.
uint32_t roundShift(uint32_t mag, uint32_t shift, Rounding rounding) {
  if (shift == 0)
    return mag;
  if (shift >= 32)
    return 0;
  uint32_t kept = mag >> shift;
  uint32_t rest = mag & ((1u << shift) - 1);
  uint32_t half = 1u << (shift - 1);
  switch (rounding) {
  case Rounding::TowardZero:
    return kept;
  case Rounding::NearestAway:
    return kept + (rest >= half ? 1 : 0);
  case Rounding::NearestEven:
    return kept + ((rest > half || (rest == half && (kept & 1))) ? 1 : 0);
  }
  return kept;
}

/// floatToBf16 with the rounding fixed at compile time and no branches, for
/// whole-tile loops (same bit manipulation: round the magnitude, let the
/// carry ripple into the exponent, NaN -> 0x7FC0 with the sign kept).
template <Rounding kRounding> inline uint16_t bf16BitsOf(float value) {
  uint32_t u = floatBits(value);
  uint32_t sign = u & 0x80000000u, mag = u & 0x7FFFFFFFu;
  uint32_t kept = mag >> 16, rest = mag & 0xFFFFu;
  if constexpr (kRounding == Rounding::NearestAway)
    kept += rest >= 0x8000u;
  else if constexpr (kRounding == Rounding::NearestEven)
    kept += rest > 0x8000u || (rest == 0x8000u && (kept & 1));
  uint32_t r = mag > 0x7F800000u ? 0x7FC0u : kept;
  return uint16_t((sign >> 16) | r);
}

} // namespace

float bf16ToFloat(uint16_t bits) { return bitsToFloat(uint32_t(bits) << 16); }

uint16_t floatToBf16(float value, Rounding rounding) {
  uint32_t u = floatBits(value);
  uint32_t sign = u & 0x80000000u;
  uint32_t mag = u & 0x7FFFFFFFu;
  if (mag > 0x7F800000u) // NaN
    return uint16_t((sign >> 16) | 0x7FC0);
  // Rounding the magnitude as an integer carries into the exponent, and
  // finite values round up to Inf (0x7F80) exactly at the overflow boundary.
  uint32_t r = roundShift(mag, 16, rounding);
  return uint16_t((sign >> 16) | r);
}

float fp16ToFloat(uint16_t bits) {
  uint32_t sign = uint32_t(bits & 0x8000) << 16;
  uint32_t exp = (bits >> 10) & 0x1F;
  uint32_t man = bits & 0x3FF;
  if (exp == 0x1F)
    return bitsToFloat(sign | 0x7F800000u | (man << 13));
  if (exp == 0) {
    // Zero or denormal: man * 2^-24 is exact in fp32.
    float v = std::ldexp(float(man), -24);
    return sign ? -v : v;
  }
  return bitsToFloat(sign | ((exp + 112) << 23) | (man << 13));
}

uint16_t floatToFp16(float value, Rounding rounding) {
  uint32_t u = floatBits(value);
  uint16_t sign = uint16_t((u >> 16) & 0x8000);
  uint32_t mag = u & 0x7FFFFFFFu;
  if (mag > 0x7F800000u)
    return sign | 0x7E00;
  if (mag == 0x7F800000u)
    return sign | 0x7C00;
  int32_t exp = int32_t(mag >> 23) - 127;
  uint32_t sig = (mag & 0x7FFFFF) | (mag ? 0x800000u : 0); // fp32 denormals
  if (exp < -14) {
    // Half denormal (or zero): value = sig * 2^(exp-23), unit is 2^-24.
    if ((mag >> 23) == 0)
      return sign; // fp32 denormals are far below half's range
    uint32_t shift = uint32_t(-14 - exp) + 13;
    return sign | uint16_t(roundShift(sig, shift, rounding));
  }
  // Normal range: combine exponent and 10-bit mantissa, round, let the carry
  // ripple into the exponent.
  uint32_t h = (uint32_t(exp + 15) << 10) | ((sig & 0x7FFFFF) >> 13);
  uint32_t rest = sig & 0x1FFF;
  uint32_t full = (h << 13) | rest;
  h = roundShift(full, 13, rounding);
  if (h >= 0x7C00)
    return rounding == Rounding::TowardZero ? (sign | 0x7BFF) : (sign | 0x7C00);
  return sign | uint16_t(h);
}

float roundToFormat(float value, DataFormat fmt, Rounding rounding) {
  switch (fmt) {
  case DataFormat::Float16_b:
    return bf16ToFloat(floatToBf16(value, rounding));
  case DataFormat::Float16:
    return fp16ToFloat(floatToFp16(value, rounding));
  default:
    return value;
  }
}

//===----------------------------------------------------------------------===//
// Block float
//===----------------------------------------------------------------------===//

uint32_t bfpMantissaBits(DataFormat fmt) {
  return fmt == DataFormat::Bfp4_b ? 3 : 7;
}

uint8_t bfpSharedExponent(std::span<const float, 16> row) {
  uint32_t maxExp = 0;
  for (float v : row)
    maxExp = std::max(maxExp, (floatBits(v) >> 23) & 0xFF);
  return uint8_t(maxExp);
}

uint8_t bfpEncode(float value, uint8_t sharedExp, uint32_t mantissaBits) {
  uint32_t u = floatBits(value);
  if ((u & 0x7FFFFFFFu) == 0)
    return 0;
  uint32_t sign = u >> 31;
  uint32_t exp = (u >> 23) & 0xFF;
  uint64_t sig = (u & 0x7FFFFF) | 0x800000u;
  if (sharedExp > exp) {
    uint32_t diff = sharedExp - exp;
    sig = diff >= 32 ? 0 : sig >> diff;
  }
  uint32_t shift = 24 - mantissaBits;
  uint32_t maxVal = (1u << mantissaBits) - 1;
  uint32_t mag = roundShift(uint32_t(sig), shift, Rounding::NearestEven);
  if (mag > maxVal)
    mag = maxVal;
  if (mag == 0)
    sign = 0;
  return uint8_t((sign << mantissaBits) | mag);
}

float bfpDecode(uint8_t mantissa, uint8_t sharedExp, uint32_t mantissaBits) {
  uint32_t mag = mantissa & ((1u << mantissaBits) - 1);
  bool neg = (mantissa >> mantissaBits) & 1;
  if (mag == 0)
    return neg ? -0.0f : 0.0f;
  // mag has its hidden bit at position mantissaBits-1.
  float v = std::ldexp(float(mag), int(sharedExp) - 127 - int(mantissaBits - 1));
  return neg ? -v : v;
}

//===----------------------------------------------------------------------===//
// Tiles
//===----------------------------------------------------------------------===//

namespace {

template <class T> T load(const uint8_t *p, size_t i) {
  T v;
  std::memcpy(&v, p + i * sizeof(T), sizeof(T));
  return v;
}

template <class T> void store(uint8_t *p, size_t i, T v) {
  std::memcpy(p + i * sizeof(T), &v, sizeof(T));
}

/// bfpDecode for a whole tile without ldexp: magnitude * 2^(shared - 127 -
/// (bits - 1)) is exact in double, and converting it to float is exact too
/// (a <= 7-bit integer times a power of two no smaller than 2^-133, inside
/// float's denormal range) unless it is 2^128 or more, where both give Inf.
template <uint32_t kBits> void unpackBfpRows(const uint8_t *src, float *out) {
  const uint8_t *mant = src + 64;
  for (uint32_t row = 0; row < 64; ++row) {
    double scale = std::bit_cast<double>(
        uint64_t(int64_t(src[row]) + 1023 - 127 - int64_t(kBits - 1)) << 52);
    for (uint32_t j = 0; j < 16; ++j) {
      uint32_t i = row * 16 + j;
      uint32_t m = kBits == 7 ? mant[i] : (mant[i / 2] >> (4 * (i & 1))) & 0xF;
      uint32_t mag = m & ((1u << kBits) - 1);
      float v = static_cast<float>(double(mag) * scale);
      out[i] = (m >> kBits) & 1 ? -v : v;
    }
  }
}

void unpackBfp(DataFormat fmt, const uint8_t *src, float *out) {
  if (bfpMantissaBits(fmt) == 7)
    unpackBfpRows<7>(src, out);
  else
    unpackBfpRows<3>(src, out);
}

void packBfp(DataFormat fmt, const float *in, uint8_t *dst) {
  uint32_t bits = bfpMantissaBits(fmt);
  uint8_t *mant = dst + 64;
  if (bits == 3)
    std::memset(mant, 0, kTileElems / 2);
  for (uint32_t row = 0; row < 64; ++row) {
    std::span<const float, 16> values(in + row * 16, 16);
    uint8_t exp = bfpSharedExponent(values);
    dst[row] = exp;
    for (uint32_t j = 0; j < 16; ++j) {
      uint32_t i = row * 16 + j;
      uint8_t m = bfpEncode(values[j], exp, bits);
      if (bits == 7)
        mant[i] = m;
      else
        mant[i / 2] |= uint8_t(m << (4 * (i & 1)));
    }
  }
}

// The format switch is outside the element loops, so that each loop is a
// tight, inlinable conversion (the per-element conversions are unchanged).
[[gnu::always_inline]] inline bool unpackBody(DataFormat fmt,
                                              const uint8_t *src, float *out) {
  switch (fmt) {
  case DataFormat::Float32:
  case DataFormat::UInt32:
  case DataFormat::Int32:
    std::memcpy(out, src, kTileElems * sizeof(float));
    return true;
  case DataFormat::Float16_b:
    for (uint32_t i = 0; i < kTileElems; ++i)
      out[i] = bf16ToFloat(load<uint16_t>(src, i));
    return true;
  case DataFormat::Float16:
    for (uint32_t i = 0; i < kTileElems; ++i)
      out[i] = fp16ToFloat(load<uint16_t>(src, i));
    return true;
  case DataFormat::UInt16:
    for (uint32_t i = 0; i < kTileElems; ++i)
      out[i] = bitsToFloat(load<uint16_t>(src, i));
    return true;
  case DataFormat::UInt8:
    for (uint32_t i = 0; i < kTileElems; ++i)
      out[i] = bitsToFloat(src[i]);
    return true;
  case DataFormat::Bfp8_b:
  case DataFormat::Bfp4_b:
    unpackBfp(fmt, src, out);
    return true;
  case DataFormat::Invalid:
    break;
  }
  return false;
}

[[gnu::always_inline]] inline bool packBody(DataFormat fmt, const float *in,
                                            uint8_t *dst, Rounding rounding) {
  switch (fmt) {
  case DataFormat::Float32:
  case DataFormat::UInt32:
  case DataFormat::Int32:
    std::memcpy(dst, in, kTileElems * sizeof(float));
    return true;
  case DataFormat::Float16_b:
    // One loop per rounding mode: roundShift's switch folds away.
    if (rounding == Rounding::NearestAway)
      for (uint32_t i = 0; i < kTileElems; ++i)
        store<uint16_t>(dst, i, bf16BitsOf<Rounding::NearestAway>(in[i]));
    else if (rounding == Rounding::NearestEven)
      for (uint32_t i = 0; i < kTileElems; ++i)
        store<uint16_t>(dst, i, bf16BitsOf<Rounding::NearestEven>(in[i]));
    else
      for (uint32_t i = 0; i < kTileElems; ++i)
        store<uint16_t>(dst, i, bf16BitsOf<Rounding::TowardZero>(in[i]));
    return true;
  case DataFormat::Float16:
    for (uint32_t i = 0; i < kTileElems; ++i)
      store<uint16_t>(dst, i, floatToFp16(in[i], rounding));
    return true;
  case DataFormat::UInt16:
    for (uint32_t i = 0; i < kTileElems; ++i)
      store<uint16_t>(dst, i, uint16_t(floatBits(in[i])));
    return true;
  case DataFormat::UInt8:
    for (uint32_t i = 0; i < kTileElems; ++i)
      dst[i] = uint8_t(floatBits(in[i]));
    return true;
  case DataFormat::Bfp8_b:
  case DataFormat::Bfp4_b:
    packBfp(fmt, in, dst);
    return true;
  case DataFormat::Invalid:
    break;
  }
  return false;
}

using UnpackFn = bool (*)(DataFormat, const uint8_t *, float *);
using PackFn = bool (*)(DataFormat, const float *, uint8_t *, Rounding);

bool unpackGeneric(DataFormat fmt, const uint8_t *src, float *out) {
  return unpackBody(fmt, src, out);
}
bool packGeneric(DataFormat fmt, const float *in, uint8_t *dst,
                 Rounding rounding) {
  return packBody(fmt, in, dst, rounding);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
// Every op unpacks and packs whole tiles, so the conversions also get an
// AVX-512 copy, picked at load time (same operations per element).
__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw"))) bool
unpackAvx512(DataFormat fmt, const uint8_t *src, float *out) {
  return unpackBody(fmt, src, out);
}
__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw"))) bool
packAvx512(DataFormat fmt, const float *in, uint8_t *dst, Rounding rounding) {
  return packBody(fmt, in, dst, rounding);
}
bool haveAvx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512bw");
}
#else
constexpr UnpackFn unpackAvx512 = unpackGeneric;
constexpr PackFn packAvx512 = packGeneric;
bool haveAvx512() { return false; }
#endif

} // namespace

void unpackTile(DataFormat fmt, const uint8_t *src, float *out) {
  static const UnpackFn impl = haveAvx512() ? unpackAvx512 : unpackGeneric;
  if (!impl(fmt, src, out))
    throw std::invalid_argument("unpackTile: invalid data format");
}

void packTile(DataFormat fmt, const float *in, uint8_t *dst,
              Rounding rounding) {
  static const PackFn impl = haveAvx512() ? packAvx512 : packGeneric;
  if (!impl(fmt, in, dst, rounding))
    throw std::invalid_argument("packTile: invalid data format");
}

bool packUnpackWithIsa(uint32_t isa, DataFormat fmt, const float *in,
                       uint8_t *packed, float *unpacked, Rounding rounding) {
  if (isa == 1 || isa > 2 || (isa == 2 && !haveAvx512()))
    return false;
  bool ok = isa == 2 ? packAvx512(fmt, in, packed, rounding)
                     : packGeneric(fmt, in, packed, rounding);
  ok = ok && (isa == 2 ? unpackAvx512(fmt, packed, unpacked)
                       : unpackGeneric(fmt, packed, unpacked));
  if (!ok)
    throw std::invalid_argument("packUnpackWithIsa: invalid data format");
  return true;
}

namespace {

/// roundTileToFormat's body. The bf16 conversion is a template argument,
/// not a function pointer, so that it inlines and the loop vectorises (as a
/// pointer it was an indirect call per element).
template <Rounding kRounding>
[[gnu::always_inline]] inline void roundBf16Tile(float *values) {
  for (uint32_t i = 0; i < kTileElems; ++i)
    values[i] = bitsToFloat(uint32_t(bf16BitsOf<kRounding>(values[i])) << 16);
}

[[gnu::always_inline]] inline void roundTileBody(float *values, DataFormat fmt,
                                                 Rounding rounding) {
  if (fmt == DataFormat::Float16_b) {
    if (rounding == Rounding::NearestAway)
      return roundBf16Tile<Rounding::NearestAway>(values);
    if (rounding == Rounding::NearestEven)
      return roundBf16Tile<Rounding::NearestEven>(values);
    return roundBf16Tile<Rounding::TowardZero>(values);
  }
  if (fmt == DataFormat::Float16)
    for (uint32_t i = 0; i < kTileElems; ++i)
      values[i] = roundToFormat(values[i], fmt, rounding);
}

using RoundTileFn = void (*)(float *, DataFormat, Rounding);

void roundTileGeneric(float *values, DataFormat fmt, Rounding rounding) {
  roundTileBody(values, fmt, rounding);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
// copy_tile rounds every unpacked tile to a 16-bit DST, so this gets an
// AVX-512 copy like unpack and pack (same operations per element).
__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw"))) void
roundTileAvx512(float *values, DataFormat fmt, Rounding rounding) {
  roundTileBody(values, fmt, rounding);
}
#else
constexpr RoundTileFn roundTileAvx512 = roundTileGeneric;
#endif

} // namespace

void roundTileToFormat(float *values, DataFormat fmt, Rounding rounding) {
  static const RoundTileFn impl =
      haveAvx512() ? roundTileAvx512 : roundTileGeneric;
  impl(values, fmt, rounding);
}

bool roundTileToFormatWithIsa(uint32_t isa, float *values, DataFormat fmt,
                              Rounding rounding) {
  if (isa == 1 || isa > 2 || (isa == 2 && !haveAvx512()))
    return false;
  (isa == 2 ? roundTileAvx512 : roundTileGeneric)(values, fmt, rounding);
  return true;
}

std::vector<uint8_t> packTiles(DataFormat fmt, std::span<const float> faceOrder,
                               Rounding rounding) {
  if (faceOrder.size() % kTileElems != 0)
    throw std::invalid_argument("packTiles: size is not a multiple of a tile");
  size_t tiles = faceOrder.size() / kTileElems;
  uint32_t tileBytes = tileSizeBytes(fmt);
  std::vector<uint8_t> out(tiles * tileBytes);
  for (size_t t = 0; t < tiles; ++t)
    packTile(fmt, faceOrder.data() + t * kTileElems, out.data() + t * tileBytes,
             rounding);
  return out;
}

std::vector<float> unpackTiles(DataFormat fmt, std::span<const uint8_t> bytes) {
  uint32_t tileBytes = tileSizeBytes(fmt);
  if (tileBytes == 0 || bytes.size() % tileBytes != 0)
    throw std::invalid_argument("unpackTiles: size is not a multiple of a tile");
  size_t tiles = bytes.size() / tileBytes;
  std::vector<float> out(tiles * kTileElems);
  for (size_t t = 0; t < tiles; ++t)
    unpackTile(fmt, bytes.data() + t * tileBytes, out.data() + t * kTileElems);
  return out;
}

} // namespace ttemu::num
