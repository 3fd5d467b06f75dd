// Unit tests of the number formats, tile layout and FPU tile math.
#include "ttemu/numerics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

using namespace ttemu::num;

namespace {

float bf(uint16_t bits) { return bf16ToFloat(bits); }

std::vector<float> randomTile(uint32_t seed, float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> t(kTileElems);
  for (float &v : t)
    v = dist(gen);
  return t;
}

} // namespace

//===----------------------------------------------------------------------===//
// bfloat16
//===----------------------------------------------------------------------===//

TEST(NumericsBf16, RoundTripOfEveryNonNanPattern) {
  for (uint32_t b = 0; b < 0x10000; ++b) {
    float v = bf(uint16_t(b));
    if (std::isnan(v))
      continue;
    for (Rounding r : {Rounding::NearestEven, Rounding::NearestAway,
                       Rounding::TowardZero})
      ASSERT_EQ(floatToBf16(v, r), b) << std::hex << b;
  }
}

TEST(NumericsBf16, NearestEvenTies) {
  // 1 + 2^-8 lies halfway between 1.0 (0x3F80, even) and 1+2^-7 (0x3F81).
  EXPECT_EQ(floatToBf16(bitsToFloat(0x3F808000u)), 0x3F80);
  // 1 + 3*2^-8 lies halfway between 0x3F81 (odd) and 0x3F82 (even).
  EXPECT_EQ(floatToBf16(bitsToFloat(0x3F818000u)), 0x3F82);
  // Just above the tie rounds up, just below rounds down.
  EXPECT_EQ(floatToBf16(bitsToFloat(0x3F808001u)), 0x3F81);
  EXPECT_EQ(floatToBf16(bitsToFloat(0x3F807FFFu)), 0x3F80);
  // Negative values mirror.
  EXPECT_EQ(floatToBf16(bitsToFloat(0xBF808000u)), 0xBF80);
}

TEST(NumericsBf16, DeviceRoundingModes) {
  // The device packer rounds ties away from zero (tt-metal issue 17018:
  // 1.0039063 packs to 1.0078125).
  EXPECT_EQ(floatToBf16(1.0039063f, Rounding::NearestAway), 0x3F81);
  EXPECT_EQ(floatToBf16(bitsToFloat(0xBF808000u), Rounding::NearestAway), 0xBF81);
  EXPECT_EQ(floatToBf16(bitsToFloat(0x3F80FFFFu), Rounding::TowardZero), 0x3F80);
}

TEST(NumericsBf16, SpecialValues) {
  float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(floatToBf16(inf), 0x7F80);
  EXPECT_EQ(floatToBf16(-inf), 0xFF80);
  EXPECT_EQ(floatToBf16(std::nanf("")), 0x7FC0);
  // A NaN whose payload is only in the low bits must stay NaN, not become Inf.
  EXPECT_EQ(floatToBf16(bitsToFloat(0x7F800001u)), 0x7FC0);
  // The largest float rounds up to Inf; truncation keeps it finite.
  EXPECT_EQ(floatToBf16(std::numeric_limits<float>::max()), 0x7F80);
  EXPECT_EQ(floatToBf16(std::numeric_limits<float>::max(), Rounding::TowardZero),
            0x7F7F);
  // Denormals survive (bf16 shares fp32's exponent range).
  EXPECT_EQ(floatToBf16(bitsToFloat(0x00010000u)), 0x0001);
  EXPECT_EQ(floatToBf16(-0.0f), 0x8000);
}

//===----------------------------------------------------------------------===//
// IEEE half
//===----------------------------------------------------------------------===//

TEST(NumericsFp16, KnownValues) {
  EXPECT_EQ(floatToFp16(1.0f), 0x3C00);
  EXPECT_EQ(floatToFp16(-2.0f), 0xC000);
  EXPECT_EQ(floatToFp16(65504.0f), 0x7BFF);
  EXPECT_EQ(floatToFp16(0.1f), 0x2E66);
  EXPECT_EQ(fp16ToFloat(0x3555), 0.333251953125f);
  EXPECT_EQ(fp16ToFloat(0x0001), std::ldexp(1.0f, -24)); // smallest denormal
}

