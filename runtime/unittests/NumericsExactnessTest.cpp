// Pins the bit-exactness of the fast tile math: matmulTile, mulTile,
// unpackTile and packTile must give exactly what the straightforward
// per-element reference implementations below give (these are frozen copies
// of the original, slow implementations; keep them slow and obvious).
#include "MatmulReference.h"
#include "ttemu/numerics.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace ttemu::num;
using namespace ttemu::num::testref;

namespace {

//===----------------------------------------------------------------------===//
// Reference implementations
//===----------------------------------------------------------------------===//

void mulTileReference(const float *a, const float *b, float *c,
                      MathFidelity fidelity, const DstFormat &dst) {
  uint32_t phases = fidelityPhases(fidelity);
  for (uint32_t i = 0; i < kTileElems; ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i])) {
      c[i] = refRound(dst, double(a[i]) * double(b[i]));
      continue;
    }
    double acc = 0.0;
    for (uint32_t phase = 0; phase < phases; ++phase) {
      double p = refFidelityPart(a[i], phase, true) *
                 refFidelityPart(b[i], phase, false);
      acc = refRound(dst, acc + double(static_cast<float>(p)));
    }
    c[i] = static_cast<float>(acc);
  }
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

/// Random values over a wide exponent range (so partial sums round), with a
/// sprinkling of zeros, denormals, huge values, Inf and NaN when `specials`.
std::vector<float> wideTile(std::mt19937 &gen, bool specials, int expSpread) {
  std::uniform_int_distribution<uint32_t> bits(0, 0xFFFFFFFFu);
  std::uniform_int_distribution<int> pick(0, 99);
  std::vector<float> t(kTileElems);
  for (float &v : t) {
    uint32_t u = bits(gen);
    int e = 127 + int(u % (2 * expSpread + 1)) - expSpread;
    v = bitsToFloat((u & 0x807FFFFFu) | (uint32_t(e) << 23));
    if (!specials)
      continue;
    int p = pick(gen);
    if (p == 0)
      v = (u & 1) ? -0.0f : 0.0f;
    else if (p == 1)
      v = bitsToFloat((u & 0x807FFFFFu) | 1u); // denormal
    else if (p == 2)
      v = bitsToFloat((u & 0x80000000u) | 0x7E000000u | (u & 0x7FFFFF)); // ~1e37
    else if (p == 3 && (u & 0x100))
      v = (u & 1) ? -std::numeric_limits<float>::infinity()
                  : std::numeric_limits<float>::infinity();
    else if (p == 3)
      v = std::numeric_limits<float>::quiet_NaN();
  }
  return t;
}

std::vector<float> asBf16(std::vector<float> t) {
  for (float &v : t)
    v = roundToFormat(v, DataFormat::Float16_b, Rounding::NearestEven);
  return t;
}

std::vector<float> asSrc(std::vector<float> t) {
  for (float &v : t)
    v = toSrcRegister(v);
  return t;
}

const MathFidelity kFidelities[] = {MathFidelity::LoFi, MathFidelity::HiFi2,
                                    MathFidelity::HiFi3, MathFidelity::HiFi4};

std::vector<DstFormat> dstFormats() {
  return {{DataFormat::Float32, Rounding::NearestAway},
          {DataFormat::Float16_b, Rounding::NearestAway},
          {DataFormat::Float16, Rounding::NearestAway},
          {DataFormat::Float16_b, Rounding::NearestEven},
          {DataFormat::Float16_b, Rounding::TowardZero}};
}

/// The accumulator DST starts from: zeros or values already in its format.
std::vector<float> initialDst(std::mt19937 &gen, const DstFormat &dst,
                              bool zero) {
  std::vector<float> c(kTileElems, 0.0f);
  if (zero)
    return c;
  c = wideTile(gen, false, 4);
  for (float &v : c)
    v = refRound(dst, v);
  return c;
}

} // namespace

