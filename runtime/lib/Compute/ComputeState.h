// Per-thread DST register file and helpers shared by the compute-API
// implementation files.
#pragma once

#include "api/compute/emu/compute_emu.h"
#include "ttemu/numerics.h"

#include <array>
#include <string>

namespace ttemu::compute::detail {

using num::DataFormat;
using num::kTileElems;

/// Largest DST (16 tiles of 16-bit values); the usable part is
/// ComputeSettings::dstTiles().
constexpr uint32_t kMaxDstTiles = 16;

enum class DstPhase : uint8_t {
  Idle,      ///< Before tile_regs_acquire / after tile_regs_release.
  Acquired,  ///< Math may write DST.
  Committed, ///< Math done; pack must tile_regs_wait.
  Waited,    ///< Pack may read DST.
  Full,      ///< acquire_dst: math and pack both allowed until release_dst.
};

struct DstState {
  DstPhase phase = DstPhase::Idle;
  /// Eltwise binary results are added to DST (add_tiles_init acc_to_dest).
  bool accumulate = false;
  /// matmul_tiles without a transpose argument transposes B (mm_init).
  bool matmulTranspose = false;
  /// Packing adds to the CB tile (pack_reconfig_l1_acc).
  bool packL1Accumulate = false;
  /// Cache-line aligned: the matmul's AVX-512 DST update loads and stores
  /// whole 64-byte face rows.
  alignas(64) std::array<std::array<float, kTileElems>, kMaxDstTiles> tiles{};
  /// Format of the values held by each tile: Float32 (fp32 DST), Float16_b
  /// or Float16 (16-bit DST), or an integer format (raw bits).
  std::array<DataFormat, kMaxDstTiles> formats{};
  /// Not written since the DST was acquired (reduce MAX overwrites these).
  std::array<bool, kMaxDstTiles> fresh{};
  /// Tiles handed out for math since the last zeroing (bit i: tile i), so a
  /// release only clears those instead of all 64 KiB.
  uint32_t touched = 0;

  DstState() { clear(); }
  void clear();
};

DstState &dst();
Host &host();

/// Fails unless math may write DST tile `index`; returns the tile.
float *mathTile(uint32_t index, const char *op);
/// Fails unless pack may read DST tile `index`; returns the tile.
const float *packTileRegs(uint32_t index, const char *op);

/// DST format (and FPU rounding) for results of an op whose operand A comes
/// from a CB of format `operandFmt`.
num::DstFormat dstFormatFor(DataFormat operandFmt);
/// SFPU results for a tile of format `fmt` stored with `rounding`.
float sfpuStore(double value, DataFormat fmt, num::Rounding rounding);

/// Decodes CB tile `tile` (front-relative) of `cb` into face-order floats.
DataFormat unpackOperand(uint32_t cb, uint32_t tile, float *out);
/// unpackOperand, then the source-register conversion of the FPU.
DataFormat unpackToSrc(uint32_t cb, uint32_t tile, float *out);

/// In timing-only mode (Host::timingOnly): checks that math may write DST
/// tile `dstIndex`, charges `op` for an operand from `cb` and returns true,
/// so the caller skips its numerics. Otherwise returns false.
bool chargeOnly(CostOp op, uint32_t cb, uint32_t dstIndex, const char *name);
/// As chargeOnly, for an SFPU op on DST tile `dstIndex`.
bool chargeOnlyDst(CostOp op, uint32_t dstIndex, const char *name);

/// Records that math wrote DST tile `index` with values of format `fmt`.
void markWritten(uint32_t index, DataFormat fmt);

} // namespace ttemu::compute::detail