TEST(NumericsFp16, OverflowToInf) {
  // 65520 is the tie between 65504 and 65536 (which is out of range): Inf.
  EXPECT_EQ(floatToFp16(65520.0f), 0x7C00);
  EXPECT_EQ(floatToFp16(65519.0f), 0x7BFF);
  EXPECT_EQ(floatToFp16(-1e6f), 0xFC00);
  EXPECT_EQ(floatToFp16(1e6f, Rounding::TowardZero), 0x7BFF);
  EXPECT_EQ(floatToFp16(std::numeric_limits<float>::infinity()), 0x7C00);
  EXPECT_EQ(floatToFp16(std::nanf("")) & 0x7E00, 0x7E00);
}

TEST(NumericsFp16, DenormalsAndTies) {
  EXPECT_EQ(floatToFp16(std::ldexp(1.0f, -24)), 0x0001);
  EXPECT_EQ(floatToFp16(std::ldexp(1.0f, -25)), 0x0000); // tie -> even (0)
  EXPECT_EQ(floatToFp16(std::ldexp(3.0f, -25)), 0x0002); // tie -> even (2)
  EXPECT_EQ(floatToFp16(std::ldexp(1.0f, -14)), 0x0400); // smallest normal
  // 1 + 2^-11 is the tie between 1.0 and 1+2^-10.
  EXPECT_EQ(floatToFp16(1.0f + std::ldexp(1.0f, -11)), 0x3C00);
  EXPECT_EQ(floatToFp16(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);
}

TEST(NumericsFp16, RoundTripOfEveryNonNanPattern) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    float v = fp16ToFloat(uint16_t(h));
    if (std::isnan(v))
      continue;
    ASSERT_EQ(floatToFp16(v), h) << std::hex << h;
  }
}

//===----------------------------------------------------------------------===//
// Block float
//===----------------------------------------------------------------------===//

TEST(NumericsBfp8, SharedExponentBlockKnownBytes) {
  // Face row 0: 1.0, 0.5, -0.75, 3.0 (max exponent: 3.0 = 1.5*2^1, exp 128),
  // the rest zero.
  std::vector<float> tile(kTileElems, 0.0f);
  tile[0] = 1.0f;
  tile[1] = 0.5f;
  tile[2] = -0.75f;
  tile[3] = 3.0f;
  std::vector<uint8_t> bytes = packTiles(DataFormat::Bfp8_b, tile);
  ASSERT_EQ(bytes.size(), 1088u);
  EXPECT_EQ(bytes[0], 128); // shared exponent of face0 row0
  EXPECT_EQ(bytes[1], 0);   // an all-zero row
  // Mantissas: value = m/64 * 2^(128-127) -> m = value * 32.
  EXPECT_EQ(bytes[64 + 0], 32);        // 1.0
  EXPECT_EQ(bytes[64 + 1], 16);        // 0.5
  EXPECT_EQ(bytes[64 + 2], 0x80 | 24); // -0.75
  EXPECT_EQ(bytes[64 + 3], 96);        // 3.0
  EXPECT_EQ(bytes[64 + 4], 0);
  std::vector<float> back = unpackTiles(DataFormat::Bfp8_b, bytes);
  EXPECT_EQ(back[0], 1.0f);
  EXPECT_EQ(back[1], 0.5f);
  EXPECT_EQ(back[2], -0.75f);
  EXPECT_EQ(back[3], 3.0f);
}

TEST(NumericsBfp8, ExponentsFollowFaceRows) {
  // Element (row 0, col 16) is face1 row 0, whose exponent is byte 16;
  // element (16, 0) is face2 row 0, byte 32.
  std::vector<float> rowMajor(kTileElems, 0.0f);
  rowMajor[0 * 32 + 16] = 4.0f; // exp 129
  rowMajor[16 * 32 + 0] = 0.25f; // exp 125
  rowMajor[31 * 32 + 31] = 2.0f; // face3 row 15 -> byte 63, exp 128
  std::vector<float> tiled = tilize<float>(rowMajor, 32, 32);
  std::vector<uint8_t> bytes = packTiles(DataFormat::Bfp8_b, tiled);
  EXPECT_EQ(bytes[16], 129);
  EXPECT_EQ(bytes[32], 125);
  EXPECT_EQ(bytes[63], 128);
  EXPECT_EQ(bytes[64 + 256], 0x40); // face1 element 0 holds 4.0 = 64/64*2^2
  EXPECT_EQ(bytes[64 + 1023], 0x40);
}

