// The exact integer matmul: matmulTile's fidelity passes with AVX512-VNNI
// integer dot products (vpdpwssd: 32 int16 products per instruction, four
// times the multiply-adds of a double FMA) instead of double FMAs, giving
// the same bits. runtime/docs/NUMERICS.md ("Exact integer matmul") has the
// argument in full; in short:
//
// - Every fidelity part is a small integer times a power of two (A: 5 / 6
//   bits, B: 7 / 4 bits). The 16 values of a dot product's run (A: row i,
//   B: column j, one 16-deep half of k) are written as integers over one
//   unit 2^u chosen from the run's largest part, at most 13 bits for A and
//   14 for B. A part below that window (not an integer multiple of 2^u)
//   marks its run inexact.
// - For a dot product whose two runs are exact, every term and every
//   partial sum, in any order, is an integer multiple of 2^(uA + uB) below
//   16 * (2^13 - 1) * (2^14 - 1) * 2^(uA + uB) < 2^(31 + uA + uB). So the
//   int32 sum never overflows, and the reference's double sum (ascending k,
//   from +0.0) is exact too: both are the exact sum S * 2^(uA + uB), whose
//   float is float(S) (vcvtdq2ps rounds to nearest even) times 2^(uA + uB)
//   (vscalefps, exact whenever the result is a normal float, and overflows
//   to Inf exactly when the reference's float conversion does). An exact
//   zero is +0.0 in both (the reference starts from +0.0).
// - A run with a part below its window is redone from two integer digits
//   per part (whole rows for A, whole columns for B; exact in double and
//   rounded once). Runs too wide for two digits, elements where an inexact
//   row meets an inexact column, and results in float's denormal range
//   (the scaling would round twice) are computed as the reference does:
//   double FMAs of the exact products, ascending k from +0.0. Tiles holding
//   an Inf or NaN are left to the double passes.
// The DST update is passesAvx512's (round_dst(c + dot) in fp32, in pass
// then half order per element), so C ends as there.
#include "TileMathSimd.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <memory>

