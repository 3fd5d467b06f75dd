// The FPU's tile math: source-register rounding, multiplier fidelity passes,
// matmul and element-wise multiply into DST.
#include "ttemu/numerics.h"

#include "TileMathSimd.h"

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <memory>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// The lambdas that carry a DST rounding into the tile loops must be inlined
// into their caller: a lambda is a function of its own, compiled for the
// baseline ISA (and shared between the per-ISA copies) unless inlined into
// a copy with a target attribute.
#define TTEMU_ALWAYS_INLINE __attribute__((always_inline))

namespace ttemu::num {

namespace {

/// roundToFormat(f, Float16_b, rounding), inlined for the tile loops (same
/// bit manipulation as floatToBf16 followed by bf16ToFloat).
[[gnu::always_inline]] inline float roundBf16(float f, Rounding rounding) {
  uint32_t u = floatBits(f);
  uint32_t sign = u & 0x80000000u;
  uint32_t mag = u & 0x7FFFFFFFu;
  uint32_t kept = mag >> 16, rest = mag & 0xFFFFu;
  if (rounding == Rounding::NearestAway)
    kept += rest >= 0x8000u;
  else if (rounding == Rounding::NearestEven)
    kept += rest > 0x8000u || (rest == 0x8000u && (kept & 1));
  // A select rather than an early return, so tile loops vectorise.
  uint32_t out = mag > 0x7F800000u ? 0x7FC00000u : kept << 16; // NaN
  return bitsToFloat(sign | out);
}

[[gnu::always_inline]] inline float roundDst(const DstFormat &dst, float f) {
  if (dst.fmt == DataFormat::Float32)
    return f;
  if (dst.fmt == DataFormat::Float16_b)
    return roundBf16(f, dst.rounding);
  return roundToFormat(f, dst.fmt, dst.rounding);
}

} // namespace

float DstFormat::round(double v) const {
  return roundDst(*this, static_cast<float>(v));
}

uint32_t fidelityPhases(MathFidelity fidelity) {
  switch (fidelity) {
  case MathFidelity::LoFi:
    return 1;
  case MathFidelity::HiFi2:
    return 2;
  case MathFidelity::HiFi3:
    return 3;
  case MathFidelity::HiFi4:
    return 4;
  }
  return 4;
}

namespace {

/// Significand masks of the multiplier passes (see fidelityPart).
constexpr uint32_t kMaskAHi = 0x7C0u, kMaskALo = 0x03Fu;
constexpr uint32_t kMaskBHi = 0x7F0u, kMaskBLo = 0x00Fu;

uint32_t partMask(uint32_t phase, bool isSrcA) {
  if (isSrcA)
    return (phase == 0 || phase == 2) ? kMaskAHi : kMaskALo;
  return phase <= 1 ? kMaskBHi : kMaskBLo;
}

/// fidelityPart for a finite value: (sig & mask) * 2^(exp - 137), built
/// without ldexp. Exact: an at most 11-bit integer times a power of two that
/// is a normal double (exp >= 1 gives 2^-136).
inline double finitePart(uint32_t u, uint32_t mask) {
  uint32_t exp = (u >> 23) & 0xFF;
  if (exp == 0)
    return 0.0;
  uint32_t sig = ((u >> 13) & 0x3FF) | 0x400;
  double scale = std::bit_cast<double>(uint64_t(exp + 1023 - 137) << 52);
  double part = double(sig & mask) * scale;
  return (u >> 31) ? -part : part;
}

} // namespace

double fidelityPart(float srcValue, uint32_t phase, bool isSrcA) {
  return finitePart(floatBits(srcValue), partMask(phase, isSrcA));
}

namespace {

/// Row-major 32x32 planes of doubles: one operand's multiplier parts.
using Plane = std::array<double, kTileElems>;

/// Face-order tile -> its transpose, row-major.
[[gnu::always_inline]] inline void transposeToRowMajor(const float *tile,
                                                       float *out) {
  for (uint32_t r = 0; r < kTileRows; ++r)
    for (uint32_t c = 0; c < kTileCols; ++c)
      out[c * kTileCols + r] = tile[faceOrderIndex(r, c)];
}

/// The planes an operand contributes to the passes: the high and the low
/// part with Inf/NaN as zero (used by passes 1-3: a special value takes part
/// in pass 0 only, so that e.g. Inf * 1.0 does not also produce 0 * Inf = NaN
/// in a later pass) and, only if the tile holds an Inf/NaN, the high part
/// with them kept whole (pass 0). Returns whether it did.
///
/// Bit-identical to finitePart: for a normal value, the significand masked
/// to its top bits times 2^(exp - 137) is exactly the float whose mantissa
/// is masked the same way (`hiMask` on the fp32 bits: 0xFFF80000 keeps A's 5
/// high significand bits, 0xFFFE0000 B's 7), and the low part is the exact
/// difference of the 10-bit-truncated value and the high part. Zero parts
/// may differ from finitePart in sign only, which no sum can see: every dot
/// product starts from +0.0, and +0.0 + -0.0 is +0.0.
///
/// `src` is a face-order tile, or row-major when `rowMajor` (a transposed
/// B); the planes are row-major. Row r is two contiguous 16-value runs
/// either way, so both read contiguously.
/// The pass-0 plane of a tile that holds an Inf/NaN: `hi` with those
/// values whole (see buildPlanes).
inline void buildSpecialPlane(const float *src, bool rowMajor,
                              const double *hi, double *hiSpecial) {
  for (uint32_t r = 0; r < kTileRows; ++r)
    for (uint32_t h = 0; h < 2; ++h) {
      const float *in = src + (rowMajor ? r * kTileCols + h * kFaceCols
                                        : faceOrderIndex(r, h * kFaceCols));
      uint32_t o = r * kTileCols + h * kFaceCols;
      for (uint32_t j = 0; j < kFaceCols; ++j) {
        bool special = ((floatBits(in[j]) >> 23) & 0xFF) == 0xFF;
        hiSpecial[o + j] = special ? double(in[j]) : hi[o + j];
      }
    }
}

[[gnu::always_inline]] inline bool buildPlanes(const float *src, bool rowMajor,
                                               uint32_t hiMask,
                                               double *hiSpecial, double *hi,
                                               double *lo) {
  auto run = [src, rowMajor](uint32_t r, uint32_t h) TTEMU_ALWAYS_INLINE {
    return src + (rowMajor ? r * kTileCols + h * kFaceCols
                           : faceOrderIndex(r, h * kFaceCols));
  };
  // Per lane, so that the loop has no horizontal reduction per run (that
  // cost more than the conversions); reduced once below.
  uint32_t specialLanes[kFaceCols] = {};
  for (uint32_t r = 0; r < kTileRows; ++r)
    for (uint32_t h = 0; h < 2; ++h) {
      const float *in = run(r, h);
      uint32_t o = r * kTileCols + h * kFaceCols;
      for (uint32_t j = 0; j < kFaceCols; ++j) {
        uint32_t u = floatBits(in[j]);
        uint32_t exp = (u >> 23) & 0xFF;
        double full = bitsToFloat(u & 0xFFFFE000u);
        double high = bitsToFloat(u & hiMask);
        bool keep = exp != 0 && exp != 0xFF;
        hi[o + j] = keep ? high : 0.0;
        lo[o + j] = keep ? full - high : 0.0;
        specialLanes[j] |= exp == 0xFF;
      }
    }
  uint32_t anySpecial = 0;
  for (uint32_t j = 0; j < kFaceCols; ++j)
    anySpecial |= specialLanes[j];
  if (!anySpecial)
    return false;
  buildSpecialPlane(src, rowMajor, hi, hiSpecial);
  return true;
}

/// Eight doubles in the compiler's generic vector type: each target copy
/// below lowers it to its own registers (one zmm, two ymm, four xmm).
typedef double V8d __attribute__((vector_size(64)));
typedef float V8f __attribute__((vector_size(32)));

[[gnu::always_inline]] inline V8d loadV8d(const double *p) {
  V8d v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

/// One pass: for each 16-deep half of the inner dimension,
///   dot(i, j) = sum_{k in half} ap(i, k) * bp(k, j)   (k ascending from +0.0)
/// then c(i, j) = round(c + float(dot)); `ap`, `bp` row-major, `c` face
/// order. Rows are done `kRows` at a time so that the accumulators stay in
/// registers and each B row loaded serves kRows rows; each row's DST update
/// follows its dot products directly (per element the updates still come in
/// pass, then half, order). The products are exact (two <= 11-bit
/// significands, exponents far inside double's range), so FMA contraction
/// rounds exactly like multiply + add.
template <uint32_t kRows, class Round>
[[gnu::always_inline]] inline void passBody(const double *__restrict ap,
                                            const double *__restrict bp,
                                            float *__restrict c, Round round) {
  constexpr uint32_t kVecs = kTileCols / 8;
  for (uint32_t half = 0; half < 2; ++half)
    for (uint32_t i = 0; i < kTileRows; i += kRows) {
      V8d acc[kRows][kVecs] = {};
      for (uint32_t k = half * 16; k < half * 16 + 16; ++k) {
        V8d brow[kVecs];
        for (uint32_t v = 0; v < kVecs; ++v)
          brow[v] = loadV8d(bp + k * kTileCols + v * 8);
        for (uint32_t r = 0; r < kRows; ++r) {
          double a = ap[(i + r) * kTileCols + k];
          for (uint32_t v = 0; v < kVecs; ++v)
            acc[r][v] += a * brow[v];
        }
      }
#pragma clang loop unroll(disable)
      for (uint32_t r = 0; r < kRows; ++r) {
        // Row i + r of the tile is two contiguous 16-float face rows.
        for (uint32_t h = 0; h < 2; ++h) {
          float *crow = c + faceOrderIndex(i + r, h * kFaceCols);
          for (uint32_t v = 0; v < 2; ++v) {
            V8f sum = __builtin_convertvector(acc[r][2 * h + v], V8f);
            float part[8];
            std::memcpy(part, &sum, sizeof part);
            for (uint32_t j = 0; j < 8; ++j)
              crow[8 * v + j] = round(static_cast<float>(
                  double(crow[8 * v + j]) + double(part[j])));
          }
        }
      }
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
using namespace simd;

/// buildPlanes in explicit 16-lane ops, writing the low plane only if
/// `wantLo` (LoFi never reads A's, LoFi and HiFi2 never B's). Same values:
/// `keep` is fpclass "not zero, denormal, Inf or NaN", i.e. exp neither 0
/// nor 0xFF; the low part is taken in fp32, where full - high is exact
/// (Sterbenz: high <= full <= 2 * high) and so equals the double
/// difference; dropped parts are +0.0 as there.
TTEMU_AVX512 bool buildPlanesAvx512(const float *src, bool rowMajor,
                                    uint32_t hiMask, double *hiSpecial,
                                    double *hi, double *lo, bool wantLo) {
  const __m512i fullMask = _mm512_set1_epi32(int(0xFFFFE000u));
  const __m512i highMask = _mm512_set1_epi32(int(hiMask));
  // fpclass categories: QNaN 0x01, +0 0x02, -0 0x04, +Inf 0x08, -Inf 0x10,
  // denormal 0x20, SNaN 0x80.
  __mmask16 anySpecial = 0;
  for (uint32_t r = 0; r < kTileRows; ++r)
    for (uint32_t h = 0; h < 2; ++h) {
      const float *in = src + (rowMajor ? r * kTileCols + h * kFaceCols
                                        : faceOrderIndex(r, h * kFaceCols));
      uint32_t o = r * kTileCols + h * kFaceCols;
      __m512 x = _mm512_loadu_ps(in);
      __mmask16 keep = __mmask16(~_mm512_fpclass_ps_mask(x, 0xBF));
      anySpecial |= _mm512_fpclass_ps_mask(x, 0x99);
      __m512i u = _mm512_castps_si512(x);
      __m512 high = _mm512_castsi512_ps(_mm512_and_si512(u, highMask));
      __m256 highLo = _mm512_castps512_ps256(high);
      __m256 highHi = _mm512_extractf32x8_ps(high, 1);
      _mm512_storeu_pd(hi + o, _mm512_maskz_cvtps_pd(__mmask8(keep), highLo));
      _mm512_storeu_pd(hi + o + 8,
                       _mm512_maskz_cvtps_pd(__mmask8(keep >> 8), highHi));
      if (wantLo) {
        __m512 low = _mm512_sub_ps(
            _mm512_castsi512_ps(_mm512_and_si512(u, fullMask)), high);
        _mm512_storeu_pd(lo + o, _mm512_maskz_cvtps_pd(
                                     __mmask8(keep), _mm512_castps512_ps256(low)));
        _mm512_storeu_pd(lo + o + 8,
                         _mm512_maskz_cvtps_pd(__mmask8(keep >> 8),
                                               _mm512_extractf32x8_ps(low, 1)));
      }
    }
  if (!anySpecial)
    return false;
  buildSpecialPlane(src, rowMajor, hi, hiSpecial);
  return true;
}

/// passBody for every pass, 4 rows of C at a time, with the DST update in
/// 16-lane fp32 and the cheaper rounding above. Per element the updates
/// still come in pass, then half, order, each dot product sums its 16 exact
/// products in ascending k from +0.0 (an FMA of an exact product rounds as
/// the add does), and float(double(c) + double(float(dot))) equals the fp32
/// sum c + float(dot) (double has more than 2 * 24 + 2 bits, so the double
/// rounding is innocuous), so the result is bit-identical to passBody's.
/// C stays in memory: 16 accumulators, 4 B vectors and the rounding
/// constants are what fit in the 32 registers without spills.
template <uint32_t kDst>
TTEMU_AVX512 void passesAvx512(const double *const *aPlane,
                               const double *const *bPlane, float *c,
                               uint32_t phases) {
  for (uint32_t phase = 0; phase < phases; ++phase)
    for (uint32_t half = 0; half < 2; ++half)
      for (uint32_t i = 0; i < kTileRows; i += 4) {
        const double *ap = aPlane[phase] + i * kTileCols;
        const double *bp = bPlane[phase];
        __m512d acc[4][4];
        for (uint32_t r = 0; r < 4; ++r)
          for (uint32_t v = 0; v < 4; ++v)
            acc[r][v] = _mm512_setzero_pd();
        for (uint32_t k = half * 16; k < half * 16 + 16; ++k) {
          __m512d brow[4];
          for (uint32_t v = 0; v < 4; ++v)
            brow[v] = _mm512_loadu_pd(bp + k * kTileCols + v * 8);
          for (uint32_t r = 0; r < 4; ++r) {
            __m512d a = _mm512_set1_pd(ap[r * kTileCols + k]);
            for (uint32_t v = 0; v < 4; ++v)
              acc[r][v] = _mm512_fmadd_pd(a, brow[v], acc[r][v]);
          }
        }
        for (uint32_t r = 0; r < 4; ++r)
          for (uint32_t h = 0; h < 2; ++h) {
            float *crow = c + faceOrderIndex(i + r, h * kFaceCols);
            __m512 dot = _mm512_insertf32x8(
                _mm512_castps256_ps512(_mm512_cvtpd_ps(acc[r][2 * h])),
                _mm512_cvtpd_ps(acc[r][2 * h + 1]), 1);
            _mm512_storeu_ps(crow, roundDstAvx512<kDst>(
                                       _mm512_add_ps(_mm512_loadu_ps(crow), dot)));
          }
      }
}
#endif

/// matmulTile's body with the DST rounding `round`; see there. With
/// `wide`, the passes run in passesAvx512 (for every DST but fp16).
template <uint32_t kRows, bool kWide = false, class Round>
[[gnu::always_inline]] inline void matmulPasses(const float *a, const float *b,
                                                float *c, uint32_t phases,
                                                bool transposeB, Round round,
                                                int wideDst = -1) {
  // Cache-line aligned: every B-row load and plane store is a whole 64-byte
  // vector, and a misaligned one touches two lines (malloc gives 16 bytes).
  struct alignas(64) Scratch {
    alignas(64) float bt[kTileElems]; // B transposed, row-major
    alignas(64) Plane a0, ahi, alo, b0, bhi, blo;
  };
  // Scratch of one call only (no yield point inside), so processors that
  // take turns on one host thread may share it. On the heap, not in the
  // TLS block that every new thread zeroes.
  static thread_local std::unique_ptr<Scratch> scratch;
  if (!scratch) [[unlikely]]
    scratch = std::make_unique<Scratch>();
  Scratch &s = *scratch;
  if (transposeB)
    transposeToRowMajor(b, s.bt);
  const float *bSrc = transposeB ? s.bt : b;
  bool aSpecial, bSpecial;
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  if constexpr (kWide) {
    aSpecial = buildPlanesAvx512(a, false, 0xFFF80000u, s.a0.data(),
                                 s.ahi.data(), s.alo.data(), phases >= 2);
    bSpecial = buildPlanesAvx512(bSrc, transposeB, 0xFFFE0000u, s.b0.data(),
                                 s.bhi.data(), s.blo.data(), phases >= 3);
  } else
#endif
  {
    aSpecial = buildPlanes(a, false, 0xFFF80000u, s.a0.data(), s.ahi.data(),
                           s.alo.data());
    bSpecial = buildPlanes(bSrc, transposeB, 0xFFFE0000u, s.b0.data(),
                           s.bhi.data(), s.blo.data());
  }
  // Pass 0 = A.hi x B.hi (Inf/NaN whole), 1 = A.lo x B.hi, 2 = A.hi x B.lo,
  // 3 = A.lo x B.lo.
  const double *aPlane[4] = {aSpecial ? s.a0.data() : s.ahi.data(),
                             s.alo.data(), s.ahi.data(), s.alo.data()};
  const double *bPlane[4] = {bSpecial ? s.b0.data() : s.bhi.data(),
                             s.bhi.data(), s.blo.data(), s.blo.data()};
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  if constexpr (kWide) {
    switch (wideDst) {
    case kDstF32:
      return passesAvx512<kDstF32>(aPlane, bPlane, c, phases);
    case kDstBf16Away:
      return passesAvx512<kDstBf16Away>(aPlane, bPlane, c, phases);
    case kDstBf16Even:
      return passesAvx512<kDstBf16Even>(aPlane, bPlane, c, phases);
    case kDstBf16Zero:
      return passesAvx512<kDstBf16Zero>(aPlane, bPlane, c, phases);
    default:
      break;
    }
  }
#endif
  for (uint32_t phase = 0; phase < phases; ++phase)
    passBody<kRows>(aPlane[phase], bPlane[phase], c, round);
}

/// Calls body(round) with `round` the DST rounding of `dst` as a concrete
/// functor, so that the DST format is picked once per tile and every element
/// loop is branch-free (and vectorises).
template <class Body>
[[gnu::always_inline]] inline void withDstRound(const DstFormat &dst,
                                                Body body) {
  if (dst.fmt == DataFormat::Float32)
    return body([](float f) TTEMU_ALWAYS_INLINE { return f; });
  if (dst.fmt == DataFormat::Float16_b) {
    switch (dst.rounding) {
    case Rounding::NearestAway:
      return body([](float f) TTEMU_ALWAYS_INLINE {
        return roundBf16(f, Rounding::NearestAway);
      });
    case Rounding::NearestEven:
      return body([](float f) TTEMU_ALWAYS_INLINE {
        return roundBf16(f, Rounding::NearestEven);
      });
    case Rounding::TowardZero:
      return body([](float f) TTEMU_ALWAYS_INLINE {
        return roundBf16(f, Rounding::TowardZero);
      });
    }
  }
  body([&dst](float f) TTEMU_ALWAYS_INLINE { return roundDst(dst, f); });
}

template <uint32_t kRows>
[[gnu::always_inline]] inline void
matmulBody(const float *a, const float *b, float *c, uint32_t phases,
           const DstFormat &dst, bool transposeB) {
  withDstRound(dst, [&](auto round) TTEMU_ALWAYS_INLINE {
    matmulPasses<kRows>(a, b, c, phases, transposeB, round);
  });
}

using MatmulFn = void (*)(const float *, const float *, float *, uint32_t,
                          const DstFormat &, bool);

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
// The whole tile pipeline is compiled three times and one copy is picked at
// load time from the CPU's features, so the library still runs on any
// x86-64: AVX-512 has 32 vector registers (4 rows of 32 accumulators fit),
// AVX2 16 (1 row of 32 in 8 registers). All copies do the same IEEE operations
// in the same order. With AVX512-VNNI a fourth entry runs the exact integer
// passes instead (same bits by the argument in MatmulVnni.cpp).

/// passesAvx512's DST kind for `dst`, or -1 for an fp16 DST.
int wideDstKind(const DstFormat &dst) {
  return dst.fmt == DataFormat::Float32 ? int(kDstF32)
         : dst.fmt != DataFormat::Float16_b ? -1
         : dst.rounding == Rounding::NearestAway ? int(kDstBf16Away)
         : dst.rounding == Rounding::NearestEven ? int(kDstBf16Even)
                                                 : int(kDstBf16Zero);
}

__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,fma"))) void
matmulAvx512(const float *a, const float *b, float *c, uint32_t phases,
             const DstFormat &dst, bool transposeB) {
  int wide = wideDstKind(dst);
  if (wide < 0) // fp16 DST: the generic loops with roundToFormat
    return matmulBody<4>(a, b, c, phases, dst, transposeB);
  // The planes are built the same way; only the passes differ. `round` is
  // unused on this path.
  matmulPasses<4, true>(a, b, c, phases, transposeB,
                        [](float f) TTEMU_ALWAYS_INLINE { return f; }, wide);
}
/// The AVX-512 copy with the exact integer passes (MatmulVnni.cpp) for an
/// fp32 or bf16 DST at HiFi3 and HiFi4; an fp16 DST and tiles holding
/// Inf/NaN take the double passes, and so do LoFi and HiFi2, where the
/// integer path's fixed costs (operand building, fixes) outweigh its
/// cheaper dot products (measured with BM_ComputeMatmulTile's fidelity
/// sweep). Both give the same bits.
void matmulVnniCopy(const float *a, const float *b, float *c, uint32_t phases,
                    const DstFormat &dst, bool transposeB) {
  int wide = wideDstKind(dst);
  if (wide >= 0 && phases >= 3 &&
      matmulVnni(a, b, c, phases, uint32_t(wide), transposeB))
    return;
  matmulAvx512(a, b, c, phases, dst, transposeB);
}
bool haveAvx512Vnni() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vnni");
}
__attribute__((target("avx2,fma"))) void
matmulAvx2(const float *a, const float *b, float *c, uint32_t phases,
           const DstFormat &dst, bool transposeB) {
  matmulBody<1>(a, b, c, phases, dst, transposeB);
}
void matmulGeneric(const float *a, const float *b, float *c, uint32_t phases,
                   const DstFormat &dst, bool transposeB) {
  matmulBody<1>(a, b, c, phases, dst, transposeB);
}
MatmulFn pickMatmul() {
  __builtin_cpu_init();
  if (haveAvx512Vnni())
    return matmulVnniCopy;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw"))
    return matmulAvx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return matmulAvx2;
  return matmulGeneric;
}
#else
void matmulGeneric(const float *a, const float *b, float *c, uint32_t phases,
                   const DstFormat &dst, bool transposeB) {
  matmulBody<2>(a, b, c, phases, dst, transposeB);
}
MatmulFn pickMatmul() { return matmulGeneric; }
#endif

} // namespace

void matmulTile(const float *a, const float *b, float *c, MathFidelity fidelity,
                const DstFormat &dst, bool transposeB) {
  // Each pass p, for each 16-deep half of the inner dimension, computes
  //   dot(i, j) = sum_k A_p(i, k) * B_p(k, j)    (k ascending, in double)
  // and sets C(i, j) = round_dst(C + float(dot)). The operands are split
  // into their parts once per tile (not once per pass), and the dot products
  // run i-k-j so the j loop is contiguous; every dot(i, j) still sums its 16
  // products in ascending k from +0.0, so the result is bit-identical to the
  // naive i-j-k loop.
  static const MatmulFn impl = pickMatmul();
  impl(a, b, c, fidelityPhases(fidelity), dst, transposeB);
}

bool matmulTileWithIsa(uint32_t isa, const float *a, const float *b, float *c,
                       MathFidelity fidelity, const DstFormat &dst,
                       bool transposeB) {
  uint32_t phases = fidelityPhases(fidelity);
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  __builtin_cpu_init();
  if (isa == 3 && haveAvx512Vnni()) {
    // Every fidelity through the integer path (the dispatched copy keeps
    // LoFi/HiFi2 on the double passes), so tests cover all of it.
    int wide = wideDstKind(dst);
    if (wide < 0 || !matmulVnni(a, b, c, phases, uint32_t(wide), transposeB))
      matmulAvx512(a, b, c, phases, dst, transposeB);
    return true;
  }
  if (isa == 2 && __builtin_cpu_supports("avx512f") &&
      __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw"))
    return matmulAvx512(a, b, c, phases, dst, transposeB), true;
  if (isa == 1 && __builtin_cpu_supports("avx2") &&
      __builtin_cpu_supports("fma"))
    return matmulAvx2(a, b, c, phases, dst, transposeB), true;
#endif
  if (isa == 0)
    return matmulGeneric(a, b, c, phases, dst, transposeB), true;
  return false;
}

namespace {

/// mulTile's body: per element, the fidelity parts as in buildPlanes, each
/// pass's exact product added and rounded to the DST; an Inf/NaN operand
/// gives the rounded full product instead. Unlike in a dot product, the sign
/// of a zero part shows here (a 16-bit DST can truncate a tiny result to
/// -0.0, and -0.0 + -0.0 stays -0.0), so the low parts carry the operand's
/// sign as finitePart's do. Selects rather than branches, so the loop
/// vectorises.
/// One operand's fidelity part for a pass (`high`: its high bits, hiMask
/// as in buildPlanes), with finitePart's sign.
[[gnu::always_inline]] inline double mulPart(uint32_t u, uint32_t hiMask,
                                             bool high) {
  uint32_t exp = (u >> 23) & 0xFF;
  double full = bitsToFloat(u & 0xFFFFE000u), hi = bitsToFloat(u & hiMask);
  double part = high ? hi : std::copysign(full - hi, full);
  return exp == 0 ? 0.0 : part;
}

template <class Round>
[[gnu::always_inline]] inline void mulBody(const float *a, const float *b,
                                           float *c, uint32_t phases,
                                           Round round) {
  // Passes outside, elements inside: each element loop is straight-line.
  double acc[kTileElems];
  for (uint32_t i = 0; i < kTileElems; ++i)
    acc[i] = 0.0;
  for (uint32_t phase = 0; phase < phases; ++phase) {
    // Pass 0 = A.hi x B.hi, 1 = A.lo x B.hi, 2 = A.hi x B.lo, 3 = A.lo x B.lo.
    bool aHigh = phase == 0 || phase == 2, bHigh = phase <= 1;
    for (uint32_t i = 0; i < kTileElems; ++i) {
      double p = mulPart(floatBits(a[i]), 0xFFF80000u, aHigh) *
                 mulPart(floatBits(b[i]), 0xFFFE0000u, bHigh);
      acc[i] =
          round(static_cast<float>(acc[i] + double(static_cast<float>(p))));
    }
  }
  for (uint32_t i = 0; i < kTileElems; ++i) {
    bool special = ((floatBits(a[i]) >> 23) & 0xFF) == 0xFF ||
                   ((floatBits(b[i]) >> 23) & 0xFF) == 0xFF;
    float whole = round(static_cast<float>(double(a[i]) * double(b[i])));
    c[i] = special ? whole : static_cast<float>(acc[i]);
  }
}

/// addTile's body (see there), branch-free.
template <class Round>
[[gnu::always_inline]] inline void addBody(const float *a, const float *b,
                                           float *c, double sign,
                                           bool accumulate, Round round) {
  if (accumulate)
    for (uint32_t i = 0; i < kTileElems; ++i)
      c[i] = round(static_cast<float>(double(c[i]) +
                                      (double(a[i]) + sign * double(b[i]))));
  else
    for (uint32_t i = 0; i < kTileElems; ++i)
      c[i] = round(static_cast<float>(double(a[i]) + sign * double(b[i])));
}

/// toSrcRegister on a whole tile, with selects so the loop vectorises.
[[gnu::always_inline]] inline void toSrcBody(float *values) {
  for (uint32_t i = 0; i < kTileElems; ++i) {
    uint32_t u = floatBits(values[i]);
    uint32_t exp = (u >> 23) & 0xFF;
    uint32_t kept = exp == 0xFF ? u : u & 0xFFFFE000u;
    values[i] = bitsToFloat(exp == 0 ? u & 0x80000000u : kept);
  }
}

void toSrcGeneric(float *values) { toSrcBody(values); }

void mulGeneric(const float *a, const float *b, float *c, uint32_t phases,
                const DstFormat &dst) {
  withDstRound(dst, [&](auto round) TTEMU_ALWAYS_INLINE {
    mulBody(a, b, c, phases, round);
  });
}
void addGeneric(const float *a, const float *b, float *c, double sign,
                bool accumulate, const DstFormat &dst) {
  withDstRound(dst, [&](auto round) TTEMU_ALWAYS_INLINE {
    addBody(a, b, c, sign, accumulate, round);
  });
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
// As for the matmul: an AVX-512 copy (the loops are 1024 independent
// elements, so one wide copy is all that pays) next to the baseline one.
__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,fma"))) void
mulAvx512(const float *a, const float *b, float *c, uint32_t phases,
          const DstFormat &dst) {
  withDstRound(dst, [&](auto round) TTEMU_ALWAYS_INLINE {
    mulBody(a, b, c, phases, round);
  });
}
__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,fma"))) void
addAvx512(const float *a, const float *b, float *c, double sign,
          bool accumulate, const DstFormat &dst) {
  withDstRound(dst, [&](auto round) TTEMU_ALWAYS_INLINE {
    addBody(a, b, c, sign, accumulate, round);
  });
}
__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw"))) void
toSrcAvx512(float *values) {
  toSrcBody(values);
}
bool haveAvx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512bw");
}
#else
constexpr auto mulAvx512 = mulGeneric;
constexpr auto addAvx512 = addGeneric;
constexpr auto toSrcAvx512 = toSrcGeneric;
bool haveAvx512() { return false; }
#endif

} // namespace

void mulTile(const float *a, const float *b, float *c, MathFidelity fidelity,
             const DstFormat &dst) {
  static const bool wide = haveAvx512();
  (wide ? mulAvx512 : mulGeneric)(a, b, c, fidelityPhases(fidelity), dst);
}

void addTile(const float *a, const float *b, float *c, bool subtract,
             bool accumulate, const DstFormat &dst) {
  static const bool wide = haveAvx512();
  (wide ? addAvx512 : addGeneric)(a, b, c, subtract ? -1.0 : 1.0, accumulate,
                                  dst);
}

void toSrcRegisterTile(float *values) {
  static const bool wide = haveAvx512();
  (wide ? toSrcAvx512 : toSrcGeneric)(values);
}

bool toSrcRegisterTileWithIsa(uint32_t isa, float *values) {
  if (isa == 1 || isa > 2 || (isa == 2 && !haveAvx512()))
    return false;
  (isa == 2 ? toSrcAvx512 : toSrcGeneric)(values);
  return true;
}

bool eltwiseTileWithIsa(uint32_t isa, bool multiply, const float *a,
                        const float *b, float *c, MathFidelity fidelity,
                        const DstFormat &dst, bool subtract, bool accumulate) {
  if (isa == 1 || isa > 2 || (isa == 2 && !haveAvx512()))
    return false;
  if (multiply)
    (isa == 2 ? mulAvx512 : mulGeneric)(a, b, c, fidelityPhases(fidelity), dst);
  else
    (isa == 2 ? addAvx512 : addGeneric)(a, b, c, subtract ? -1.0 : 1.0,
                                        accumulate, dst);
  return true;
}

} // namespace ttemu::num
