// Cost numbers per architecture. Every figure's source (or why it is an
// estimate) is in docs/COST_MODEL.md; keep the two in step.
#include "Cost/CostTable.h"

#include <algorithm>
#include <cmath>

#include "Device/Arch.h"

namespace ttemu {
namespace {

uint64_t phasesOf(num::MathFidelity fidelity) {
  return fidelity == num::MathFidelity::LoFi    ? 1
         : fidelity == num::MathFidelity::HiFi2 ? 2
         : fidelity == num::MathFidelity::HiFi3 ? 3
                                                : 4;
}

/// Bytes of one 32x32 tile in L1.
uint64_t tileBytes(num::DataFormat fmt) {
  switch (fmt) {
  case num::DataFormat::Float32:
  case num::DataFormat::Int32:
  case num::DataFormat::UInt32:
    return 4096;
  case num::DataFormat::Bfp8_b:
    return 1088; // 1024 mantissas + 64 exponents
  case num::DataFormat::Bfp4_b:
    return 576;
  case num::DataFormat::UInt8:
    return 1024;
  default:
    return 2048;
  }
}

} // namespace

// Unpacker and packer rates are in L1 bytes a cycle: a block-float tile
// costs its stored size, mantissas and shared exponents together (the
// unpacker expands it to bf16 in the source register on the way), which is
// what makes bfp8 and bfp4 operands cheaper to unpack than bf16 ones.
uint64_t CostTable::unpackTile(num::DataFormat fmt) const {
  return static_cast<uint64_t>(
      std::ceil(double(tileBytes(fmt)) / unpackBytesPerCycle));
}
uint64_t CostTable::packTile(num::DataFormat fmt) const {
  return static_cast<uint64_t>(
      std::ceil(double(tileBytes(fmt)) / packBytesPerCycle));
}

CostTable::Stages CostTable::computeStages(CostOp op, num::DataFormat fmt,
                                           num::MathFidelity fidelity) const {
  uint64_t phases = phasesOf(fidelity);
  switch (op) {
  case CostOp::UnpackTile:
    return {unpackTile(fmt), 0, 0};
  case CostOp::PackTile:
    return {0, 0, packTile(fmt)};
  case CostOp::PackTileAccumulate:
    return {0, 0, packAccumulateTile};
  // The matrix engine (FPU) takes 8x16 rows of srcA per cycle: 16 cycles per
  // 32x32x32 tile product and fidelity phase, 8 cycles per element-wise
  // tile (matrix_engine.md). Operand A and B unpack in parallel, so an op
  // with two operands unpacks for the time of one tile.
  case CostOp::CopyTile:
    return {unpackTile(fmt), 8, 0};
  case CostOp::MatmulTile:
    // Plus the MATH thread's issue around the MVMULs: a few cycles per
    // fidelity phase (address-counter resets between the passes) and per
    // tile product (docs/COST_MODEL.md, calibrated).
    return {unpackTile(fmt),
            (16 + matmulPhaseIssue) * phases + matmulTileIssue, 0};
  case CostOp::EltwiseBinaryTile:
    return {unpackTile(fmt), 8, 0};
  case CostOp::EltwiseMulTile:
    return {unpackTile(fmt), 8 * phases, 0};
  // The SFPU works on a tile in 32 passes (the LLK's 8 iterations a face,
  // 4 faces), one instruction a cycle: a pass costs its instruction count
  // (load, op, store and advance; two loads for binary ops).
  case CostOp::SfpuSimpleTile:
    return {0, 32 * 4, 0};
  case CostOp::SfpuTile: // binary SFPU ops, where_tile
    return {0, 32 * 6, 0};
  // Transcendentals: exp_tile's measured cycles a tile, in fast-approximate
  // and in accurate mode (docs/COST_MODEL.md), stand for the family.
  case CostOp::SfpuApproxTile:
    return {0, sfpuApproxTile, 0};
  case CostOp::SfpuPreciseTile:
    return {0, sfpuPreciseTile, 0};
  case CostOp::ReduceTile:
    // 16x16 per cycle and fidelity phase (matrix_engine.md, "Reduction").
    return {unpackTile(fmt), 4 * phases, 0};
  case CostOp::ReduceMaxTile:
    return {unpackTile(fmt), 4, 0};
  case CostOp::TransposeTile:
    // tt-metal's transpose_wh_tile transposes in the unpacker (faces and
    // within faces, on the way into srcA) and then runs the A2D datacopy.
    return {unpackTile(fmt), 8, 0};
  case CostOp::DstAcquire:
  case CostOp::DstAcquireFull:
  case CostOp::DstCommit:
    return {0, dstSync, 0};
  case CostOp::DstWait:
  case CostOp::DstRelease:
  case CostOp::DstReleaseFull:
    return {0, 0, dstSync};
  case CostOp::InitOp:
    return {initOp, initOp, initOp};
  }
  return {0, 1, 0};
}

uint64_t CostTable::multicastCycles(uint32_t bytes, uint32_t numDests) const {
  // sqrt(D) - 2: 0 for a 2x2 rectangle, 3 for 5x5. Fewer than 4
  // destinations are taken as 4: the measurements start there.
  double side = std::sqrt(double(std::max<uint32_t>(numDests, 4))) - 2;
  double setup = mcastSetup2x2 + mcastSetupPerSide * side;
  double perByte = mcastCyclesPerByte2x2 + mcastCyclesPerBytePerSide * side;
  // The measured hold is the larger of set-up plus a short payload's
  // streaming, and the payload at the destination count's sustained rate.
  return static_cast<uint64_t>(std::ceil(std::max(
      setup + mcastCyclesPerByteSmall * bytes, perByte * double(bytes))));
}

uint64_t CostTable::linkCycles(uint32_t bytes) const {
  auto flit = static_cast<uint64_t>(nocBytesPerCycle);
  uint64_t packets = (uint64_t(bytes) + nocMaxBurstBytes - 1) / nocMaxBurstBytes;
  return (uint64_t(bytes) + flit - 1) / flit + std::max<uint64_t>(packets, 1);
}

const CostTable &costTableFor(const ArchSpec &arch) {
  // Wormhole (n150, 1 GHz): 32 B/cycle NOC flits; 12 GDDR6 banks of
  // 24 GB/s at 12 GT/s, i.e. 24 B/cycle each. Issue, flight and multicast
  // figures: tt-metal's data-movement measurements (docs/COST_MODEL.md).
  static const CostTable wormhole{.apiCall = 5,
                                  .cbOp = 10,
                                  .nocIssue = 23,
                                  .nocReadIssue = 23,
                                  .nocOneWay = 125,
                                  .nocRoundTrip = 250,
                                  .dramLatency = 90,
                                  .nocBytesPerCycle = 32.0,
                                  .nocMaxBurstBytes = 8192,
                                  .dramBytesPerCycle = 24.0,
                                  .dramReadBytesPerCycle = 22.0,
                                  .mcastSetup2x2 = 54.2,
                                  .mcastSetupPerSide = 42.7,
                                  .mcastCyclesPerByte2x2 = 0.0378,
                                  .mcastCyclesPerBytePerSide = 0.00474,
                                  .mcastCyclesPerByteSmall = 0.033,
                                  .semaphoreOp = 10,
                                  .dstSync = 4,
                                  .initOp = 20,
                                  .matmulPhaseIssue = 1,
                                  .matmulTileIssue = 1,
                                  .unpackBytesPerCycle = 42.0,
                                  .packBytesPerCycle = 45.5,
                                  .packAccumulateTile = 72,
                                  .sfpuApproxTile = 128,
                                  .sfpuPreciseTile = 1344};
  // Blackhole (p150, 1.35 GHz): 64 B/cycle NOC; 8 banks of 64 GB/s, i.e.
  // 47.4 B/cycle each. DRAM latency from a single core's uncongested read
  // (the emulator has no route congestion; a figure fitted to a congested
  // benchmark would charge congestion to every read).
  static const CostTable blackhole{.apiCall = 5,
                                   .cbOp = 10,
                                   .nocIssue = 25,
                                   .nocReadIssue = 35,
                                   .nocOneWay = 160,
                                   .nocRoundTrip = 320,
                                   .dramLatency = 114,
                                   .nocBytesPerCycle = 64.0,
                                   .nocMaxBurstBytes = 16384,
                                   .dramBytesPerCycle = 47.0,
                                   .dramReadBytesPerCycle = 23.5,
                                   .mcastSetup2x2 = 40.3,
                                   .mcastSetupPerSide = 32.0,
                                   .mcastCyclesPerByte2x2 = 0.01769,
                                   .mcastCyclesPerBytePerSide = 0.00182,
                                   .mcastCyclesPerByteSmall = 0.017,
                                   .semaphoreOp = 10,
                                   .dstSync = 4,
                                   .initOp = 20,
                                   .matmulPhaseIssue = 1,
                                   .matmulTileIssue = 1,
                                   .unpackBytesPerCycle = 64.0,
                                   .packBytesPerCycle = 52.5,
                                   .packAccumulateTile = 72,
                                   .sfpuApproxTile = 52,
                                   .sfpuPreciseTile = 672};
  return arch.arch == tt::ARCH::BLACKHOLE ? blackhole : wormhole;
}

} // namespace ttemu
