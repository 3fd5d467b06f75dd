// The exact integer (AVX512-VNNI) matmul passes must give bit-for-bit what
// the straightforward reference below gives (a frozen copy of the original
// scalar matmulTile, as in NumericsExactnessTest), on data that takes every
// route through them: integers alone, the two-digit row and column fixes,
// the double fixes of runs too wide for two digits, the per-element fixes
// (both runs inexact, results in float's denormal range), and the tiles
// handed back to the double passes (Inf/NaN, too many inexact runs).
// Skipped where the CPU lacks
// AVX512-VNNI.
#include "MatmulReference.h"
#include "ttemu/numerics.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace ttemu::num;
using namespace ttemu::num::testref;

namespace {

/// The frozen reference (MatmulReference.h).
void reference(const float *a, const float *b, float *c, MathFidelity fidelity,
               const DstFormat &dst, bool transposeB) {
  matmulTileReference(a, b, c, fidelity, dst, transposeB);
}

/// The kinds of operand data.
enum class Kind {
  NormalBf16,  // N(0,1) rounded to bf16: GEMM inputs
  NormalFp32,  // N(0,1) in fp32 (all 10 source-register mantissa bits)
  Uniform,     // U(-1, 1) bf16
  Wide30,      // exponents 127 +- 30: many runs inexact, some too wide
  Wide120,     // exponents 127 +- 120: mostly too wide for two digits
  Sparse,      // N(0,1) with zeros, -0.0 and denormals
  Huge,        // around 2^100 times N(0,1): dots overflow float
  Tiny,        // around 2^-64 times N(0,1): dots in float's denormal range
  Mixed,       // some rows huge, some tiny, some normal
  Special,     // N(0,1) with a few Inf and NaN
  Outliers,    // N(0,1) bf16 with a few values 2^-40 or 2^-110 times smaller:
               // runs too wide for two integer digits
};
constexpr Kind kKinds[] = {Kind::NormalBf16, Kind::NormalFp32, Kind::Uniform,
                           Kind::Wide30,     Kind::Wide120,    Kind::Sparse,
                           Kind::Huge,       Kind::Tiny,       Kind::Mixed,
                           Kind::Special,    Kind::Outliers};
constexpr uint32_t kKindCount = sizeof(kKinds) / sizeof(kKinds[0]);

std::vector<float> makeTile(std::mt19937 &gen, Kind kind) {
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::uniform_int_distribution<uint32_t> bits(0, 0xFFFFFFFFu);
  std::vector<float> t(kTileElems);
  for (uint32_t n = 0; n < kTileElems; ++n) {
    float &v = t[n];
    uint32_t u = bits(gen);
    switch (kind) {
    case Kind::NormalBf16:
      v = roundToFormat(normal(gen), DataFormat::Float16_b, Rounding::NearestEven);
      break;
    case Kind::NormalFp32:
      v = normal(gen);
      break;
    case Kind::Uniform:
      v = roundToFormat(uniform(gen), DataFormat::Float16_b, Rounding::NearestEven);
      break;
    case Kind::Wide30:
    case Kind::Wide120: {
      int spread = kind == Kind::Wide30 ? 30 : 120;
      int e = 127 + int(u % (2 * spread + 1)) - spread;
      v = bitsToFloat((u & 0x807FFFFFu) | (uint32_t(e) << 23));
      break;
    }
    case Kind::Sparse:
      v = normal(gen);
      if (u % 5 == 0)
        v = (u & 0x100) ? -0.0f : 0.0f;
      else if (u % 7 == 0)
        v = bitsToFloat((u & 0x807FFFFFu) | 1u); // denormal
      break;
    case Kind::Huge:
      v = std::ldexp(normal(gen), 100);
      break;
    case Kind::Tiny:
      v = std::ldexp(normal(gen), -64);
      break;
    case Kind::Mixed: {
      uint32_t row = (n / kFaceElems >= 2 ? 16 : 0) + (n % kFaceElems) / kFaceCols;
      int shift = row % 3 == 0 ? 90 : row % 3 == 1 ? -70 : 0;
      v = std::ldexp(normal(gen), shift);
      break;
    }
    case Kind::Outliers:
      v = roundToFormat(normal(gen), DataFormat::Float16_b, Rounding::NearestEven);
      if (u % 211 == 0)
        v = std::ldexp(v, -40);
      else if (u % 223 == 0)
        v = std::ldexp(v, -110);
      break;
    case Kind::Special:
      v = normal(gen);
      if (u % 97 == 0)
        v = (u & 0x100) ? -std::numeric_limits<float>::infinity()
                        : std::numeric_limits<float>::infinity();
      else if (u % 89 == 0)
        v = std::numeric_limits<float>::quiet_NaN();
      break;
    }
  }
  return t;
}

const std::array<DstFormat, 5> kDsts = {{
    {DataFormat::Float32, Rounding::NearestAway},     // fp32_dest_acc_en
    {DataFormat::Float16_b, Rounding::NearestAway},   // 16-bit DST
    {DataFormat::Float16_b, Rounding::NearestEven},
    {DataFormat::Float16_b, Rounding::TowardZero},
    {DataFormat::Float16, Rounding::NearestAway},     // fp16 CBs
}};

constexpr uint32_t kVnni = 3;

bool haveVnniCopy() {
  std::vector<float> a(kTileElems, 1.0f), b(kTileElems, 1.0f), c(kTileElems);
  return matmulTileWithIsa(kVnni, a.data(), b.data(), c.data(),
                           MathFidelity::LoFi, DstFormat{}, false);
}

} // namespace