TEST(NumericsBfp8, MantissaRoundingAndSaturation) {
  // Ties to even: 1 + 2^-7 with shared exponent 127 is m = 64.5 -> 64.
  EXPECT_EQ(bfpEncode(1.0f + std::ldexp(1.0f, -7), 127, 7), 64);
  EXPECT_EQ(bfpEncode(1.0f + 3 * std::ldexp(1.0f, -7), 127, 7), 66);
  // 1.9999 rounds to 128, which saturates at 127 (no renormalisation).
  EXPECT_EQ(bfpEncode(1.9999f, 127, 7), 127);
  // Small values lose bits to the shared exponent, down to zero with no sign.
  EXPECT_EQ(bfpEncode(std::ldexp(1.0f, -10), 127, 7), 0);
  EXPECT_EQ(bfpEncode(-std::ldexp(1.0f, -10), 127, 7), 0);
  EXPECT_EQ(bfpDecode(0x80 | 64, 127, 7), -1.0f);
}

TEST(NumericsBfp8, RandomTileWithinHalfUlpOfRow) {
  std::vector<float> t = randomTile(7, -4.0f, 4.0f);
  std::vector<float> back =
      unpackTiles(DataFormat::Bfp8_b, packTiles(DataFormat::Bfp8_b, t));
  for (uint32_t row = 0; row < 64; ++row) {
    uint8_t e = bfpSharedExponent(std::span<const float, 16>(&t[row * 16], 16));
    float ulp = std::ldexp(1.0f, int(e) - 127 - 6);
    for (uint32_t j = 0; j < 16; ++j) {
      // Round-to-nearest is within half an ulp, except where rounding up
      // would need mantissa 128 and saturates at 127 instead.
      float got = back[row * 16 + j];
      float bound = std::fabs(got) == 127 * ulp ? ulp : ulp / 2;
      ASSERT_LE(std::fabs(got - t[row * 16 + j]), bound)
          << "element " << row * 16 + j;
    }
  }
}

TEST(NumericsBfp4, KnownNibblesAndRoundTrip) {
  std::vector<float> tile(kTileElems, 0.0f);
  tile[0] = 1.0f;  // shared exp 127: m = 4 (hidden bit at bit 2)
  tile[1] = -1.5f; // m = 6, sign -> 0xE
  std::vector<uint8_t> bytes = packTiles(DataFormat::Bfp4_b, tile);
  ASSERT_EQ(bytes.size(), 576u);
  EXPECT_EQ(bytes[0], 127);
  EXPECT_EQ(bytes[64], 0xE4);
  std::vector<float> back = unpackTiles(DataFormat::Bfp4_b, bytes);
  EXPECT_EQ(back[0], 1.0f);
  EXPECT_EQ(back[1], -1.5f);
}

//===----------------------------------------------------------------------===//
// Layout and tile packing
//===----------------------------------------------------------------------===//

TEST(NumericsLayout, FaceOrderIndex) {
  EXPECT_EQ(faceOrderIndex(0, 0), 0u);
  EXPECT_EQ(faceOrderIndex(0, 15), 15u);
  EXPECT_EQ(faceOrderIndex(0, 16), 256u);
  EXPECT_EQ(faceOrderIndex(1, 0), 16u);
  EXPECT_EQ(faceOrderIndex(16, 0), 512u);
  EXPECT_EQ(faceOrderIndex(31, 31), 1023u);
}

