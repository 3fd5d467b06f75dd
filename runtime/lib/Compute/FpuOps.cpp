// Unpack -> FPU -> DST ops (copy, matmul, eltwise binary, reduce, transpose)
// and pack from DST into circular buffers, including tilize/untilize.
#include "ComputeState.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace ttemu::compute {

using namespace detail;
using num::faceOrderIndex;
using num::Rounding;

using Tile = std::array<float, kTileElems>;

namespace detail {

num::DstFormat dstFormatFor(DataFormat operandFmt) {
  num::DstFormat f;
  if (host().settings().fp32DestAccEn)
    f.fmt = DataFormat::Float32;
  else
    f.fmt = operandFmt == DataFormat::Float16 ? DataFormat::Float16
                                              : DataFormat::Float16_b;
  f.rounding = Rounding::NearestAway;
  return f;
}

DataFormat unpackOperand(uint32_t cb, uint32_t tile, float *out) {
  DataFormat fmt = host().dataFormat(cb);
  num::unpackTile(fmt, host().frontPage(cb, tile), out);
  return fmt;
}

DataFormat unpackToSrc(uint32_t cb, uint32_t tile, float *out) {
  DataFormat fmt = unpackOperand(cb, tile, out);
  if (!num::isIntegerFormat(fmt))
    num::toSrcRegisterTile(out);
  return fmt;
}

} // namespace detail

namespace {



/// Writes `value` (already in `fmt`) or, with accumulate, DST + value.
void storeResult(float *d, uint32_t i, double value, const num::DstFormat &fmt,
                 bool accumulate) {
  d[i] = fmt.round(accumulate ? double(d[i]) + value : value);
}

/// Which element of B pairs with A(r, c) under a broadcast.
uint32_t bcastIndex(Bcast bcast, uint32_t r, uint32_t c) {
  switch (bcast) {
  case Bcast::None:
    return faceOrderIndex(r, c);
  case Bcast::Col:
    return faceOrderIndex(r, 0);
  case Bcast::Row:
    return faceOrderIndex(0, c);
  case Bcast::Scalar:
    return 0;
  }
  return 0;
}

/// Bytes per element of a row-major (untilized) page of `fmt`.
uint32_t elementBytes(DataFormat fmt, const char *op) {
  switch (fmt) {
  case DataFormat::Float32:
  case DataFormat::UInt32:
  case DataFormat::Int32:
    return 4;
  case DataFormat::Float16:
  case DataFormat::Float16_b:
  case DataFormat::UInt16:
    return 2;
  default:
    host().fail(std::string(op) + ": row-major data cannot be in format " +
                num::formatName(fmt));
  }
}

float decodeElement(DataFormat fmt, const uint8_t *p) {
  uint32_t u32 = 0;
  uint16_t u16 = 0;
  switch (fmt) {
  case DataFormat::Float16_b:
    std::memcpy(&u16, p, 2);
    return num::bf16ToFloat(u16);
  case DataFormat::Float16:
    std::memcpy(&u16, p, 2);
    return num::fp16ToFloat(u16);
  case DataFormat::UInt16:
    std::memcpy(&u16, p, 2);
    return num::bitsToFloat(u16);
  default:
    std::memcpy(&u32, p, 4);
    return num::bitsToFloat(u32);
  }
}

void encodeElement(DataFormat fmt, float v, uint8_t *p) {
  uint16_t u16;
  switch (fmt) {
  case DataFormat::Float16_b:
    u16 = num::floatToBf16(v, Rounding::NearestAway);
    std::memcpy(p, &u16, 2);
    return;
  case DataFormat::Float16:
    u16 = num::floatToFp16(v, Rounding::NearestAway);
    std::memcpy(p, &u16, 2);
    return;
  case DataFormat::UInt16:
    u16 = uint16_t(num::floatBits(v));
    std::memcpy(p, &u16, 2);
    return;
  default:
    std::memcpy(p, &v, 4);
  }
}

/// Byte address of offset `offset` into the row-major strip that starts at
/// page `firstPage` of `cb`, from the front (reading) or back (writing).
uint8_t *stripByte(uint32_t cb, uint32_t firstPage, size_t offset, bool front) {
  uint32_t page = host().pageSize(cb);
  uint32_t index = firstPage + uint32_t(offset / page);
  uint8_t *base = front ? host().frontPage(cb, index) : host().backPage(cb, index);
  return base + offset % page;
}

/// Converts unpacked values to what copy_tile leaves in DST: fp32 DST keeps
/// them (unpack-to-dest), a 16-bit DST truncates fp32 to bf16.
DataFormat toDstValues(DataFormat cbFmt, float *v) {
  if (num::isIntegerFormat(cbFmt))
    return cbFmt;
  num::DstFormat df = dstFormatFor(cbFmt);
  if (df.fmt != DataFormat::Float32)
    num::roundTileToFormat(v, df.fmt, Rounding::TowardZero);
  return df.fmt;
}

/// Packs face-order `values` as tile `page` from the back of `cb`; with L1
/// accumulation enabled, adds them to the tile already there (in fp32).
void packValues(const float *values, uint32_t cb, uint32_t page) {
  DataFormat fmt = host().dataFormat(cb);
  uint8_t *out = host().backPage(cb, page);
  // Accumulating packs read the L1 tile back as well (docs/COST_MODEL.md).
  bool accumulate = dst().packL1Accumulate && !num::isIntegerFormat(fmt);
  CostOp cost = accumulate ? CostOp::PackTileAccumulate : CostOp::PackTile;
  if (host().timingOnly()) // TT_EMU_TIMING_ONLY: cost without numerics
    return host().charge(cost, fmt, 1);
  if (accumulate) {
    Tile sum;
    num::unpackTile(fmt, out, sum.data());
    for (uint32_t i = 0; i < kTileElems; ++i)
      sum[i] += values[i];
    num::packTile(fmt, sum.data(), out, Rounding::NearestAway);
  } else {
    num::packTile(fmt, values, out, Rounding::NearestAway);
  }
  host().charge(cost, fmt, 1);
}

} // namespace

