// Bit-faithful number formats and tile math of the Tensix device.
//
// Everything here is pure (no emulator state): the compute-kernel API
// (runtime/lib/Compute) and the host helpers (bfloat16, tilize_nfaces, bfp
// packing) are built on it. The rounding of every conversion and op is
// documented in runtime/docs/NUMERICS.md; the short version is in the
// comments below.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ttemu::num {

/// Data formats, with the same enumerator names as tt::DataFormat.
enum class DataFormat : uint8_t {
  Float32,
  Float16,   // IEEE half
  Float16_b, // bfloat16
  Bfp8_b,    // block float: 8-bit mantissas, one shared exponent per 16
  Bfp4_b,
  UInt32,
  Int32,
  UInt16,
  UInt8,
  Invalid,
};

enum class MathFidelity : uint8_t { LoFi, HiFi2, HiFi3, HiFi4 };

constexpr uint32_t kTileRows = 32, kTileCols = 32, kTileElems = 1024;
constexpr uint32_t kFaceRows = 16, kFaceCols = 16, kFaceElems = 256;

/// Bytes one 32x32 tile occupies in `fmt` (bf16: 2048, fp32: 4096,
/// bfp8_b: 1024 mantissas + 64 exponents = 1088, bfp4_b: 512 + 64 = 576).
uint32_t tileSizeBytes(DataFormat fmt);

/// The tt::DataFormat spelling of `fmt` ("Float16_b"), for messages.
const char *formatName(DataFormat fmt);

/// True for the formats whose values are integers moved bit-exactly.
constexpr bool isIntegerFormat(DataFormat fmt) {
  return fmt == DataFormat::UInt32 || fmt == DataFormat::Int32 ||
         fmt == DataFormat::UInt16 || fmt == DataFormat::UInt8;
}

//===----------------------------------------------------------------------===//
// Scalar conversions
//===----------------------------------------------------------------------===//

/// How a value is narrowed to fewer mantissa bits.
enum class Rounding : uint8_t {
  NearestEven, ///< IEEE round-to-nearest, ties to even (host `bfloat16`).
  NearestAway, ///< Round-to-nearest, ties away from zero (device packer).
  TowardZero,  ///< Truncation (unpacker, SFPU store to a 16-bit DST).
};

float bf16ToFloat(uint16_t bits);
/// fp32 -> bf16 bits. NaN becomes the quiet NaN 0x7FC0 (sign kept), Inf stays
/// Inf, overflow by rounding gives Inf; denormals are kept (bf16 has fp32's
/// exponent range, so no value is flushed here).
uint16_t floatToBf16(float value, Rounding rounding = Rounding::NearestEven);

float fp16ToFloat(uint16_t bits);
/// fp32 -> IEEE half bits. Overflow past 65504 after rounding gives +-Inf
/// (TowardZero saturates to +-65504 instead, as IEEE does), values below the
/// half denormal range round to +-0, half denormals are produced. NaN becomes
/// 0x7E00 (sign kept).
uint16_t floatToFp16(float value, Rounding rounding = Rounding::NearestEven);

/// Rounds `value` to the value set of `fmt` (Float32: identity; Float16_b;
/// Float16) and returns it as a float. Other formats: identity.
float roundToFormat(float value, DataFormat fmt, Rounding rounding);

/// Rounds a double to the nearest float (ties to even), for fp32 results.
inline float toFloat(double v) { return static_cast<float>(v); }

inline uint32_t floatBits(float value) { return std::bit_cast<uint32_t>(value); }
inline float bitsToFloat(uint32_t bits) { return std::bit_cast<float>(bits); }

//===----------------------------------------------------------------------===//
// Block-float (Bfp8_b / Bfp4_b)
//
// A tile is 64 exponent bytes (16 per face, one per face row: face0 rows
// 0..15, then face1, face2, face3) followed by the mantissas, face by face,
// each face row-major: one byte per value for Bfp8_b, one nibble for Bfp4_b
// (element 2k in the low nibble). A shared exponent is the largest 8-bit
// biased fp32 exponent of the 16 values of its face row. A mantissa is
// sign | magnitude, the magnitude being the 24-bit significand (hidden bit
// explicit) shifted right by (shared - own exponent) and rounded to 7 (3)
// bits, ties to even, saturating at 127 (7); a zero magnitude drops the sign.
// Decoding: magnitude / 64 (/ 4) * 2^(shared - 127). As in tt-metal's
// blockfloat_common.cpp.
//===----------------------------------------------------------------------===//

/// Mantissa magnitude bits of a block-float format (7 or 3).
uint32_t bfpMantissaBits(DataFormat fmt);
uint8_t bfpSharedExponent(std::span<const float, 16> row);
uint8_t bfpEncode(float value, uint8_t sharedExp, uint32_t mantissaBits);
float bfpDecode(uint8_t mantissa, uint8_t sharedExp, uint32_t mantissaBits);