TEST(NumericsLayout, TilizeUntilizeInverse) {
  const uint32_t rows = 64, cols = 96;
  std::vector<uint32_t> m(rows * cols);
  for (uint32_t i = 0; i < m.size(); ++i)
    m[i] = i;
  std::vector<uint32_t> t = tilize<uint32_t>(m, rows, cols);
  EXPECT_NE(t, m);
  // Tile (1, 2) starts at element (32, 64); its face1 starts at (32, 80).
  EXPECT_EQ(t[(1 * 3 + 2) * kTileElems], 32u * cols + 64);
  EXPECT_EQ(t[(1 * 3 + 2) * kTileElems + 256], 32u * cols + 80);
  EXPECT_EQ(untilize<uint32_t>(t, rows, cols), m);
}

TEST(NumericsLayout, PackUnpackEveryFormat) {
  std::vector<float> t = randomTile(3);
  for (DataFormat f : {DataFormat::Float32, DataFormat::Float16,
                       DataFormat::Float16_b}) {
    std::vector<uint8_t> bytes = packTiles(f, t);
    EXPECT_EQ(bytes.size(), tileSizeBytes(f));
    std::vector<float> back = unpackTiles(f, bytes);
    for (uint32_t i = 0; i < kTileElems; ++i)
      ASSERT_EQ(back[i], roundToFormat(t[i], f, Rounding::NearestEven))
          << formatName(f);
  }
  // Integers are moved bit-exactly.
  std::vector<float> ints(kTileElems);
  for (uint32_t i = 0; i < kTileElems; ++i)
    ints[i] = bitsToFloat(0xFFFFFF00u + i);
  std::vector<float> back =
      unpackTiles(DataFormat::Int32, packTiles(DataFormat::Int32, ints));
  for (uint32_t i = 0; i < kTileElems; ++i)
    ASSERT_EQ(floatBits(back[i]), 0xFFFFFF00u + i);
  EXPECT_EQ(tileSizeBytes(DataFormat::Float16_b), 2048u);
  EXPECT_EQ(tileSizeBytes(DataFormat::Bfp8_b), 1088u);
}

//===----------------------------------------------------------------------===//
// FPU math
//===----------------------------------------------------------------------===//

TEST(NumericsFpu, SrcRegisterTruncatesToTenBits) {
  EXPECT_EQ(floatBits(toSrcRegister(bitsToFloat(0x3F801FFFu))), 0x3F800000u);
  EXPECT_EQ(floatBits(toSrcRegister(bitsToFloat(0x3F802000u))), 0x3F802000u);
  EXPECT_EQ(floatBits(toSrcRegister(bitsToFloat(0x80000001u))), 0x80000000u);
}

TEST(NumericsFpu, FidelityPartsSumToProduct) {
  float a = toSrcRegister(1.2345f), b = toSrcRegister(-0.987f);
  double sum = 0;
  for (uint32_t p = 0; p < 4; ++p)
    sum += fidelityPart(a, p, true) * fidelityPart(b, p, false);
  EXPECT_EQ(sum, double(a) * double(b));
  // LoFi sees 5 significand bits of A and 7 of B.
  EXPECT_EQ(fidelityPart(bitsToFloat(0x3FFFE000u), 0, true), 1.9375);
  EXPECT_EQ(fidelityPart(bitsToFloat(0x3FFFE000u), 0, false), 1.984375);
}

namespace {

/// Max |C - C_ref| over a matmul of random bf16 tiles, where C_ref is the
/// fp64 product of the (bf16) inputs.
double matmulError(MathFidelity fid, DstFormat dst) {
  std::vector<float> a = randomTile(11), b = randomTile(12);
  for (float &v : a)
    v = toSrcRegister(roundToFormat(v, DataFormat::Float16_b, Rounding::NearestEven));
  for (float &v : b)
    v = toSrcRegister(roundToFormat(v, DataFormat::Float16_b, Rounding::NearestEven));
  std::vector<float> c(kTileElems, 0.0f);
  matmulTile(a.data(), b.data(), c.data(), fid, dst);
  double maxErr = 0;
  for (uint32_t i = 0; i < 32; ++i)
    for (uint32_t j = 0; j < 32; ++j) {
      double ref = 0;
      for (uint32_t k = 0; k < 32; ++k)
        ref += double(a[faceOrderIndex(i, k)]) * double(b[faceOrderIndex(k, j)]);
      maxErr = std::max(maxErr, std::fabs(c[faceOrderIndex(i, j)] - ref));
    }
  return maxErr;
}

} // namespace