void copyTile(uint32_t cb, uint32_t tile, uint32_t dstIndex) {
  if (chargeOnly(CostOp::CopyTile, cb, dstIndex, "copy_tile"))
    return;
  float *d = mathTile(dstIndex, "copy_tile");
  DataFormat fmt = unpackOperand(cb, tile, d);
  markWritten(dstIndex, toDstValues(fmt, d));
  host().charge(CostOp::CopyTile, fmt, 1);
}

void unaryBcastTile(Bcast bcast, uint32_t cb, uint32_t tile,
                    uint32_t dstIndex) {
  if (chargeOnly(CostOp::CopyTile, cb, dstIndex, "unary_bcast"))
    return;
  float *d = mathTile(dstIndex, "unary_bcast");
  Tile src;
  DataFormat fmt = unpackOperand(cb, tile, src.data());
  for (uint32_t r = 0; r < num::kTileRows; ++r)
    for (uint32_t c = 0; c < num::kTileCols; ++c)
      d[faceOrderIndex(r, c)] = src[bcastIndex(bcast, r, c)];
  markWritten(dstIndex, toDstValues(fmt, d));
  host().charge(CostOp::CopyTile, fmt, 1);
}

void packTile(uint32_t dstIndex, uint32_t cb, uint32_t outIndex,
              bool outOfOrder) {
  const float *d = packTileRegs(dstIndex, "pack_tile");
  uint32_t page = outIndex;
  if (!outOfOrder)
    page = host().packCounter(cb)++;
  packValues(d, cb, page);
}

void matmulTiles(uint32_t cbA, uint32_t cbB, uint32_t tileA, uint32_t tileB,
                 uint32_t dstIndex, bool transpose) {
  if (chargeOnly(CostOp::MatmulTile, cbA, dstIndex, "matmul_tiles"))
    return;
  float *d = mathTile(dstIndex, "matmul_tiles");
  // Aligned so that the plane builder's 64-byte loads stay in one line.
  alignas(64) Tile a, b;
  // No separate source-register pass: matmulTile's fidelity parts only see
  // the bits the source registers keep, so it gives the same result for the
  // unpacked values as for their toSrcRegister images.
  DataFormat fa = unpackOperand(cbA, tileA, a.data());
  unpackOperand(cbB, tileB, b.data());
  num::DstFormat df = dstFormatFor(fa);
  num::matmulTile(a.data(), b.data(), d, host().settings().mathFidelity, df,
                  transpose);
  markWritten(dstIndex, df.fmt);
  host().charge(CostOp::MatmulTile, fa, 1);
}

void setMatmulTranspose(bool transpose) { dst().matmulTranspose = transpose; }
bool matmulTranspose() { return dst().matmulTranspose; }
void setPackL1Accumulate(bool accumulate) { dst().packL1Accumulate = accumulate; }

void matmulBlock(uint32_t cbA, uint32_t cbB, uint32_t tileA, uint32_t tileB,
                 uint32_t dstIndex, bool transpose, uint32_t ct, uint32_t rt,
                 uint32_t kt) {
  for (uint32_t r = 0; r < rt; ++r)
    for (uint32_t c = 0; c < ct; ++c)
      matmulTiles(cbA, cbB, tileA + r * kt, tileB + c, dstIndex + r * ct + c,
                  transpose);
}

