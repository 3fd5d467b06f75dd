// The AVX-512 matmul copy (register-blocked passes with the DST update in
// fp32 and integer bf16 rounding, 16-lane plane builder that skips unused
// low planes) must give bit-for-bit what the baseline copy gives, for every
// fidelity, DST format and rounding, transpose, operand kind and starting
// DST, including DST values at rounding ties, near overflow, denormal,
// Inf and NaN. NumericsExactness pins the baseline to the frozen reference;
// this pins the copies to each other, exhaustively over the modes.
#include "ttemu/numerics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace ttemu::num;

namespace {

/// Random floats of exponents 127 +- spread, with zeros, denormals, huge
/// values, Inf and NaN mixed in when `specials`.
std::vector<float> randomTile(std::mt19937 &gen, int spread, bool specials) {
  std::uniform_int_distribution<uint32_t> bits(0, 0xFFFFFFFFu);
  std::vector<float> t(kTileElems);
  for (float &v : t) {
    uint32_t u = bits(gen);
    int e = 127 + int(u % (2 * spread + 1)) - spread;
    v = bitsToFloat((u & 0x807FFFFFu) | (uint32_t(e) << 23));
    if (!specials)
      continue;
    switch (bits(gen) % 40) {
    case 0:
      v = (u & 1) ? -0.0f : 0.0f;
      break;
    case 1:
      v = bitsToFloat((u & 0x807FFFFFu) | 1u); // denormal
      break;
    case 2:
      v = bitsToFloat((u & 0x80000000u) | 0x7F000000u | (u & 0x7FFFFF));
      break;
    case 3:
      v = (u & 2) ? -std::numeric_limits<float>::infinity()
                  : std::numeric_limits<float>::infinity();
      break;
    case 4:
      v = bitsToFloat((u & 0x80000000u) | 0x7FC00000u | (u & 0x3FFFFF));
      break;
    default:
      break;
    }
  }
  return t;
}

/// DST contents that stress the rounding: bf16 ties (low half 0x8000),
/// just above and below them, the largest finite values, denormals,
/// signed zeros, Inf and NaN of either sign, and plain random bits.
std::vector<float> roundingDst(std::mt19937 &gen) {
  std::uniform_int_distribution<uint32_t> bits(0, 0xFFFFFFFFu);
  std::vector<float> c(kTileElems);
  for (float &v : c) {
    uint32_t u = bits(gen);
    uint32_t sign = u & 0x80000000u;
    switch (bits(gen) % 10) {
    case 0:
      u = (u & 0xFFFF0000u) | 0x8000u; // tie
      break;
    case 1:
      u = (u & 0xFFFF0000u) | 0x7FFFu;
      break;
    case 2:
      u = (u & 0xFFFF0000u) | 0x8001u;
      break;
    case 3:
      u = sign | 0x7F7F8000u | (u & 0x7FFFu); // rounds up to Inf or not
      break;
    case 4:
      u = sign | (u & 0x007FFFFFu); // denormal or zero
      break;
    case 5:
      u = sign | 0x7F800000u; // Inf
      break;
    case 6:
      u = sign | 0x7FC00000u | (u & 0x3FFFFFu); // NaN
      break;
    default:
      break;
    }
    v = bitsToFloat(u);
  }
  return c;
}

std::vector<float> toBf16Src(std::vector<float> t) {
  for (float &v : t)
    v = toSrcRegister(roundToFormat(v, DataFormat::Float16_b,
                                    Rounding::NearestEven));
  return t;
}

std::vector<float> toSrc(std::vector<float> t) {
  for (float &v : t)
    v = toSrcRegister(v);
  return t;
}

/// Bit equality, except that a NaN matches any NaN: which NaN an operation
/// on Inf/NaN gives (sign and payload) is the compiler's and hardware's
/// choice, e.g. x86's default NaN is negative (as in NumericsExactness).
::testing::AssertionResult sameBits(const std::vector<float> &got,
                                    const std::vector<float> &want) {
  for (uint32_t i = 0; i < kTileElems; ++i) {
    uint32_t g = floatBits(got[i]), w = floatBits(want[i]);
    if (std::isnan(got[i]) && std::isnan(want[i]))
      continue;
    if (g != w)
      return ::testing::AssertionFailure()
             << "element " << i << ": got 0x" << std::hex << g << ", want 0x"
             << w;
  }
  return ::testing::AssertionSuccess();
}

} // namespace