TEST(NumericsExactness, MatmulMatchesReference) {
  std::mt19937 gen(1234);
  for (int trial = 0; trial < 6; ++trial) {
    bool specials = trial >= 4;
    int spread = trial % 2 ? 30 : 3;
    std::vector<float> a = wideTile(gen, specials, spread);
    std::vector<float> b = wideTile(gen, specials, spread);
    // bf16 operands, fp32 operands truncated to the source registers, and
    // (outside the documented contract, but still deterministic) raw fp32.
    std::vector<std::pair<std::vector<float>, std::vector<float>>> inputs = {
        {asSrc(asBf16(a)), asSrc(asBf16(b))}, {asSrc(a), asSrc(b)}, {a, b}};
    for (const auto &[ta, tb] : inputs)
      for (MathFidelity fid : kFidelities)
        for (const DstFormat &dst : dstFormats())
          for (bool transpose : {false, true})
            for (bool zero : {true, false}) {
              std::vector<float> c0 = initialDst(gen, dst, zero);
              std::vector<float> want = c0, got = c0;
              matmulTileReference(ta.data(), tb.data(), want.data(), fid, dst,
                                  transpose);
              matmulTile(ta.data(), tb.data(), got.data(), fid, dst, transpose);
              ASSERT_TRUE(sameTiles(got, want))
                  << "trial " << trial << " fidelity " << int(fid) << " dst "
                  << formatName(dst.fmt) << " rounding " << int(dst.rounding)
                  << " transpose " << transpose << " zero " << zero;
            }
  }
}

TEST(NumericsExactness, MulTileMatchesReference) {
  std::mt19937 gen(99);
  for (int trial = 0; trial < 4; ++trial) {
    std::vector<float> a = asSrc(wideTile(gen, trial >= 2, 30));
    std::vector<float> b = asSrc(wideTile(gen, trial >= 2, 30));
    for (MathFidelity fid : kFidelities)
      for (const DstFormat &dst : dstFormats()) {
        std::vector<float> want(kTileElems), got(kTileElems);
        mulTileReference(a.data(), b.data(), want.data(), fid, dst);
        mulTile(a.data(), b.data(), got.data(), fid, dst);
        ASSERT_TRUE(sameTiles(got, want)) << "trial " << trial;
      }
  }
}

TEST(NumericsExactness, UnpackPackMatchScalarConversions) {
  std::mt19937 gen(7);
  std::uniform_int_distribution<uint32_t> bits(0, 0xFFFFFFFFu);
  for (int trial = 0; trial < 8; ++trial) {
    std::vector<float> v = wideTile(gen, true, trial < 4 ? 20 : 120);
    for (Rounding r : {Rounding::NearestEven, Rounding::NearestAway,
                       Rounding::TowardZero}) {
      std::vector<uint8_t> bytes(2 * kTileElems);
      packTile(DataFormat::Float16_b, v.data(), bytes.data(), r);
      std::vector<float> back(kTileElems);
      unpackTile(DataFormat::Float16_b, bytes.data(), back.data());
      for (uint32_t i = 0; i < kTileElems; ++i) {
        uint16_t h;
        std::memcpy(&h, bytes.data() + 2 * i, 2);
        ASSERT_EQ(h, floatToBf16(v[i], r)) << i;
        ASSERT_EQ(floatBits(back[i]), floatBits(bf16ToFloat(h))) << i;
      }
      packTile(DataFormat::Float16, v.data(), bytes.data(), r);
      unpackTile(DataFormat::Float16, bytes.data(), back.data());
      for (uint32_t i = 0; i < kTileElems; ++i) {
        uint16_t h;
        std::memcpy(&h, bytes.data() + 2 * i, 2);
        ASSERT_EQ(h, floatToFp16(v[i], r)) << i;
        ASSERT_EQ(floatBits(back[i]), floatBits(fp16ToFloat(h))) << i;
      }
    }
    // Every bf16 / fp16 bit pattern unpacks as the scalar conversion does.
    std::vector<uint8_t> raw(2 * kTileElems);
    for (uint8_t &x : raw)
      x = uint8_t(bits(gen));
    std::vector<float> out(kTileElems);
    unpackTile(DataFormat::Float16_b, raw.data(), out.data());
    for (uint32_t i = 0; i < kTileElems; ++i) {
      uint16_t h;
      std::memcpy(&h, raw.data() + 2 * i, 2);
      ASSERT_EQ(floatBits(out[i]), floatBits(bf16ToFloat(h)));
    }
  }
}