void binaryTiles(BinaryOp op, Bcast bcast, uint32_t cbA, uint32_t cbB,
                 uint32_t tileA, uint32_t tileB, uint32_t dstIndex) {
  if (chargeOnly(op == BinaryOp::Mul ? CostOp::EltwiseMulTile
                                     : CostOp::EltwiseBinaryTile,
                 cbA, dstIndex, "binary op"))
    return;
  float *d = mathTile(dstIndex, op == BinaryOp::Add   ? "add_tiles"
                                : op == BinaryOp::Sub ? "sub_tiles"
                                                      : "mul_tiles");
  Tile a, b, bb;
  DataFormat fa = unpackToSrc(cbA, tileA, a.data());
  unpackToSrc(cbB, tileB, b.data());
  // Without a broadcast B is used as unpacked (no per-element index switch).
  const float *bv = b.data();
  if (bcast != Bcast::None) {
    for (uint32_t r = 0; r < num::kTileRows; ++r)
      for (uint32_t c = 0; c < num::kTileCols; ++c)
        bb[faceOrderIndex(r, c)] = b[bcastIndex(bcast, r, c)];
    bv = bb.data();
  }
  num::DstFormat df = dstFormatFor(fa);
  bool acc = dst().accumulate;
  if (op == BinaryOp::Mul && !acc) {
    // mulTile's results are already in the DST format, and rounding to it
    // again changes nothing, so they go to DST directly.
    num::mulTile(a.data(), bv, d, host().settings().mathFidelity, df);
  } else if (op == BinaryOp::Mul) {
    Tile prod;
    num::mulTile(a.data(), bv, prod.data(), host().settings().mathFidelity, df);
    for (uint32_t i = 0; i < kTileElems; ++i)
      storeResult(d, i, prod[i], df, acc);
  } else {
    num::addTile(a.data(), bv, d, op == BinaryOp::Sub, acc, df);
  }
  markWritten(dstIndex, df.fmt);
  host().charge(op == BinaryOp::Mul ? CostOp::EltwiseMulTile
                                    : CostOp::EltwiseBinaryTile,
                fa, 1);
}

void binaryDestReuse(BinaryOp op, bool destIsA, uint32_t cb, uint32_t tile,
                     uint32_t dstIndex) {
  if (chargeOnly(op == BinaryOp::Mul ? CostOp::EltwiseMulTile
                                     : CostOp::EltwiseBinaryTile,
                 cb, dstIndex, "binary_dest_reuse_tiles"))
    return;
  float *d = mathTile(dstIndex, "binary_dest_reuse_tiles");
  Tile fromCb, fromDst;
  DataFormat fmt = unpackToSrc(cb, tile, fromCb.data());
  std::memcpy(fromDst.data(), d, sizeof fromDst);
  num::toSrcRegisterTile(fromDst.data());
  const Tile &a = destIsA ? fromDst : fromCb;
  const Tile &b = destIsA ? fromCb : fromDst;
  num::DstFormat df = dstFormatFor(fmt);
  if (op == BinaryOp::Mul) {
    num::mulTile(a.data(), b.data(), d, host().settings().mathFidelity, df);
  } else {
    num::addTile(a.data(), b.data(), d, op == BinaryOp::Sub,
                 /*accumulate=*/false, df);
  }
  markWritten(dstIndex, df.fmt);
  host().charge(op == BinaryOp::Mul ? CostOp::EltwiseMulTile
                                    : CostOp::EltwiseBinaryTile,
                fmt, 1);
}