//===----------------------------------------------------------------------===//
// Tiles
//
// A tile in memory is four 16x16 faces (face0 = rows 0-15 cols 0-15, face1 =
// rows 0-15 cols 16-31, face2 = rows 16-31 cols 0-15, face3 = rows 16-31 cols
// 16-31), each face row-major. "Face order" arrays below hold the 1024
// values in that order.
//===----------------------------------------------------------------------===//

/// Position in face order of tile element (row, col).
constexpr uint32_t faceOrderIndex(uint32_t row, uint32_t col) {
  return ((row / kFaceRows) * 2 + col / kFaceCols) * kFaceElems +
         (row % kFaceRows) * kFaceCols + col % kFaceCols;
}

/// Decodes one tile of `fmt` into 1024 floats in face order. Integer formats
/// are moved bit-exactly (each float holds the 32-bit pattern of the
/// zero- or sign-extended integer).
void unpackTile(DataFormat fmt, const uint8_t *src, float *out);
/// Encodes 1024 face-order floats as one tile of `fmt`; float formats are
/// narrowed with `rounding` (block floats always round to nearest even).
void packTile(DataFormat fmt, const float *in, uint8_t *dst,
              Rounding rounding = Rounding::NearestEven);

/// packTile then unpackTile (into `unpacked`) with the copies compiled for
/// instruction set `isa` (0 baseline, 2 AVX-512; as matmulTileWithIsa), so
/// tests can check every copy. Returns false when that copy is missing.
bool packUnpackWithIsa(uint32_t isa, DataFormat fmt, const float *in,
                       uint8_t *packed, float *unpacked, Rounding rounding);

/// roundToFormat on each of a tile's 1024 values, in place.
void roundTileToFormat(float *values, DataFormat fmt, Rounding rounding);

/// roundTileToFormat with the copy compiled for instruction set `isa` (0
/// baseline, 2 AVX-512; as matmulTileWithIsa). False when that copy is
/// missing.
bool roundTileToFormatWithIsa(uint32_t isa, float *values, DataFormat fmt,
                              Rounding rounding);

/// Whole buffers of tiles (sizes must be multiples of a tile).
std::vector<uint8_t> packTiles(DataFormat fmt, std::span<const float> faceOrder,
                               Rounding rounding = Rounding::NearestEven);
std::vector<float> unpackTiles(DataFormat fmt, std::span<const uint8_t> bytes);

/// Row-major 32x32 block (row stride `rowStride` elements) -> face order.
template <class T>
void tilizeTile(const T *rowMajor, size_t rowStride, T *faceOrder) {
  for (uint32_t r = 0; r < kTileRows; ++r)
    for (uint32_t c = 0; c < kTileCols; ++c)
      faceOrder[faceOrderIndex(r, c)] = rowMajor[r * rowStride + c];
}

/// Face order -> row-major 32x32 block (row stride `rowStride` elements).
template <class T>
void untilizeTile(const T *faceOrder, T *rowMajor, size_t rowStride) {
  for (uint32_t r = 0; r < kTileRows; ++r)
    for (uint32_t c = 0; c < kTileCols; ++c)
      rowMajor[r * rowStride + c] = faceOrder[faceOrderIndex(r, c)];
}

/// A rows x cols row-major matrix (both multiples of 32) -> its tiles in
/// row-major tile order, each in face order (what tilize_nfaces produces).
template <class T>
std::vector<T> tilize(std::span<const T> rowMajor, uint32_t rows,
                      uint32_t cols) {
  std::vector<T> out(rowMajor.size());
  uint32_t tilesW = cols / kTileCols;
  for (uint32_t tr = 0; tr < rows / kTileRows; ++tr)
    for (uint32_t tc = 0; tc < tilesW; ++tc)
      tilizeTile(rowMajor.data() + size_t(tr) * kTileRows * cols +
                     size_t(tc) * kTileCols,
                 cols, out.data() + (size_t(tr) * tilesW + tc) * kTileElems);
  return out;
}

/// Inverse of tilize().
template <class T>
std::vector<T> untilize(std::span<const T> tiles, uint32_t rows,
                        uint32_t cols) {
  std::vector<T> out(tiles.size());
  uint32_t tilesW = cols / kTileCols;
  for (uint32_t tr = 0; tr < rows / kTileRows; ++tr)
    for (uint32_t tc = 0; tc < tilesW; ++tc)
      untilizeTile(tiles.data() + (size_t(tr) * tilesW + tc) * kTileElems,
                   out.data() + size_t(tr) * kTileRows * cols +
                       size_t(tc) * kTileCols,
                   cols);
  return out;
}

//===----------------------------------------------------------------------===//
// Tile math (the FPU). Operands are face-order float tiles.
//===----------------------------------------------------------------------===//