/// Every data kind (as A and as B, and mixed pairs), fidelity, DST format
/// and rounding, transposed B, zero and non-zero starting DST.
TEST(NumericsVnni, MatchesReferenceOnEveryKindAndMode) {
  if (!haveVnniCopy())
    GTEST_SKIP() << "this CPU lacks AVX512-VNNI";
  std::mt19937 gen(20261202);
  const MathFidelity fids[] = {MathFidelity::LoFi, MathFidelity::HiFi2,
                               MathFidelity::HiFi3, MathFidelity::HiFi4};
  uint32_t compared = 0;
  for (Kind ka : kKinds)
    for (Kind kb : {ka, Kind::NormalBf16}) {
      std::vector<float> a = makeTile(gen, ka), b = makeTile(gen, kb);
      for (MathFidelity fid : fids)
        for (const DstFormat &dst : kDsts)
          for (bool transpose : {false, true})
            for (bool zero : {transpose, !transpose}) {
              if (zero != transpose && kb != ka)
                continue; // both starting DSTs for same-kind pairs only
              std::vector<float> c0(kTileElems, 0.0f);
              if (!zero)
                for (float &v : c0)
                  v = refRound(dst, std::ldexp(double(gen() % 2001) - 1000.0, -8));
              std::vector<float> want = c0, got = c0;
              reference(a.data(), b.data(), want.data(), fid, dst, transpose);
              ASSERT_TRUE(matmulTileWithIsa(kVnni, a.data(), b.data(),
                                            got.data(), fid, dst, transpose));
              ASSERT_TRUE(sameTiles(got, want))
                  << "kinds " << int(ka) << "/" << int(kb) << " fidelity "
                  << int(fid) << " dst " << formatName(dst.fmt) << " rounding "
                  << int(dst.rounding) << " transpose " << transpose
                  << " zero " << zero;
              ++compared;
            }
    }
  // Per pair: 4 fidelities x 5 DSTs x 2 transposes x 2 starting DSTs for a
  // same-kind pair, x 1 otherwise; NormalBf16 pairs with itself twice.
  EXPECT_EQ(compared, (kKindCount - 1) * (80 + 40) + 2 * 80);
}