void reduceTile(ReducePool pool, ReduceAxis axis, uint32_t cb,
                uint32_t cbScaler, uint32_t tile, uint32_t tileScaler,
                uint32_t dstIndex) {
  if (chargeOnly(pool == ReducePool::Max ? CostOp::ReduceMaxTile
                                         : CostOp::ReduceTile,
                 cb, dstIndex, "reduce_tile"))
    return;
  float *d = mathTile(dstIndex, "reduce_tile");
  Tile a, s;
  DataFormat fa = unpackToSrc(cb, tile, a.data());
  unpackToSrc(cbScaler, tileScaler, s.data());
  num::DstFormat df = dstFormatFor(fa);
  bool fresh = dst().fresh[dstIndex];
  auto at = [&](uint32_t r, uint32_t c) { return double(a[faceOrderIndex(r, c)]); };
  auto scaler = [&](uint32_t k) { return double(s[faceOrderIndex(0, k)]); };
  // Writes one reduced value: sums accumulate into DST, maxima take the max
  // with what an earlier reduce_tile left there.
  auto emit = [&](uint32_t r, uint32_t c, double v) {
    float &out = d[faceOrderIndex(r, c)];
    if (pool == ReducePool::Max)
      out = df.round(fresh ? v : std::max(double(out), v));
    else
      out = df.round(double(out) + v);
  };
  const uint32_t n = num::kTileRows;
  if (pool == ReducePool::Max) {
    double s0 = scaler(0);
    auto maxOf = [&](auto &&get, uint32_t count) {
      double m = -std::numeric_limits<double>::infinity();
      for (uint32_t k = 0; k < count; ++k)
        m = std::max(m, get(k));
      return m;
    };
    if (axis == ReduceAxis::Row)
      for (uint32_t r = 0; r < n; ++r)
        emit(r, 0, maxOf([&](uint32_t k) { return at(r, k); }, n) * s0);
    else if (axis == ReduceAxis::Col)
      for (uint32_t c = 0; c < n; ++c)
        emit(0, c, maxOf([&](uint32_t k) { return at(k, c); }, n) * s0);
    else
      emit(0, 0, maxOf([&](uint32_t k) { return at(k / n, k % n); }, n * n) * s0);
  } else {
    if (axis == ReduceAxis::Row) {
      for (uint32_t r = 0; r < n; ++r) {
        double sum = 0;
        for (uint32_t k = 0; k < n; ++k)
          sum += at(r, k) * scaler(k);
        emit(r, 0, double(static_cast<float>(sum)));
      }
    } else if (axis == ReduceAxis::Col) {
      for (uint32_t c = 0; c < n; ++c) {
        double sum = 0;
        for (uint32_t k = 0; k < n; ++k)
          sum += at(k, c) * scaler(k);
        emit(0, c, double(static_cast<float>(sum)));
      }
    } else {
      double sum = 0;
      for (uint32_t k = 0; k < n * n; ++k)
        sum += at(k / n, k % n);
      emit(0, 0, double(static_cast<float>(sum * scaler(0))));
    }
  }
  markWritten(dstIndex, df.fmt);
  host().charge(pool == ReducePool::Max ? CostOp::ReduceMaxTile
                                        : CostOp::ReduceTile,
                fa, 1);
}

void transposeTile(uint32_t cb, uint32_t tile, uint32_t dstIndex) {
  if (chargeOnly(CostOp::TransposeTile, cb, dstIndex, "transpose_wh_tile"))
    return;
  float *d = mathTile(dstIndex, "transpose_wh_tile");
  Tile a;
  DataFormat fa = unpackOperand(cb, tile, a.data());
  DataFormat out = toDstValues(fa, a.data());
  for (uint32_t r = 0; r < num::kTileRows; ++r)
    for (uint32_t c = 0; c < num::kTileCols; ++c)
      d[faceOrderIndex(r, c)] = a[faceOrderIndex(c, r)];
  markWritten(dstIndex, out);
  host().charge(CostOp::TransposeTile, fa, 1);
}

void tilizeBlock(uint32_t icb, uint32_t block, uint32_t ocb) {
  DataFormat in = host().dataFormat(icb);
  uint32_t esz = elementBytes(in, "tilize_block");
  size_t width = size_t(block) * num::kTileCols;
  for (uint32_t t = 0; t < block; ++t) {
    Tile v;
    for (uint32_t r = 0; r < num::kTileRows; ++r)
      for (uint32_t c = 0; c < num::kTileCols; ++c) {
        size_t offset = (r * width + t * num::kTileCols + c) * esz;
        v[faceOrderIndex(r, c)] = decodeElement(in, stripByte(icb, 0, offset, true));
      }
    toDstValues(in, v.data());
    host().charge(CostOp::CopyTile, in, 1);
    packValues(v.data(), ocb, host().packCounter(ocb)++);
  }
}

void untilizeBlock(uint32_t icb, uint32_t firstTile, uint32_t block,
                   uint32_t ocb) {
  DataFormat out = host().dataFormat(ocb);
  uint32_t esz = elementBytes(out, "untilize_block");
  size_t width = size_t(block) * num::kTileCols;
  uint32_t &counter = host().packCounter(ocb);
  for (uint32_t t = 0; t < block; ++t) {
    Tile v;
    DataFormat in = unpackOperand(icb, firstTile + t, v.data());
    toDstValues(in, v.data());
    host().charge(CostOp::CopyTile, in, 1);
    for (uint32_t r = 0; r < num::kTileRows; ++r)
      for (uint32_t c = 0; c < num::kTileCols; ++c) {
        size_t offset = (r * width + t * num::kTileCols + c) * esz;
        encodeElement(out, v[faceOrderIndex(r, c)],
                      stripByte(ocb, counter, offset, false));
      }
    host().charge(CostOp::PackTile, out, 1);
  }
  counter += block;
}

} // namespace ttemu::compute