TEST(NumericsFpu, MatmulHiFi4Fp32DstMatchesFp64) {
  // Products of bf16 inputs are exact; the only error is fp32 rounding of
  // 8 partial sums (4 passes x 2 halves) of magnitude <= 32: < 8 * 2^-19.
  double err = matmulError(MathFidelity::HiFi4, {DataFormat::Float32});
  EXPECT_LT(err, 8 * std::ldexp(1.0, -19));
}

TEST(NumericsFpu, MatmulBf16DstWithinFormatTolerance) {
  // Each of the 8 accumulations rounds to bf16; |C| < 32, whose bf16 half
  // ulp is at most 2^-3, so |err| <= 8 * 2^-3 = 1.
  double err = matmulError(MathFidelity::HiFi4, {DataFormat::Float16_b});
  EXPECT_LT(err, 1.0);
  EXPECT_GT(err, 0.0);
}

TEST(NumericsFpu, LowerFidelityIsLessAccurate) {
  double lofi = matmulError(MathFidelity::LoFi, {DataFormat::Float32});
  double hifi2 = matmulError(MathFidelity::HiFi2, {DataFormat::Float32});
  double hifi4 = matmulError(MathFidelity::HiFi4, {DataFormat::Float32});
  EXPECT_GT(lofi, hifi2);
  EXPECT_GT(hifi2, hifi4);
  // LoFi keeps 4 fraction bits of A: each product is off by < 2^-4 relative,
  // so |err| < 32 * 2^-4.
  EXPECT_LT(lofi, 2.0);
}

TEST(NumericsFpu, MatmulIdentityAndTranspose) {
  std::vector<float> eye(kTileElems, 0.0f), a = randomTile(5);
  for (float &v : a)
    v = toSrcRegister(roundToFormat(v, DataFormat::Float16_b, Rounding::NearestEven));
  for (uint32_t i = 0; i < 32; ++i)
    eye[faceOrderIndex(i, i)] = 1.0f;
  std::vector<float> c(kTileElems, 0.0f);
  // HiFi2 multiplies all of A by the high 7 significand bits of B; 1.0 has
  // no low bits, so A * I is exact.
  matmulTile(a.data(), eye.data(), c.data(), MathFidelity::HiFi2,
             {DataFormat::Float16_b});
  EXPECT_EQ(c, a);
  // LoFi sees only 5 significand bits of A: not exact for bf16 inputs.
  std::fill(c.begin(), c.end(), 0.0f);
  matmulTile(a.data(), eye.data(), c.data(), MathFidelity::LoFi,
             {DataFormat::Float16_b});
  EXPECT_NE(c, a);
  EXPECT_EQ(c[0], float(fidelityPart(a[0], 0, true)));
  std::fill(c.begin(), c.end(), 0.0f);
  matmulTile(eye.data(), a.data(), c.data(), MathFidelity::HiFi4,
             {DataFormat::Float32}, /*transposeB=*/true);
  EXPECT_EQ(c[faceOrderIndex(3, 20)], a[faceOrderIndex(20, 3)]);
}

TEST(NumericsFpu, MulTileFidelity) {
  std::vector<float> a(kTileElems, toSrcRegister(1.2345f)),
      b(kTileElems, toSrcRegister(1.5f)), c(kTileElems);
  mulTile(a.data(), b.data(), c.data(), MathFidelity::HiFi4, {DataFormat::Float32});
  EXPECT_EQ(c[0], float(double(a[0]) * 1.5));
  mulTile(a.data(), b.data(), c.data(), MathFidelity::LoFi, {DataFormat::Float32});
  // LoFi: A's significand is cut to 1.0011b = 1.1875.
  EXPECT_EQ(c[0], 1.1875f * 1.5f);
  float inf = std::numeric_limits<float>::infinity();
  std::vector<float> ones(kTileElems, 1.0f), infs(kTileElems, inf);
  mulTile(infs.data(), ones.data(), c.data(), MathFidelity::HiFi4,
          {DataFormat::Float32});
  EXPECT_EQ(c[0], inf);
}