namespace ttemu::num {

namespace {
thread_local MatmulFastPathStats tStats;
} // namespace

MatmulFastPathStats matmulFastPathStats() { return tStats; }
void resetMatmulFastPathStats() { tStats = {}; }

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
namespace simd {
namespace {

constexpr uint32_t kPairs = 8; // k pairs in a 16-deep half
/// Integer widths: 16 * (2^13 - 1) * (2^14 - 1) = 2147221520 < 2^31.
constexpr int kWindowA = 13, kWindowB = 14;
/// fp32 masks of the parts: the 10-bit source-register significand, A's and
/// B's high parts (5 and 7 significand bits). The low part is the exact fp32
/// difference full - high (Sterbenz), as in buildPlanesAvx512.
constexpr uint32_t kFullMask = 0xFFFFE000u;
constexpr uint32_t kHiMaskA = 0xFFF80000u, kHiMaskB = 0xFFFE0000u;
/// vfpclassps categories: QNaN 0x01, +0 0x02, -0 0x04, +Inf 0x08, -Inf
/// 0x10, denormal 0x20, SNaN 0x80.
constexpr int kClassZeroDenormal = 0x26;
/// A run whose values' biased exponents spread by more than this is done
/// in double: below it every scaled part (>= 2^(w - 11 - spread)) and
/// every second digit is a normal float, so the integrality checks see it.
constexpr int kFarSpread = 100;
/// Below every part's exponent (the smallest is 2^-149): a run of zeros gets
/// this "largest exponent", which keeps its unit finite.
constexpr float kNoTop = -200.0f;

/// One operand as vpdpwssd integers. Row k of the source holds the 32
/// values of one k; lane x is A's row i or B's column j.
struct alignas(64) IntOperand {
  /// [part][half][pair][x]: the integer of k = 16 half + 2 pair in the low
  /// 16 bits, that of k + 1 in the high 16 bits.
  alignas(64) int32_t pairs[2][2][kPairs][kTileCols];
  /// [part][half][x]: u with value = integer * 2^u.
  alignas(64) float unit[2][2][kTileCols];
  /// [part][half]: bit x set when run x has a part below its window.
  uint32_t inexact[2][2];
  /// [part][half][pair][x], for inexact runs only: the second digit. The
  /// first (in `pairs`) is then the truncated scaled value t, the second
  /// d = (s - t) * 2^w, so value = (t * 2^w + d) * 2^(unit - w).
  alignas(64) int32_t low[2][2][kPairs][kTileCols];
  /// [part][half]: bit x set when run x does not fit two digits either.
  uint32_t tooWide[2][2];
};

/// The 16 values of source row k, lanes 16 xb..16 xb + 15.
[[gnu::always_inline]] inline const float *run(const float *src, bool face,
                                               uint32_t k, uint32_t xb) {
  return src + (face ? faceOrderIndex(k, xb * kFaceCols)
                     : k * kTileCols + xb * kFaceCols);
}

/// The high and (kParts == 2) low parts of 16 finite values as exact fp32
/// values (0 for zeros and denormals), as buildPlanesAvx512 makes them.
template <uint32_t kParts>
TTEMU_AVX512_VNNI __attribute__((always_inline)) inline void
splitParts(__m512 x, uint32_t hiMask, __m512 (&part)[kParts]) {
  // Zeros and denormals have no parts; tiles with Inf/NaN never get here.
  __m512i u = _mm512_castps_si512(x);
  __mmask16 keep = _mm512_test_epi32_mask(u, _mm512_set1_epi32(0x7F800000));
  part[0] = _mm512_castsi512_ps(
      _mm512_maskz_and_epi32(keep, u, _mm512_set1_epi32(int(hiMask))));
  if constexpr (kParts == 2)
    part[1] = _mm512_maskz_sub_ps(
        keep,
        _mm512_castsi512_ps(
            _mm512_and_si512(u, _mm512_set1_epi32(int(kFullMask)))),
        part[0]);
}

/// The second digits of the runs in lanes 16 xb.. of half h (see
/// IntOperand::low) from their parts `part` [k - 16 h][lane]; returns the
/// lanes where they are not exact either (the scaled part's fraction times
/// 2^w is not an integer). The scaled parts are normal floats: lanes whose
/// values' exponents spread by more than kFarSpread never get here.
TTEMU_AVX512_VNNI __mmask16 buildLowDigits(const float (*part)[kFaceCols],
                                           int window, __m512 scale,
                                           int32_t (*low)[kTileCols],
                                           uint32_t xb) {
  __m512i wide = _mm512_setzero_si512();
  __m512 digit = _mm512_set1_ps(float(window));
  for (uint32_t pair = 0; pair < kPairs; ++pair) {
    __m512i ints[2];
    for (uint32_t w = 0; w < 2; ++w) {
      __m512 s = _mm512_scalef_ps(_mm512_load_ps(part[2 * pair + w]), scale);
      __m512 t = _mm512_roundscale_ps(s, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
      // s - t is exact (the fraction bits of s), and so is the scaling.
      __m512 d = _mm512_scalef_ps(_mm512_sub_ps(s, t), digit);
      wide = _mm512_or_si512(
          wide, _mm512_castps_si512(_mm512_reduce_round_ps(
                    d, _MM_FROUND_TO_NEAREST_INT, _MM_FROUND_NO_EXC)));
      ints[w] = _mm512_cvttps_epi32(d);
    }
    _mm512_store_si512(&low[pair][xb * kFaceCols],
                       _mm512_mask_blend_epi16(__mmask32(0xAAAAAAAAu), ints[0],
                                               _mm512_slli_epi32(ints[1], 16)));
  }
  return _mm512_test_epi32_mask(wide, _mm512_set1_epi32(0x7FFFFFFF));
}

/// Builds `op`'s first kParts parts from the 32 x 32 source (row k = the
/// values of one k; face order or row-major). Per run (16 k of one lane),
/// the unit is 2^(t - w + 1) with t the largest part's exponent and w the
/// window, so every integer is below 2^w; a part that is not an integer
/// multiple of the unit (its scaled value is not an integer, or underflows)
/// marks the run inexact. Returns false if the source holds an Inf or NaN.
template <uint32_t kParts>
TTEMU_AVX512_VNNI bool buildIntOperand(const float *src, bool face,
                                       uint32_t hiMask, int window,
                                       IntOperand &op) {
  alignas(64) float parts[kParts][16][kFaceCols];
  const __m512i expField = _mm512_set1_epi32(0xFF), one = _mm512_set1_epi32(1);
  for (uint32_t h = 0; h < 2; ++h)
    for (uint32_t xb = 0; xb < 2; ++xb) {
      __m512 top[kParts];
      for (uint32_t q = 0; q < kParts; ++q)
        top[q] = _mm512_set1_ps(kNoTop);
      // Largest biased exponent, and smallest minus 1 (unsigned, so zeros
      // and denormals, exponent 0, count as the largest).
      __m512i eMax = _mm512_setzero_si512(), eMin1 = _mm512_set1_epi32(-1);
      for (uint32_t k = 0; k < 16; ++k) {
        __m512 x = _mm512_loadu_ps(run(src, face, 16 * h + k, xb));
        __m512i e = _mm512_and_si512(
            _mm512_srli_epi32(_mm512_castps_si512(x), 23), expField);
        eMax = _mm512_max_epu32(eMax, e);
        eMin1 = _mm512_min_epu32(eMin1, _mm512_sub_epi32(e, one));
        __m512 part[kParts];
        splitParts<kParts>(x, hiMask, part);
        // getexp(0) = -Inf, below kNoTop.
        for (uint32_t q = 0; q < kParts; ++q) {
          top[q] = _mm512_max_ps(top[q], _mm512_getexp_ps(part[q]));
          _mm512_store_ps(parts[q][k], part[q]);
        }
      }
      if (_mm512_cmpeq_epi32_mask(eMax, expField))
        return false; // an Inf or NaN
      // eMax - eMin, or 0 for a run of zeros (eMax 0, eMin1 all ones).
      __mmask16 far = _mm512_cmpgt_epi32_mask(
          _mm512_sub_epi32(_mm512_sub_epi32(eMax, one), eMin1),
          _mm512_set1_epi32(kFarSpread));
      for (uint32_t q = 0; q < kParts; ++q) {
        __m512 unit =
            _mm512_sub_ps(top[q], _mm512_set1_ps(float(window - 1)));
        _mm512_store_ps(&op.unit[q][h][xb * kFaceCols], unit);
        __m512 scale = _mm512_sub_ps(_mm512_setzero_ps(), unit);
        // Bits of the scaled parts' fractions: zero but for the sign
        // exactly where every scaled part is an integer.
        __m512i inexactBits = _mm512_setzero_si512();
        for (uint32_t pair = 0; pair < kPairs; ++pair) {
          __m512i ints[2];
          for (uint32_t w = 0; w < 2; ++w) {
            // Exact: |s| < 2^window, and a normal result of vscalefps is
            // the exact product (a denormal one is not an integer).
            __m512 s =
                _mm512_scalef_ps(_mm512_load_ps(parts[q][2 * pair + w]), scale);
            // vreduceps: s - round(s), +-0 exactly for an integer.
            inexactBits = _mm512_or_si512(
                inexactBits,
                _mm512_castps_si512(_mm512_reduce_round_ps(
                    s, _MM_FROUND_TO_NEAREST_INT, _MM_FROUND_NO_EXC)));
            ints[w] = _mm512_cvttps_epi32(s); // t; s itself if exact
          }
          _mm512_store_si512(
              &op.pairs[q][h][pair][xb * kFaceCols],
              _mm512_mask_blend_epi16(__mmask32(0xAAAAAAAAu), ints[0],
                                      _mm512_slli_epi32(ints[1], 16)));
        }
        __mmask16 inexact =
            _mm512_test_epi32_mask(inexactBits,
                                   _mm512_set1_epi32(0x7FFFFFFF)) | far;
        __mmask16 wide = far;
        if (inexact & ~far)
          wide |= buildLowDigits(parts[q], window, scale, op.low[q][h], xb);
        uint32_t shift = xb * kFaceCols;
        op.inexact[q][h] =
            (xb ? op.inexact[q][h] : 0u) | uint32_t(inexact) << shift;
        op.tooWide[q][h] =
            (xb ? op.tooWide[q][h] : 0u) | uint32_t(wide & inexact) << shift;
      }
    }
  return true;
}

/// buildIntOperand with the low part only when a pass reads it.
TTEMU_AVX512_VNNI bool buildIntOperand(const float *src, bool face,
                                       uint32_t hiMask, int window,
                                       bool wantLo, IntOperand &op) {
  return wantLo ? buildIntOperand<2>(src, face, hiMask, window, op)
                : buildIntOperand<1>(src, face, hiMask, window, op);
}

/// A face-order tile transposed into row-major: out[c * 32 + r] = tile(r,
/// c), one 16 x 16 in-register transpose per face.
TTEMU_AVX512_VNNI void transposeTile(const float *tile, float *out) {
  for (uint32_t face = 0; face < 4; ++face) {
    const float *in = tile + face * kFaceElems;
    float *o = out + (face & 1) * kFaceCols * kTileCols + (face >> 1) * kFaceCols;
    __m512 r[16], t[16];
    for (uint32_t i = 0; i < 16; ++i)
      r[i] = _mm512_loadu_ps(in + i * kFaceCols);
    for (uint32_t i = 0; i < 16; i += 2) {
      t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
      t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    for (uint32_t i = 0; i < 16; i += 4) {
      r[i] = _mm512_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
      r[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
      r[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
      r[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    for (uint32_t i = 0; i < 16; i += 8)
      for (uint32_t j = 0; j < 4; ++j) {
        t[i + j] = _mm512_shuffle_f32x4(r[i + j], r[i + j + 4], 0x88);
        t[i + j + 4] = _mm512_shuffle_f32x4(r[i + j], r[i + j + 4], 0xDD);
      }
    for (uint32_t j = 0; j < 8; ++j) {
      r[j] = _mm512_shuffle_f32x4(t[j], t[j + 8], 0x88);
      r[j + 8] = _mm512_shuffle_f32x4(t[j], t[j + 8], 0xDD);
    }
    for (uint32_t i = 0; i < 16; ++i)
      _mm512_storeu_ps(o + i * kTileCols, r[i]);
  }
}

/// Part `q` of one value as a double (finitePart's value up to the sign of
/// a zero, which no dot product from +0.0 can see).
inline double partOf(float x, uint32_t hiMask, uint32_t q) {
  uint32_t u = floatBits(x);
  uint32_t e = (u >> 23) & 0xFF;
  if (e == 0 || e == 0xFF)
    return 0.0;
  float hi = bitsToFloat(u & hiMask);
  return q == 0 ? double(hi) : double(bitsToFloat(u & kFullMask) - hi);
}

/// The dot products the integers cannot give, computed as the reference
/// does, and the pass-half's dot tile they patch.
struct alignas(64) Fixer {
  /// [part][k * 32 + x]: the parts in double, A's transposed (lane i), B's
  /// row-major (lane j); built when a fix first needs them.
  alignas(64) double aPlane[2][kTileElems];
  alignas(64) double bPlane[2][kTileElems];
  /// Row-major dot products of the current pass-half.
  alignas(64) float dot[kTileElems];
  /// Bit j of row i: that result would be a denormal or zero float.
  uint32_t tiny[kTileRows];
  const float *at = nullptr; // A transposed, row-major
  const float *b = nullptr;
  bool bFace = true;
  bool aBuilt[2] = {}, bBuilt[2] = {};
};

/// Part q of every value of the source in double, [k * 32 + lane].
TTEMU_AVX512_VNNI void buildDoublePlane(const float *src, bool face,
                                        uint32_t hiMask, uint32_t q,
                                        double *plane) {
  for (uint32_t k = 0; k < kTileRows; ++k)
    for (uint32_t xb = 0; xb < 2; ++xb) {
      __m512 part[2];
      splitParts<2>(_mm512_loadu_ps(run(src, face, k, xb)), hiMask, part);
      uint32_t o = k * kTileCols + xb * kFaceCols;
      _mm512_store_pd(plane + o,
                      _mm512_cvtps_pd(_mm512_castps512_ps256(part[q])));
      _mm512_store_pd(plane + o + 8,
                      _mm512_cvtps_pd(_mm512_extractf32x8_ps(part[q], 1)));
    }
}

/// B's part q in double, built once per tile when a fix first needs it.
TTEMU_AVX512_VNNI const double *bPlane(Fixer &f, uint32_t q) {
  if (!f.bBuilt[q]) {
    buildDoublePlane(f.b, f.bFace, kHiMaskB, q, f.bPlane[q]);
    f.bBuilt[q] = true;
  }
  return f.bPlane[q];
}
TTEMU_AVX512_VNNI const double *aPlane(Fixer &f, uint32_t q) {
  if (!f.aBuilt[q]) {
    buildDoublePlane(f.at, false, kHiMaskA, q, f.aPlane[q]);
    f.aBuilt[q] = true;
  }
  return f.aPlane[q];
}

/// acc + the pairwise int16 products of a and b (vpdpwssd), as inline asm:
/// LLVM rewrites the intrinsic into vpmaddwd + vpaddd (two instructions)
/// unless tuning for a VNNI core, which the library's flags do not select.
TTEMU_AVX512_VNNI __attribute__((always_inline)) inline __m512i
dpwssd(__m512i acc, __m512i a, __m512i b) {
  asm("vpdpwssd %2, %1, %0" : "+v"(acc) : "v"(a), "v"(b));
  return acc;
}

/// Rows and columns of runs too wide for two digits, in double exactly as
/// the reference computes them (ascending k from +0.0, exact products).
TTEMU_AVX512_VNNI void doubleFixes(Fixer &f, uint32_t qa, uint32_t qb,
                                   uint32_t h, uint32_t badRows,
                                   uint32_t badCols) {
  uint32_t k0 = 16 * h;
  const double *bp = badRows ? bPlane(f, qb) : nullptr;
  const double *ap = badCols ? aPlane(f, qa) : nullptr;
  tStats.doubleFixes += std::popcount(badRows) + std::popcount(badCols);
  for (uint32_t rows = badRows; rows; rows &= rows - 1) {
    uint32_t i = std::countr_zero(rows);
    __m512d acc[4] = {_mm512_setzero_pd(), _mm512_setzero_pd(),
                      _mm512_setzero_pd(), _mm512_setzero_pd()};
    for (uint32_t k = k0; k < k0 + 16; ++k) {
      __m512d a = _mm512_set1_pd(partOf(f.at[k * kTileCols + i], kHiMaskA, qa));
      for (uint32_t v = 0; v < 4; ++v)
        acc[v] = _mm512_fmadd_pd(
            a, _mm512_load_pd(bp + k * kTileCols + 8 * v), acc[v]);
    }
    for (uint32_t v = 0; v < 4; ++v)
      _mm256_store_ps(f.dot + i * kTileCols + 8 * v, _mm512_cvtpd_ps(acc[v]));
  }
  for (uint32_t cols = badCols; cols; cols &= cols - 1) {
    uint32_t j = std::countr_zero(cols);
    __m512d acc[4] = {_mm512_setzero_pd(), _mm512_setzero_pd(),
                      _mm512_setzero_pd(), _mm512_setzero_pd()};
    for (uint32_t k = k0; k < k0 + 16; ++k) {
      __m512d bv = _mm512_set1_pd(
          partOf(run(f.b, f.bFace, k, j / kFaceCols)[j % kFaceCols], kHiMaskB, qb));
      for (uint32_t v = 0; v < 4; ++v)
        acc[v] = _mm512_fmadd_pd(
            _mm512_load_pd(ap + k * kTileCols + 8 * v), bv, acc[v]);
    }
    alignas(64) float column[kTileRows];
    for (uint32_t v = 0; v < 4; ++v)
      _mm256_store_ps(column + 8 * v, _mm512_cvtpd_ps(acc[v]));
    for (uint32_t i = 0; i < kTileRows; ++i)
      f.dot[i * kTileCols + j] = column[i];
  }
}

/// float((s1 * 2^w + s0) * 2^n) for 16 int32 lanes, via double, where
/// both steps are exact (|s1 * 2^w + s0| < 2^46, n within double's range)
/// and the final conversion rounds once, denormals included.
TTEMU_AVX512_VNNI __attribute__((always_inline)) inline __m512
combineDigits(__m512i s1, __m512i s0, int window, __m512 n) {
  __m512d w = _mm512_set1_pd(double(1u << window));
  __m512d lo = _mm512_fmadd_pd(
      _mm512_cvtepi32_pd(_mm512_castsi512_si256(s1)), w,
      _mm512_cvtepi32_pd(_mm512_castsi512_si256(s0)));
  __m512d hi = _mm512_fmadd_pd(
      _mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(s1, 1)), w,
      _mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(s0, 1)));
  lo = _mm512_scalef_pd(lo, _mm512_cvtps_pd(_mm512_castps512_ps256(n)));
  hi = _mm512_scalef_pd(hi, _mm512_cvtps_pd(_mm512_extractf32x8_ps(n, 1)));
  return _mm512_insertf32x8(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo)),
                            _mm512_cvtpd_ps(hi), 1);
}

/// Overwrites the dot products the integers did not give (see the file
/// comment) for pass parts (qa, qb) and half h: a column of an inexact B run
/// from its two digits against A's integers (lanes i), a row of an inexact
/// A run from its two digits against B's integers (lanes j); runs too wide
/// for two digits, elements where both runs are inexact, and results in
/// float's denormal range (`tiny`) in double as the reference does.
TTEMU_AVX512_VNNI void applyFixes(Fixer &f, const IntOperand &A,
                                  const IntOperand &B, uint32_t qa,
                                  uint32_t qb, uint32_t h, uint32_t tinyRows) {
  uint32_t k0 = 16 * h;
  uint32_t badRows = A.inexact[qa][h], badCols = B.inexact[qb][h];
  uint32_t wideRows = A.tooWide[qa][h], wideCols = B.tooWide[qb][h];
  tStats.rowFixes += std::popcount(badRows);
  tStats.columnFixes += std::popcount(badCols);
  for (uint32_t cols = badCols & ~wideCols; cols; cols &= cols - 1) {
    uint32_t j = std::countr_zero(cols);
    __m512i acc1[2], acc0[2];
    for (uint32_t ib = 0; ib < 2; ++ib)
      acc1[ib] = acc0[ib] = _mm512_setzero_si512();
    for (uint32_t p = 0; p < kPairs; ++p) {
      __m512i b1 = _mm512_set1_epi32(B.pairs[qb][h][p][j]);
      __m512i b0 = _mm512_set1_epi32(B.low[qb][h][p][j]);
      for (uint32_t ib = 0; ib < 2; ++ib) {
        __m512i av = _mm512_load_si512(&A.pairs[qa][h][p][ib * kFaceCols]);
        acc1[ib] = dpwssd(acc1[ib], b1, av);
        acc0[ib] = dpwssd(acc0[ib], b0, av);
      }
    }
    __m512 ub = _mm512_set1_ps(B.unit[qb][h][j] - float(kWindowB));
    alignas(64) float column[kTileRows];
    for (uint32_t ib = 0; ib < 2; ++ib)
      _mm512_store_ps(
          column + ib * kFaceCols,
          combineDigits(acc1[ib], acc0[ib], kWindowB,
                        _mm512_add_ps(_mm512_load_ps(&A.unit[qa][h][ib * kFaceCols]),
                                      ub)));
    // Plain stores: the vectoriser's scatter is several times slower.
#pragma clang loop vectorize(disable)
    for (uint32_t i = 0; i < kTileRows; ++i)
      f.dot[i * kTileCols + j] = column[i];
  }
  for (uint32_t rows = badRows & ~wideRows; rows; rows &= rows - 1) {
    uint32_t i = std::countr_zero(rows);
    __m512i acc1[2], acc0[2];
    for (uint32_t jb = 0; jb < 2; ++jb)
      acc1[jb] = acc0[jb] = _mm512_setzero_si512();
    for (uint32_t p = 0; p < kPairs; ++p) {
      __m512i a1 = _mm512_set1_epi32(A.pairs[qa][h][p][i]);
      __m512i a0 = _mm512_set1_epi32(A.low[qa][h][p][i]);
      for (uint32_t jb = 0; jb < 2; ++jb) {
        __m512i bv = _mm512_load_si512(&B.pairs[qb][h][p][jb * kFaceCols]);
        acc1[jb] = dpwssd(acc1[jb], a1, bv);
        acc0[jb] = dpwssd(acc0[jb], a0, bv);
      }
    }
    __m512 ua = _mm512_set1_ps(A.unit[qa][h][i] - float(kWindowA));
    for (uint32_t jb = 0; jb < 2; ++jb)
      _mm512_store_ps(
          f.dot + i * kTileCols + jb * kFaceCols,
          combineDigits(acc1[jb], acc0[jb], kWindowA,
                        _mm512_add_ps(ua, _mm512_load_ps(&B.unit[qb][h][jb * kFaceCols]))));
  }
  if (wideRows | wideCols)
    doubleFixes(f, qa, qb, h, wideRows, wideCols);
  // Elements left: both runs inexact (each fix above assumed the other
  // operand's run exact), or tiny, unless a double fix covered them.
  uint32_t visit = ((badCols & ~wideCols) ? badRows : 0u) | tinyRows;
  for (visit &= ~wideRows; visit; visit &= visit - 1) {
    uint32_t i = std::countr_zero(visit);
    bool rowFixed = (badRows >> i) & 1;
    uint32_t left = rowFixed ? badCols : f.tiny[i] & ~badCols;
    left &= ~wideCols;
    if (!left)
      continue;
    // The whole row in double (as the reference: ascending k from +0.0,
    // exact products); only `left` kept.
    const double *bp = bPlane(f, qb);
    __m512d acc[4] = {_mm512_setzero_pd(), _mm512_setzero_pd(),
                      _mm512_setzero_pd(), _mm512_setzero_pd()};
    for (uint32_t k = k0; k < k0 + 16; ++k) {
      __m512d a = _mm512_set1_pd(partOf(f.at[k * kTileCols + i], kHiMaskA, qa));
      for (uint32_t v = 0; v < 4; ++v)
        acc[v] = _mm512_fmadd_pd(a, _mm512_load_pd(bp + k * kTileCols + 8 * v),
                                 acc[v]);
    }
    for (uint32_t jb = 0; jb < 2; ++jb)
      _mm512_mask_store_ps(
          f.dot + i * kTileCols + jb * kFaceCols,
          __mmask16(left >> (jb * kFaceCols)),
          _mm512_insertf32x8(
              _mm512_castps256_ps512(_mm512_cvtpd_ps(acc[2 * jb])),
              _mm512_cvtpd_ps(acc[2 * jb + 1]), 1));
    tStats.elementFixes += std::popcount(left);
  }
}

/// dpwssd with `a` the 32-bit pair at `p` broadcast to every lane, as the
/// instruction's memory operand.
TTEMU_AVX512_VNNI __attribute__((always_inline)) inline __m512i
dpwssdBcast(__m512i acc, __m512i b, const int32_t *p) {
  asm("vpdpwssd %2%{1to16%}, %1, %0" : "+v"(acc) : "v"(b), "m"(*p));
  return acc;
}

/// All passes: per pass-half the 32 x 32 integer dot products (4 rows at a
/// time against B's 16 pair vectors held in registers), converted and
/// scaled, the fixes, then the DST update.
/// roundDstAvx512<kDst> for values known not to be NaN: the same integer
/// rounding without the NaN select.
template <uint32_t kDst>
TTEMU_AVX512_VNNI __attribute__((always_inline)) inline __m512
roundDstFinite(__m512 f) {
  if constexpr (kDst == kDstF32) {
    return f;
  } else {
    __m512i u = _mm512_castps_si512(f);
    if constexpr (kDst == kDstBf16Away)
      u = _mm512_add_epi32(u, _mm512_set1_epi32(0x8000));
    else if constexpr (kDst == kDstBf16Even)
      u = _mm512_add_epi32(
          _mm512_add_epi32(u, _mm512_set1_epi32(0x7FFF)),
          _mm512_and_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(1)));
    return _mm512_castsi512_ps(
        _mm512_and_si512(u, _mm512_set1_epi32(int(0xFFFF0000u))));
  }
}

/// Whether no DST value can become NaN in this tile's passes: every C
/// value is finite and at most 2^125, and every dot product is below
/// 2^(31 + uA + uB) <= 2^122 (16 parts below 2^(uA + 13) times parts below
/// 2^(uB + 14), whichever route computes it), so 8 updates stay below 2^127
/// and never reach Inf (nor Inf - Inf).
TTEMU_AVX512_VNNI bool cannotBecomeNaN(const IntOperand &A, const IntOperand &B,
                                       const float *c, uint32_t phases) {
  __m512i mag = _mm512_setzero_si512();
  for (uint32_t i = 0; i < kTileElems; i += 16)
    mag = _mm512_max_epu32(
        mag, _mm512_and_si512(_mm512_loadu_si512(c + i),
                              _mm512_set1_epi32(0x7FFFFFFF)));
  if (_mm512_reduce_max_epu32(mag) > 0x7E000000u) // 2^125
    return false;
  __m512 ua = _mm512_set1_ps(-1000.0f), ub = ua;
  uint32_t partsA = phases >= 2 ? 2 : 1, partsB = phases >= 3 ? 2 : 1;
  for (uint32_t q = 0; q < 2; ++q)
    for (uint32_t h = 0; h < 2; ++h)
      for (uint32_t xb = 0; xb < 2; ++xb) {
        if (q < partsA)
          ua = _mm512_max_ps(ua, _mm512_load_ps(&A.unit[q][h][xb * kFaceCols]));
        if (q < partsB)
          ub = _mm512_max_ps(ub, _mm512_load_ps(&B.unit[q][h][xb * kFaceCols]));
      }
  return _mm512_reduce_max_ps(ua) + _mm512_reduce_max_ps(ub) <= 91.0f;
}

template <uint32_t kDst, bool kNoNaN>
TTEMU_AVX512_VNNI void intPasses(const IntOperand &A, const IntOperand &B,
                                 Fixer &f, float *c, uint32_t phases) {
  for (uint32_t phase = 0; phase < phases; ++phase) {
    // Pass 0 = A.hi x B.hi, 1 = A.lo x B.hi, 2 = A.hi x B.lo, 3 = A.lo x B.lo.
    uint32_t qa = (phase == 0 || phase == 2) ? 0 : 1, qb = phase <= 1 ? 0 : 1;
    for (uint32_t h = 0; h < 2; ++h) {
      __m512i bv[kPairs][2];
      for (uint32_t p = 0; p < kPairs; ++p)
        for (uint32_t jb = 0; jb < 2; ++jb)
          bv[p][jb] = _mm512_load_si512(&B.pairs[qb][h][p][jb * kFaceCols]);
      __m512 ub[2] = {_mm512_load_ps(&B.unit[qb][h][0]),
                      _mm512_load_ps(&B.unit[qb][h][kFaceCols])};
      // S * 2^n with S a nonzero integer is a normal float when n >= -126;
      // only rows that may go below are checked per element.
      float minUb = std::min(_mm512_reduce_min_ps(ub[0]),
                             _mm512_reduce_min_ps(ub[1]));
      uint32_t tinyRows = 0;
      for (uint32_t i = 0; i < kTileRows; i += 4) {
        __m512i acc[4][2];
        for (uint32_t r = 0; r < 4; ++r)
          acc[r][0] = acc[r][1] = _mm512_setzero_si512();
        for (uint32_t p = 0; p < kPairs; ++p)
          for (uint32_t r = 0; r < 4; ++r) {
            const int32_t *a = &A.pairs[qa][h][p][i + r];
            acc[r][0] = dpwssdBcast(acc[r][0], bv[p][0], a);
            acc[r][1] = dpwssdBcast(acc[r][1], bv[p][1], a);
          }
        for (uint32_t r = 0; r < 4; ++r) {
          float uaScalar = A.unit[qa][h][i + r];
          __m512 ua = _mm512_set1_ps(uaScalar);
          bool check = uaScalar + minUb < -126.0f;
          uint32_t tiny = 0;
          for (uint32_t jb = 0; jb < 2; ++jb) {
            __m512 g = _mm512_scalef_ps(_mm512_cvtepi32_ps(acc[r][jb]),
                                        _mm512_add_ps(ua, ub[jb]));
            if (check) [[unlikely]]
              tiny |= uint32_t(_mm512_mask_fpclass_ps_mask(
                          _mm512_test_epi32_mask(acc[r][jb], acc[r][jb]), g,
                          kClassZeroDenormal))
                      << (jb * kFaceCols);
            _mm512_store_ps(f.dot + (i + r) * kTileCols + jb * kFaceCols, g);
          }
          f.tiny[i + r] = tiny;
          tinyRows |= uint32_t(tiny != 0) << (i + r);
        }
      }
      if (A.inexact[qa][h] | B.inexact[qb][h] | tinyRows)
        applyFixes(f, A, B, qa, qb, h, tinyRows);
      for (uint32_t i = 0; i < kTileRows; ++i)
        for (uint32_t hh = 0; hh < 2; ++hh) {
          float *crow = c + faceOrderIndex(i, hh * kFaceCols);
          __m512 dot = _mm512_load_ps(f.dot + i * kTileCols + hh * kFaceCols);
          __m512 sum = _mm512_add_ps(_mm512_loadu_ps(crow), dot);
          _mm512_storeu_ps(crow, kNoNaN ? roundDstFinite<kDst>(sum)
                                        : roundDstAvx512<kDst>(sum));
        }
    }
  }
}

/// Whether the fixes would cost more than the double passes: a pass-half
/// with more than kMaxInexactRuns inexact rows and columns (data whose
/// magnitudes spread widely within most runs) redoes most of its dot
/// products one way or another.
constexpr uint32_t kMaxInexactRuns = 12;
bool tooManyFixes(const IntOperand &A, const IntOperand &B, uint32_t phases) {
  for (uint32_t phase = 0; phase < phases; ++phase) {
    uint32_t qa = (phase == 0 || phase == 2) ? 0 : 1, qb = phase <= 1 ? 0 : 1;
    for (uint32_t h = 0; h < 2; ++h)
      if (uint32_t(std::popcount(A.inexact[qa][h]) +
                   std::popcount(B.inexact[qb][h])) > kMaxInexactRuns)
        return true;
  }
  return false;
}

} // namespace

bool matmulVnni(const float *a, const float *b, float *c, uint32_t phases,
                uint32_t dstKind, bool transposeB) {
  struct alignas(64) Scratch {
    alignas(64) float at[kTileElems]; // A transposed: row k = A's column k
    alignas(64) float bt[kTileElems]; // B transposed back when transposeB
    IntOperand A, B;
    Fixer fixer;
  };
  // As matmulPasses' scratch: one call's only, on the heap.
  static thread_local std::unique_ptr<Scratch> scratch;
  if (!scratch) [[unlikely]]
    scratch = std::make_unique<Scratch>();
  Scratch &s = *scratch;
  transposeTile(a, s.at);
  // B's row k must hold B(k, :): the face-order tile as it is, or with
  // transposeB (B(k, j) = b(j, k)) its transpose.
  const float *bSrc = b;
  if (transposeB) {
    transposeTile(b, s.bt);
    bSrc = s.bt;
  }
  if (!buildIntOperand(s.at, false, kHiMaskA, kWindowA, phases >= 2, s.A) ||
      !buildIntOperand(bSrc, !transposeB, kHiMaskB, kWindowB, phases >= 3,
                       s.B)) {
    ++tStats.tileFallbacks;
    return false;
  }
  if (tooManyFixes(s.A, s.B, phases)) {
    ++tStats.tileFallbacks;
    return false;
  }
  ++tStats.tiles;
  tStats.passHalves += 2 * phases;
  Fixer &f = s.fixer;
  f.at = s.at;
  f.b = bSrc;
  f.bFace = !transposeB;
  f.aBuilt[0] = f.aBuilt[1] = f.bBuilt[0] = f.bBuilt[1] = false;
  bool noNaN = dstKind != kDstF32 && cannotBecomeNaN(s.A, s.B, c, phases);
  switch (dstKind) {
  case kDstF32:
    intPasses<kDstF32, false>(s.A, s.B, f, c, phases);
    break;
  case kDstBf16Away:
    (noNaN ? intPasses<kDstBf16Away, true> : intPasses<kDstBf16Away, false>)(
        s.A, s.B, f, c, phases);
    break;
  case kDstBf16Even:
    (noNaN ? intPasses<kDstBf16Even, true> : intPasses<kDstBf16Even, false>)(
        s.A, s.B, f, c, phases);
    break;
  default:
    (noNaN ? intPasses<kDstBf16Zero, true> : intPasses<kDstBf16Zero, false>)(
        s.A, s.B, f, c, phases);
    break;
  }
  return true;
}

} // namespace simd
#endif

} // namespace ttemu::num