/// Many random tile pairs, each with a random fidelity, DST format,
/// transpose and starting DST; Inf/NaN in neither, one or both operands (the
/// fast path builds its pass-0 planes only for tiles that hold them). Every
/// compiled instruction-set copy of the matmul must match the reference.
TEST(NumericsExactness, MatmulMatchesReferenceOnManyTiles) {
  std::mt19937 gen(20261202);
  std::uniform_int_distribution<int> pick(0, 1 << 30);
  const std::vector<DstFormat> dsts = dstFormats();
  uint32_t compared = 0;
  for (int trial = 0; trial < 1200; ++trial) {
    int spreads[] = {2, 8, 30, 120};
    int spread = spreads[pick(gen) % 4];
    std::vector<float> a = wideTile(gen, pick(gen) % 3 == 0, spread);
    std::vector<float> b = wideTile(gen, pick(gen) % 3 == 0, spread);
    int kind = pick(gen) % 3; // bf16, fp32 in source registers, raw fp32
    if (kind == 0) {
      a = asSrc(asBf16(a));
      b = asSrc(asBf16(b));
    } else if (kind == 1) {
      a = asSrc(a);
      b = asSrc(b);
    }
    MathFidelity fid = kFidelities[pick(gen) % 4];
    const DstFormat &dst = dsts[pick(gen) % dsts.size()];
    bool transpose = pick(gen) % 2, zero = pick(gen) % 2;
    std::vector<float> c0 = initialDst(gen, dst, zero);
    std::vector<float> want = c0;
    matmulTileReference(a.data(), b.data(), want.data(), fid, dst, transpose);
    for (uint32_t isa = 0; isa < 3; ++isa) {
      std::vector<float> got = c0;
      if (!matmulTileWithIsa(isa, a.data(), b.data(), got.data(), fid, dst,
                             transpose))
        continue;
      ASSERT_TRUE(sameTiles(got, want))
          << "trial " << trial << " isa " << isa << " fidelity " << int(fid)
          << " dst " << formatName(dst.fmt) << " rounding " << int(dst.rounding)
          << " transpose " << transpose;
      ++compared;
    }
    std::vector<float> got = c0;
    matmulTile(a.data(), b.data(), got.data(), fid, dst, transpose);
    ASSERT_TRUE(sameTiles(got, want)) << "trial " << trial;
    // The compute API passes unpacked values without the source-register
    // conversion; the result must be that of the converted values.
    if (kind == 2) {
      std::vector<float> wantSrc = c0;
      matmulTileReference(asSrc(a).data(), asSrc(b).data(), wantSrc.data(), fid,
                          dst, transpose);
      ASSERT_TRUE(sameTiles(got, wantSrc)) << "trial " << trial;
    }
  }
  EXPECT_GE(compared, 1200u); // at least the baseline copy ran every time
}