/// The integer path runs on this host, and the data above reaches every one
/// of its fix routes (so the comparisons test them, not only the integers).
TEST(NumericsVnni, EveryRouteIsTaken) {
  if (!haveVnniCopy())
    GTEST_SKIP() << "this CPU lacks AVX512-VNNI";
  std::mt19937 gen(7);
  DstFormat dst{DataFormat::Float16_b, Rounding::NearestAway};
  auto run = [&](Kind ka, Kind kb) {
    resetMatmulFastPathStats();
    std::vector<float> a = makeTile(gen, ka), b = makeTile(gen, kb);
    std::vector<float> c(kTileElems, 0.0f), want(kTileElems, 0.0f);
    EXPECT_TRUE(matmulTileWithIsa(kVnni, a.data(), b.data(), c.data(),
                                  MathFidelity::HiFi4, dst, false));
    reference(a.data(), b.data(), want.data(), MathFidelity::HiFi4, dst, false);
    EXPECT_TRUE(sameTiles(c, want)) << int(ka) << "/" << int(kb);
    return matmulFastPathStats();
  };
  MatmulFastPathStats s = run(Kind::NormalBf16, Kind::NormalBf16);
  EXPECT_EQ(s.tiles, 1u);
  EXPECT_EQ(s.passHalves, 8u);
  // N(0,1) runs often span more than 13 bits, and an inexact row meets an
  // inexact column.
  EXPECT_GT(s.rowFixes, 0u);
  EXPECT_GT(s.columnFixes, 0u);
  EXPECT_GT(s.elementFixes, 0u);
  s = run(Kind::Outliers, Kind::Outliers);
  EXPECT_EQ(s.tiles, 1u);
  EXPECT_GT(s.doubleFixes, 0u);
  s = run(Kind::Tiny, Kind::Tiny);
  EXPECT_EQ(s.tiles, 1u);
  EXPECT_GT(s.elementFixes, 0u); // denormal results
  s = run(Kind::Special, Kind::NormalBf16);
  EXPECT_EQ(s.tiles, 0u);
  EXPECT_EQ(s.tileFallbacks, 1u);
  // Most runs inexact: the double passes are cheaper.
  s = run(Kind::Wide120, Kind::Wide120);
  EXPECT_EQ(s.tiles, 0u);
  EXPECT_EQ(s.tileFallbacks, 1u);
}

/// The dispatched matmulTile equals the reference on the same data (it
/// picks the VNNI copy where the CPU has it).
TEST(NumericsVnni, DispatchedMatmulMatchesReference) {
  std::mt19937 gen(99);
  for (Kind k : kKinds)
    for (const DstFormat &dst : kDsts) {
      std::vector<float> a = makeTile(gen, k), b = makeTile(gen, Kind::NormalBf16);
      std::vector<float> want(kTileElems, 0.0f), got(kTileElems, 0.0f);
      reference(a.data(), b.data(), want.data(), MathFidelity::HiFi4, dst, false);
      matmulTile(a.data(), b.data(), got.data(), MathFidelity::HiFi4, dst, false);
      ASSERT_TRUE(sameTiles(got, want)) << int(k) << " " << formatName(dst.fmt);
    }
}

/// Many random tile pairs, each operand of a random kind, each with a random
/// fidelity, DST, transpose and starting DST: the VNNI copy against the
/// baseline copy (which NumericsExactness pins to the frozen reference).
TEST(NumericsVnni, MatchesBaselineOnManyRandomTiles) {
  if (!haveVnniCopy())
    GTEST_SKIP() << "this CPU lacks AVX512-VNNI";
  std::mt19937 gen(4711);
  std::uniform_int_distribution<uint32_t> pick(0, 1u << 30);
  const MathFidelity fids[] = {MathFidelity::LoFi, MathFidelity::HiFi2,
                               MathFidelity::HiFi3, MathFidelity::HiFi4};
  for (int trial = 0; trial < 1500; ++trial) {
    std::vector<float> a = makeTile(gen, kKinds[pick(gen) % kKindCount]);
    std::vector<float> b = makeTile(gen, kKinds[pick(gen) % kKindCount]);
    MathFidelity fid = fids[pick(gen) % 4];
    const DstFormat &dst = kDsts[pick(gen) % kDsts.size()];
    bool transpose = pick(gen) % 2;
    std::vector<float> c0(kTileElems, 0.0f);
    if (pick(gen) % 2)
      for (float &v : c0)
        v = refRound(dst, std::ldexp(double(gen() % 2001) - 1000.0, -8));
    std::vector<float> want = c0, got = c0;
    ASSERT_TRUE(matmulTileWithIsa(0, a.data(), b.data(), want.data(), fid, dst,
                                  transpose));
    ASSERT_TRUE(matmulTileWithIsa(kVnni, a.data(), b.data(), got.data(), fid,
                                  dst, transpose));
    ASSERT_TRUE(sameTiles(got, want)) << "trial " << trial;
  }
}