/// What a value becomes in a source register (SrcA/SrcB hold 19-bit floats:
/// sign, 8-bit exponent, 10-bit mantissa): fp32 mantissas are truncated to
/// 10 bits, denormals are flushed to zero (keeping the sign), Inf/NaN kept.
inline float toSrcRegister(float value) {
  uint32_t u = floatBits(value);
  uint32_t exp = (u >> 23) & 0xFF;
  if (exp == 0)
    return bitsToFloat(u & 0x80000000u); // zero or denormal -> signed zero
  if (exp == 0xFF)
    return value;
  return bitsToFloat(u & 0xFFFFE000u); // keep 10 mantissa bits
}

/// toSrcRegister on each of a tile's 1024 values, in place.
void toSrcRegisterTile(float *values);
/// toSrcRegisterTile with the copy compiled for `isa` (0 baseline, 2
/// AVX-512; as matmulTileWithIsa). Returns false when that copy is missing.
bool toSrcRegisterTileWithIsa(uint32_t isa, float *values);

/// Accumulator (DST) format and rounding of FPU results.
struct DstFormat {
  /// Float32 when fp32_dest_acc_en, else Float16_b or Float16 (the 16-bit
  /// format follows the unpacked operand: Float16 CBs give an fp16 DST).
  DataFormat fmt = DataFormat::Float16_b;
  /// Rounding of FPU results written into a 16-bit DST.
  Rounding rounding = Rounding::NearestAway;
  float round(double v) const;
};

/// The number of multiplier passes (1 LoFi .. 4 HiFi4).
uint32_t fidelityPhases(MathFidelity fidelity);

/// Part of `srcValue`'s 11-bit significand that pass `phase` of the
/// multiplier sees for operand A (`isSrcA`) or B: A is split 5 high / 6 low
/// bits, B 7 high / 4 low; pass 0 = A.hi*B.hi, 1 = A.lo*B.hi, 2 = A.hi*B.lo,
/// 3 = A.lo*B.lo. Returned as a value with the operand's sign and exponent.
double fidelityPart(float srcValue, uint32_t phase, bool isSrcA);

/// C += A * B (optionally B transposed) with the multiplier's fidelity
/// passes, on the source-register values of A and B: the result for any
/// value is the same as for its toSrcRegister image (the parts only see the
/// bits the registers keep), so callers need not convert first.
/// Each pass, for each of the two 16-deep halves of the inner dimension,
/// adds the exactly computed 16-product dot product (rounded to fp32) to C,
/// rounding C to `dst` after each addition.
void matmulTile(const float *a, const float *b, float *c, MathFidelity fidelity,
                const DstFormat &dst, bool transposeB = false);

/// matmulTile with the copy of its code compiled for instruction set `isa`
/// (0: baseline x86-64 or the only copy, 1: AVX2+FMA, 2: AVX-512 double
/// passes, 3: AVX-512 with the exact VNNI integer passes at every fidelity;
/// matmulTile itself uses them for HiFi3/HiFi4 only), so tests can check
/// that every copy gives the same bits. Returns false, doing nothing, when
/// this CPU or build lacks that copy.
bool matmulTileWithIsa(uint32_t isa, const float *a, const float *b, float *c,
                       MathFidelity fidelity, const DstFormat &dst,
                       bool transposeB = false);

/// What the exact integer (VNNI) matmul passes did on this thread since the
/// last reset: tiles taken, tiles handed to the double passes (an Inf or
/// NaN operand, or more than 12 inexact runs in a pass-half; an fp16 DST
/// never reaches it), pass-halves run (each is
/// 32 rows x 32 columns of 16-term dot products) and the dot products
/// redone: whole rows (an A run with a part below its integer window:
/// redone with two integer digits), whole columns (a B run likewise), rows
/// or columns too wide for two digits (redone in double) and single
/// elements (both runs inexact, or a result in float's denormal range; in
/// double). For benchmarks and tests.
struct MatmulFastPathStats {
  uint64_t tiles = 0, tileFallbacks = 0, passHalves = 0;
  uint64_t rowFixes = 0, columnFixes = 0, doubleFixes = 0, elementFixes = 0;
};
MatmulFastPathStats matmulFastPathStats();
void resetMatmulFastPathStats();

/// C = A * B element-wise with the fidelity passes (same rounding as matmul).
void mulTile(const float *a, const float *b, float *c, MathFidelity fidelity,
             const DstFormat &dst);

/// C = round_dst(A + B) (A - B with `subtract`), the sum computed in double;
/// with `accumulate`, C = round_dst(C + (A op B)), both sums in double. `c`
/// may not alias `a` or `b`.
void addTile(const float *a, const float *b, float *c, bool subtract,
             bool accumulate, const DstFormat &dst);

/// mulTile (`multiply`) or addTile with the copy compiled for `isa` (as in
/// matmulTileWithIsa; there is no separate AVX2 copy of these). Returns
/// false, doing nothing, when that copy is missing.
bool eltwiseTileWithIsa(uint32_t isa, bool multiply, const float *a,
                        const float *b, float *c, MathFidelity fidelity,
                        const DstFormat &dst, bool subtract, bool accumulate);

} // namespace ttemu::num