/// The eltwise FPU ops (mul with fidelity passes, add/sub, with and without
/// accumulation into DST) over many random tiles, every compiled copy,
/// against the frozen reference (for add/sub: the compute API's original
/// per-element formula, round_dst([C +] (A + sign * B)) in double).
TEST(NumericsExactness, EltwiseMatchesReferenceOnManyTiles) {
  std::mt19937 gen(4242);
  std::uniform_int_distribution<int> pick(0, 1 << 30);
  const std::vector<DstFormat> dsts = dstFormats();
  uint32_t compared = 0;
  for (int trial = 0; trial < 1500; ++trial) {
    int spreads[] = {2, 8, 30, 120};
    int spread = spreads[pick(gen) % 4];
    std::vector<float> a = asSrc(wideTile(gen, pick(gen) % 3 == 0, spread));
    std::vector<float> b = asSrc(wideTile(gen, pick(gen) % 3 == 0, spread));
    if (pick(gen) % 2) {
      a = asSrc(asBf16(a));
      b = asSrc(asBf16(b));
    }
    MathFidelity fid = kFidelities[pick(gen) % 4];
    const DstFormat &dst = dsts[pick(gen) % dsts.size()];
    bool multiply = pick(gen) % 2, subtract = pick(gen) % 2;
    bool accumulate = !multiply && pick(gen) % 2;
    std::vector<float> c0 = initialDst(gen, dst, pick(gen) % 2);
    std::vector<float> want = c0;
    if (multiply) {
      mulTileReference(a.data(), b.data(), want.data(), fid, dst);
    } else {
      double sign = subtract ? -1.0 : 1.0;
      for (uint32_t i = 0; i < kTileElems; ++i) {
        double v = double(a[i]) + sign * double(b[i]);
        want[i] = refRound(dst, accumulate ? double(want[i]) + v : v);
      }
    }
    for (uint32_t isa = 0; isa < 3; ++isa) {
      std::vector<float> got = c0;
      if (!eltwiseTileWithIsa(isa, multiply, a.data(), b.data(), got.data(),
                              fid, dst, subtract, accumulate))
        continue;
      ASSERT_TRUE(sameTiles(got, want))
          << "trial " << trial << " isa " << isa << " multiply " << multiply
          << " subtract " << subtract << " accumulate " << accumulate << " dst "
          << formatName(dst.fmt);
      ++compared;
    }
    std::vector<float> got = c0;
    if (multiply)
      mulTile(a.data(), b.data(), got.data(), fid, dst);
    else
      addTile(a.data(), b.data(), got.data(), subtract, accumulate, dst);
    ASSERT_TRUE(sameTiles(got, want)) << "trial " << trial;
  }
  EXPECT_GE(compared, 1500u);
}

/// Block-float tiles of random bytes (every shared exponent 0..255 occurs)
/// unpack exactly as the scalar bfpDecode does; roundTileToFormat matches
/// roundToFormat on wide random tiles with Inf/NaN/denormals.
TEST(NumericsExactness, BfpUnpackAndTileRoundingMatchScalar) {
  std::mt19937 gen(555);
  std::uniform_int_distribution<uint32_t> bits(0, 0xFFFFFFFFu);
  for (int trial = 0; trial < 400; ++trial) {
    for (DataFormat fmt : {DataFormat::Bfp8_b, DataFormat::Bfp4_b}) {
      std::vector<uint8_t> raw(tileSizeBytes(fmt));
      for (uint8_t &x : raw)
        x = uint8_t(bits(gen));
      for (uint32_t row = 0; row < 64 && trial < 4; ++row)
        raw[row] = uint8_t(trial * 64 + row); // all exponents, extremes too
      std::vector<float> out(kTileElems);
      unpackTile(fmt, raw.data(), out.data());
      uint32_t mbits = bfpMantissaBits(fmt);
      for (uint32_t i = 0; i < kTileElems; ++i) {
        uint8_t m = mbits == 7
                        ? raw[64 + i]
                        : uint8_t((raw[64 + i / 2] >> (4 * (i & 1))) & 0xF);
        ASSERT_EQ(floatBits(out[i]),
                  floatBits(bfpDecode(m, raw[i / 16], mbits)))
            << formatName(fmt) << " element " << i;
      }
    }
    std::vector<float> v = wideTile(gen, true, trial % 2 ? 120 : 20);
    for (DataFormat fmt :
         {DataFormat::Float16_b, DataFormat::Float16, DataFormat::Float32})
      for (Rounding r : {Rounding::NearestEven, Rounding::NearestAway,
                         Rounding::TowardZero}) {
        std::vector<float> got = v;
        roundTileToFormat(got.data(), fmt, r);
        for (uint32_t i = 0; i < kTileElems; ++i)
          ASSERT_EQ(floatBits(got[i]), floatBits(roundToFormat(v[i], fmt, r)))
              << formatName(fmt) << " element " << i;
      }
  }
}

