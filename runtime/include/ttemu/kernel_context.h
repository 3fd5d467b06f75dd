// The contract between the emulator core (host API, cores, threads, CBs, NOC)
// and the compute-kernel API (unpack, math, pack on the DST register file).
//
// Every function here acts for the *calling kernel thread*: the core it runs
// on, its processor and its kernel are implicit, exactly as on the device.
#pragma once

#include <cstdint>
#include <string>

#include "ttemu/numerics.h"

namespace ttemu {

/// Compute-kernel configuration of the calling thread's kernel
/// (from `ComputeConfig` on the host side).
struct ComputeSettings {
  num::MathFidelity mathFidelity = num::MathFidelity::HiFi4;
  bool fp32DestAccEn = false;
  bool mathApproxMode = false;
  /// Number of tiles the DST register file holds in the current mode
  /// (16 at 16-bit, 8 at fp32; half of that in half-sync mode).
  uint32_t dstTiles() const { return fp32DestAccEn ? 4 : 8; }
};

const ComputeSettings &computeSettings();

/// Circular-buffer queries for the calling thread's core.
uint32_t cbPageSize(uint32_t cb);
num::DataFormat cbDataFormat(uint32_t cb);
/// Pointer to page `index` counted from the front of the CB (valid after
/// `cb_wait_front` made at least index+1 pages visible). Fails with a
/// message naming core/processor/kernel otherwise.
uint8_t *cbFrontPage(uint32_t cb, uint32_t index);
/// Pointer to page `index` counted from the back of the CB (valid after
/// `cb_reserve_back` reserved at least index+1 pages).
uint8_t *cbBackPage(uint32_t cb, uint32_t index);
/// Per-thread counter of pages packed into the reserved region of `cb`
/// since the last `cb_push_back` on it; `cb_push_back` resets it to 0.
uint32_t &cbPackCounter(uint32_t cb);

/// Per-op cost, charged to the calling thread's clock from the per-arch
/// cost table (see runtime/lib/Cost).
enum class CostOp : uint8_t {
  UnpackTile,
  PackTile,
  CopyTile,
  MatmulTile,
  EltwiseBinaryTile,
  SfpuTile,
  ReduceTile,
  TransposeTile,
  DstAcquire,
  DstRelease,
  InitOp,
  // The rest of the DST protocol, so that the timing model can hand DST
  // halves between the math and pack TRISCs (docs/COST_MODEL.md).
  DstCommit,      ///< tile_regs_commit (math)
  DstWait,        ///< tile_regs_wait (pack)
  DstAcquireFull, ///< acquire_dst: math waits for a free half ...
  DstReleaseFull, ///< release_dst: ... pack waits for math, then frees it
  // Ops whose cost differs from their family's (docs/COST_MODEL.md).
  EltwiseMulTile,  ///< mul_tiles: one pass per fidelity phase
  ReduceMaxTile,   ///< reduce MAX: no fidelity phases
  SfpuSimpleTile,  ///< a few SFPU instructions per datum (relu, abs, fill)
  SfpuApproxTile,  ///< transcendental in approximate mode
  SfpuPreciseTile, ///< transcendental or iterative (recip, sqrt) precise
  PackTileAccumulate, ///< pack_tile with packer L1 accumulation on
};
void chargeOp(CostOp op, num::DataFormat fmt = num::DataFormat::Float16_b,
              uint32_t count = 1);
/// Whether the calling thread's run is timing-only (TT_EMU_TIMING_ONLY).
bool timingOnlyRun();

/// Reports misuse: throws an error that names the core, processor and kernel
/// of the calling thread and stops the program run.
[[noreturn]] void fail(const std::string &message);

} // namespace ttemu
