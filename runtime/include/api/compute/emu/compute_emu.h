// The emulator's implementation entry points behind the compute-kernel API.
//
// The tt-metal-named functions in api/compute/*.h are thin inline wrappers
// around these (templates become plain arguments); the definitions live in
// runtime/lib/Compute. Not part of the TT-Metalium API.
#pragma once

#include <cstdint>
#include <string>

#include "ttemu/kernel_context.h"

namespace ttemu::compute {

enum class BinaryOp : uint8_t { Add, Sub, Mul };
/// Which part of operand B is broadcast (tt-metal's BroadcastType).
enum class Bcast : uint8_t { None, Col, Row, Scalar };
enum class ReducePool : uint8_t { Sum, Avg, Max };
enum class ReduceAxis : uint8_t { Row, Col, Scalar };

/// SFPU operations on one DST tile. `param` is the bit pattern of a float
/// argument where the op takes one.
enum class SfpuOp : uint8_t {
  Exp,
  Relu,
  ReluMax,   // min(max(x, 0), param)
  ReluMin,   // x > param ? x : 0
  LeakyRelu, // x < 0 ? x * param : x
  Recip,
  Sqrt,
  Rsqrt,
  Sigmoid,
  Gelu,
  Tanh,
  Log,
  Abs,
  Negative,
  Square,
  Sign,
  Silu,
  Sin,
  Cos,
  Exp2,
  Expm1,
  Log1p,
  Erf,
  Fill,       // x = param
  AddScalar,  // x + param
  SubScalar,  // x - param
  MulScalar,  // x * param
  DivScalar,  // x * (1 / param)
  RsubScalar, // param - x
  Power,      // x ^ param (param: unsigned integer exponent, not float bits)
  Gtz,        // x > 0 ? 1 : 0, and likewise for the other zero comparisons
  Ltz,
  Gez,
  Lez,
  Eqz,
  Nez,
};

/// where_tile: DST[out] = DST[cond] != 0 ? DST[onTrue] : DST[onFalse].
void sfpuWhere(uint32_t cond, uint32_t onTrue, uint32_t onFalse, uint32_t out);

/// SFPU operations combining two DST tiles into a third.
enum class SfpuBinaryOp : uint8_t { Add, Sub, Rsub, Mul, Div, Max, Min, Pow };

// DST register file protocol (half-sync: acquire -> commit -> wait -> release).
void tileRegsAcquire();
void tileRegsCommit();
void tileRegsWait();
void tileRegsRelease();
/// acquire_dst / release_dst: one call each for math and pack together.
void acquireDst();
void releaseDst();

/// An *_init call: charged to the clock, no numerical effect.
void initOp();
/// add_tiles_init(..., acc_to_dest) and friends: eltwise binary results are
/// added to DST instead of overwriting it.
void setBinaryAccumulate(bool accumulate);

void matmulTiles(uint32_t cbA, uint32_t cbB, uint32_t tileA, uint32_t tileB,
                 uint32_t dst, bool transpose);
/// rt x ct output tiles at dst + r*ct + c, from A tiles tileA + r*kt and
/// B tiles tileB + c.
void matmulBlock(uint32_t cbA, uint32_t cbB, uint32_t tileA, uint32_t tileB,
                 uint32_t dst, bool transpose, uint32_t ct, uint32_t rt,
                 uint32_t kt);
/// mm_init / mm_init_short / mm_block_init record whether B is transposed for
/// matmul_tiles calls without the transpose argument.
void setMatmulTranspose(bool transpose);
bool matmulTranspose();
void copyTile(uint32_t cb, uint32_t tile, uint32_t dst);
/// copy_tile that repeats B's first row (ROW), first column (COL) or
/// element (SCALAR) over the whole tile (unary_bcast).
void unaryBcastTile(Bcast bcast, uint32_t cb, uint32_t tile, uint32_t dst);
void packTile(uint32_t dst, uint32_t cb, uint32_t outIndex, bool outOfOrder);
void binaryTiles(BinaryOp op, Bcast bcast, uint32_t cbA, uint32_t cbB,
                 uint32_t tileA, uint32_t tileB, uint32_t dst);
/// binary_dest_reuse_tiles: DST[dst] op CB tile (destIsA) or CB tile op DST.
void binaryDestReuse(BinaryOp op, bool destIsA, uint32_t cb, uint32_t tile,
                     uint32_t dst);
void sfpuUnary(SfpuOp op, uint32_t dst, uint32_t param = 0, bool approx = false);
void sfpuBinary(SfpuBinaryOp op, uint32_t dst0, uint32_t dst1, uint32_t out);
void reduceTile(ReducePool pool, ReduceAxis axis, uint32_t cb,
                uint32_t cbScaler, uint32_t tile, uint32_t tileScaler,
                uint32_t dst);
void transposeTile(uint32_t cb, uint32_t tile, uint32_t dst);
void tilizeBlock(uint32_t icb, uint32_t block, uint32_t ocb);
/// Untilizes tiles firstTile .. firstTile+block-1 (front-relative) of `icb`
/// into one row-major strip of 32 rows in the reserved back of `ocb`.
void untilizeBlock(uint32_t icb, uint32_t firstTile, uint32_t block,
                   uint32_t ocb);
/// pack_reconfig_l1_acc: packing adds to the values already in the CB page.
void setPackL1Accumulate(bool accumulate);

/// Resets the calling thread's DST state (the core may call this when a
/// kernel thread starts; a fresh thread starts reset anyway).
void resetThreadState();

/// Everything the compute API needs from the emulator core. By default it
/// forwards to the ttemu:: functions of kernel_context.h; unit tests install
/// a fake with setHostForTesting.
class Host {
public:
  virtual ~Host() = default;
  virtual const ComputeSettings &settings() = 0;
  virtual uint32_t pageSize(uint32_t cb) = 0;
  virtual num::DataFormat dataFormat(uint32_t cb) = 0;
  virtual uint8_t *frontPage(uint32_t cb, uint32_t index) = 0;
  virtual uint8_t *backPage(uint32_t cb, uint32_t index) = 0;
  virtual uint32_t &packCounter(uint32_t cb) = 0;
  virtual void charge(CostOp op, num::DataFormat fmt, uint32_t count) = 0;
  /// TT_EMU_TIMING_ONLY: ops charge their cost and skip their numerics.
  virtual bool timingOnly() { return false; }
  [[noreturn]] virtual void fail(const std::string &message) = 0;
};

/// Routes the calling thread's compute API to `host` (nullptr: the core).
void setHostForTesting(Host *host);

} // namespace ttemu::compute