TEST(NumericsSimd, MatmulCopiesAgreeInEveryMode) {
  const MathFidelity fidelities[] = {MathFidelity::LoFi, MathFidelity::HiFi2,
                                     MathFidelity::HiFi3, MathFidelity::HiFi4};
  const DstFormat dsts[] = {{DataFormat::Float32, Rounding::NearestAway},
                            {DataFormat::Float16_b, Rounding::NearestAway},
                            {DataFormat::Float16_b, Rounding::NearestEven},
                            {DataFormat::Float16_b, Rounding::TowardZero},
                            {DataFormat::Float16, Rounding::NearestAway}};
  std::mt19937 gen(4242);
  uint32_t wideRuns = 0;
  for (int kind = 0; kind < 3; ++kind) // bf16, fp32 in source regs, raw fp32
    for (bool specials : {false, true})
      for (int spread : {3, 12, 40}) {
        std::vector<float> a = randomTile(gen, spread, specials);
        std::vector<float> b = randomTile(gen, spread, specials);
        if (kind == 0) {
          a = toBf16Src(a);
          b = toBf16Src(b);
        } else if (kind == 1) {
          a = toSrc(a);
          b = toSrc(b);
        }
        for (MathFidelity fid : fidelities)
          for (const DstFormat &dst : dsts)
            for (bool transpose : {false, true})
              for (int start = 0; start < 3; ++start) {
                // Zero DST, the rounding stress DST, and the result of an
                // earlier matmul (a realistic accumulation).
                std::vector<float> c0(kTileElems, 0.0f);
                if (start == 1)
                  c0 = roundingDst(gen);
                else if (start == 2)
                  matmulTileWithIsa(0, b.data(), a.data(), c0.data(), fid, dst,
                                    false);
                std::vector<float> want = c0;
                ASSERT_TRUE(matmulTileWithIsa(0, a.data(), b.data(),
                                              want.data(), fid, dst,
                                              transpose));
                for (uint32_t isa = 1; isa < 3; ++isa) {
                  std::vector<float> got = c0;
                  if (!matmulTileWithIsa(isa, a.data(), b.data(), got.data(),
                                         fid, dst, transpose))
                    continue;
                  wideRuns += isa == 2;
                  ASSERT_TRUE(sameBits(got, want))
                      << "isa " << isa << " kind " << kind << " specials "
                      << specials << " spread " << spread << " fidelity "
                      << int(fid) << " dst " << formatName(dst.fmt)
                      << " rounding " << int(dst.rounding) << " transpose "
                      << transpose << " start " << start;
                }
                // The dispatched entry point too.
                std::vector<float> got = c0;
                matmulTile(a.data(), b.data(), got.data(), fid, dst, transpose);
                ASSERT_TRUE(sameBits(got, want));
              }
      }
  if (wideRuns == 0)
    GTEST_SKIP() << "this CPU lacks AVX-512; only the baseline copy ran";
}

/// A zero A makes every dot product +0.0, so DST becomes round(C + 0): the
/// DST rounding alone, on every kind of value, in each copy.
TEST(NumericsSimd, DstRoundingAloneMatches) {
  std::mt19937 gen(77);
  std::vector<float> zero(kTileElems, 0.0f);
  std::vector<float> b = randomTile(gen, 10, false);
  for (Rounding r :
       {Rounding::NearestAway, Rounding::NearestEven, Rounding::TowardZero})
    for (int trial = 0; trial < 20; ++trial) {
      DstFormat dst{DataFormat::Float16_b, r};
      std::vector<float> c0 = roundingDst(gen);
      std::vector<float> want = c0;
      matmulTileWithIsa(0, zero.data(), b.data(), want.data(),
                        MathFidelity::HiFi4, dst, false);
      // HiFi4 updates DST 8 times (4 passes x 2 halves): round(x + 0)
      // repeated, which is not quite round(C) (a denormal rounds to -0.0,
      // and -0.0 + 0.0 is +0.0). Checks the baseline too.
      for (uint32_t i = 0; i < kTileElems; ++i) {
        float once = c0[i];
        for (int update = 0; update < 8; ++update)
          once = roundToFormat(once + 0.0f, dst.fmt, r);
        ASSERT_TRUE(floatBits(want[i]) == floatBits(once) ||
                    (std::isnan(want[i]) && std::isnan(once)))
            << i << ": C 0x" << std::hex << floatBits(c0[i]) << " got 0x"
            << floatBits(want[i]) << " want 0x" << floatBits(once);
      }
      std::vector<float> got = c0;
      if (!matmulTileWithIsa(2, zero.data(), b.data(), got.data(),
                             MathFidelity::HiFi4, dst, false))
        GTEST_SKIP() << "this CPU lacks AVX-512";
      ASSERT_TRUE(sameBits(got, want)) << "rounding " << int(r);
    }
}

/// Both compiled copies of roundTileToFormat equal the scalar roundToFormat
/// on every kind of value (copy_tile and the other unpack-to-DST ops use it).
TEST(NumericsSimd, TileRoundingCopiesMatchScalar) {
  std::mt19937 gen(31);
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<float> v =
        trial % 2 ? roundingDst(gen) : randomTile(gen, trial % 4 ? 120 : 20, true);
    for (DataFormat fmt :
         {DataFormat::Float16_b, DataFormat::Float16, DataFormat::Float32})
      for (Rounding r : {Rounding::NearestEven, Rounding::NearestAway,
                         Rounding::TowardZero})
        for (uint32_t isa = 0; isa < 3; ++isa) {
          std::vector<float> got = v;
          if (!roundTileToFormatWithIsa(isa, got.data(), fmt, r))
            continue;
          for (uint32_t i = 0; i < kTileElems; ++i)
            ASSERT_EQ(floatBits(got[i]), floatBits(roundToFormat(v[i], fmt, r)))
                << formatName(fmt) << " rounding " << int(r) << " isa " << isa
                << " element " << i;
        }
  }
}
