// Cost numbers per architecture.
#include "Cost/CostTable.h"

#include "Device/Arch.h"

namespace ttemu {

uint64_t CostTable::computeCycles(CostOp op, num::DataFormat fmt,
                                  num::MathFidelity fidelity) const {
  // Unpack/pack move 1024 datums through 16-wide datapaths; fp32 moves twice
  // the bytes.
  uint64_t wide = fmt == num::DataFormat::Float32 ? 2 : 1;
  // The matrix engine does a 32x32x32 tile product in 16 cycles per
  // fidelity phase (LoFi one phase, HiFi4 four).
  uint64_t phases = fidelity == num::MathFidelity::LoFi    ? 1
                    : fidelity == num::MathFidelity::HiFi2 ? 2
                    : fidelity == num::MathFidelity::HiFi3 ? 3
                                                           : 4;
  switch (op) {
  case CostOp::UnpackTile:
    return 32 * wide;
  case CostOp::PackTile:
    return 40 * wide;
  case CostOp::CopyTile:
    return 32 * wide;
  case CostOp::MatmulTile:
    return 16 * phases;
  case CostOp::EltwiseBinaryTile:
    return 32 * wide;
  case CostOp::SfpuTile:
    return 128; // 32 SFPU lanes, a few instructions per datum.
  case CostOp::ReduceTile:
    return 48;
  case CostOp::TransposeTile:
    return 64;
  case CostOp::DstAcquire:
  case CostOp::DstRelease:
    return 4;
  case CostOp::InitOp:
    return 20;
  }
  return 1;
}

const CostTable &costTableFor(const ArchSpec &arch) {
  // Wormhole: 32 B/cycle NOC links; ~24 GB/s per DRAM bank at 1 GHz.
  static const CostTable wormhole{5, 10, 20, 60, 300, 32.0, 24.0, 10};
  // Blackhole: 64 B/cycle NOC; ~64 GB/s per bank at 1.35 GHz.
  static const CostTable blackhole{5, 10, 20, 60, 300, 64.0, 47.0, 10};
  return arch.arch == tt::ARCH::BLACKHOLE ? blackhole : wormhole;
}

} // namespace ttemu
