// Pieces of the AVX-512 tile math shared by TileMath.cpp (the double
// passes) and MatmulVnni.cpp (the exact integer passes). Internal to the
// numerics library.
#ifndef TTEMU_LIB_NUMERICS_TILEMATHSIMD_H
#define TTEMU_LIB_NUMERICS_TILEMATHSIMD_H

#include "ttemu/numerics.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define TTEMU_AVX512 \
  __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,fma")))
/// The AVX-512 set plus VNNI (vpdpwssd).
#define TTEMU_AVX512_VNNI \
  __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx512vnni,fma")))

namespace ttemu::num::simd {

/// The DST roundings of passAvx512 (kDst): fp32 (none), bf16 nearest-away,
/// nearest-even, toward zero. Each is roundBf16 as integer vector ops.
enum : uint32_t { kDstF32, kDstBf16Away, kDstBf16Even, kDstBf16Zero };

/// roundBf16(f, mode) on 16 lanes. The magnitude rounded as an integer
/// carries into the exponent as in roundBf16; adding to the signed bits
/// instead of the magnitude gives the same bits for every non-NaN (the
/// carry cannot reach the sign: a magnitude <= 0x7F800000 plus < 0x10000
/// stays below 2^31). NaNs become 0x7FC00000 with their sign kept.
template <uint32_t kDst>
TTEMU_AVX512 [[gnu::always_inline]] inline __m512 roundDstAvx512(__m512 f) {
  if constexpr (kDst == kDstF32) {
    return f;
  } else {
    __m512i u = _mm512_castps_si512(f);
    __m512i r;
    if constexpr (kDst == kDstBf16Away)
      r = _mm512_add_epi32(u, _mm512_set1_epi32(0x8000));
    else if constexpr (kDst == kDstBf16Even)
      r = _mm512_add_epi32(
          _mm512_add_epi32(u, _mm512_set1_epi32(0x7FFF)),
          _mm512_and_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(1)));
    else
      r = u;
    __mmask16 ordered = _mm512_cmp_ps_mask(f, f, _CMP_ORD_Q);
    // (u & sign) | 0x7FC00000 in one ternary-logic op: A?B:C with A = sign
    // mask selects u's sign bit, the rest from the NaN constant.
    __m512i quiet = _mm512_ternarylogic_epi32(
        _mm512_set1_epi32(int(0x80000000u)), u, _mm512_set1_epi32(0x7FC00000),
        0xCA);
    // Truncation to the kept 16 bits and the NaN select in one masked AND.
    return _mm512_castsi512_ps(_mm512_mask_and_epi32(
        quiet, ordered, r, _mm512_set1_epi32(int(0xFFFF0000u))));
  }
}

/// The exact integer matmul (MatmulVnni.cpp) for an fp32 or bf16 DST
/// (`dstKind` one of the kDst values above): C += A * B with every fidelity
/// pass of `phases`, bit-identical to the double passes. Returns false,
/// leaving C untouched, for a tile it does not take (an operand holds an
/// Inf or NaN, or so many runs are inexact that the double passes are
/// cheaper); the caller then runs the double passes. Needs AVX512-VNNI.
bool matmulVnni(const float *a, const float *b, float *c, uint32_t phases,
                uint32_t dstKind, bool transposeB);

} // namespace ttemu::num::simd

#endif
#endif // TTEMU_LIB_NUMERICS_TILEMATHSIMD_H