/// Packing and unpacking every format gives the same bytes and values with
/// each compiled copy, and (block floats) the scalar bfpSharedExponent /
/// bfpEncode bytes.
TEST(NumericsExactness, PackUnpackCopiesAgree) {
  std::mt19937 gen(8080);
  const DataFormat formats[] = {
      DataFormat::Float32, DataFormat::Float16, DataFormat::Float16_b,
      DataFormat::Bfp8_b,  DataFormat::Bfp4_b,  DataFormat::UInt32,
      DataFormat::Int32,   DataFormat::UInt16,  DataFormat::UInt8};
  uint32_t compared = 0;
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<float> v = wideTile(gen, true, trial % 2 ? 120 : 10);
    for (DataFormat fmt : formats)
      for (Rounding r : {Rounding::NearestEven, Rounding::NearestAway,
                         Rounding::TowardZero}) {
        std::vector<uint8_t> bytes0(tileSizeBytes(fmt)), bytes(bytes0.size());
        std::vector<float> back0(kTileElems), back(kTileElems);
        ASSERT_TRUE(packUnpackWithIsa(0, fmt, v.data(), bytes0.data(),
                                      back0.data(), r));
        if (fmt == DataFormat::Bfp8_b || fmt == DataFormat::Bfp4_b) {
          uint32_t mbits = bfpMantissaBits(fmt);
          for (uint32_t row = 0; row < 64; ++row) {
            uint8_t e = bfpSharedExponent(
                std::span<const float, 16>(v.data() + row * 16, 16));
            ASSERT_EQ(bytes0[row], e);
            for (uint32_t j = 0; j < 16; ++j) {
              uint32_t i = row * 16 + j;
              uint8_t m = bfpEncode(v[i], e, mbits);
              uint8_t got = mbits == 7
                                ? bytes0[64 + i]
                                : (bytes0[64 + i / 2] >> (4 * (i & 1))) & 0xF;
              ASSERT_EQ(got, m) << formatName(fmt) << " element " << i;
            }
          }
        }
        for (uint32_t isa = 1; isa < 3; ++isa) {
          if (!packUnpackWithIsa(isa, fmt, v.data(), bytes.data(), back.data(),
                                 r))
            continue;
          ASSERT_EQ(bytes, bytes0) << formatName(fmt) << " isa " << isa;
          for (uint32_t i = 0; i < kTileElems; ++i)
            ASSERT_EQ(floatBits(back[i]), floatBits(back0[i]))
                << formatName(fmt) << " isa " << isa << " element " << i;
          ++compared;
        }
      }
  }
  EXPECT_GT(compared, 0u);
}

/// The whole-tile source-register conversion (each compiled copy) is the
/// scalar toSrcRegister on every value, specials and denormals included.
TEST(NumericsExactness, SrcRegisterTileMatchesScalar) {
  std::mt19937 gen(31337);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<float> v = wideTile(gen, true, trial % 2 ? 120 : 10);
    for (uint32_t isa = 0; isa < 3; ++isa) {
      std::vector<float> got = v;
      if (!toSrcRegisterTileWithIsa(isa, got.data()))
        continue;
      for (uint32_t i = 0; i < kTileElems; ++i)
        ASSERT_EQ(floatBits(got[i]), floatBits(toSrcRegister(v[i])))
            << "isa " << isa << " element " << i;
    }
    std::vector<float> got = v;
    toSrcRegisterTile(got.data());
    for (uint32_t i = 0; i < kTileElems; ++i)
      ASSERT_EQ(floatBits(got[i]), floatBits(toSrcRegister(v[i])));
  }
}
