// Per-architecture cost table: cycles of kernel API operations and the
// bandwidth/latency of NOC and DRAM transfers, in one place so that the
// figures and their sources (docs/COST_MODEL.md) can be checked together.
#pragma once

#include <cstdint>

#include "ttemu/kernel_context.h"

namespace ttemu {

struct ArchSpec;

struct CostTable {
  uint32_t apiCall;         // argument reads, pointer queries
  uint32_t cbOp;            // reserve/push/wait/pop bookkeeping
  uint32_t nocIssue;        // cycles the issuing thread spends per request
  uint32_t nocLatency;      // core-to-core flight time
  uint32_t dramLatency;     // extra latency of a DRAM access
  double nocBytesPerCycle;  // per NOC port
  double dramBytesPerCycle; // per DRAM bank
  uint32_t semaphoreOp;
  uint32_t dstSync;     // one DST handshake (acquire/commit/wait/release)
  uint32_t initOp;      // one *_init call, on each TRISC it configures
  uint32_t matmulIssue; // MATH cycles per matmul_tiles beyond the FPU's

  /// Which TRISCs an operation occupies (docs/COST_MODEL.md).
  struct Stages {
    uint64_t unpack = 0, math = 0, pack = 0;
  };
  /// Cycles of one compute operation on one tile of `fmt` at `fidelity`,
  /// split by TRISC.
  Stages computeStages(CostOp op, num::DataFormat fmt,
                       num::MathFidelity fidelity) const;
  /// Unpack of one tile of `fmt` from L1 into a source register.
  uint64_t unpackTile(num::DataFormat fmt) const;
  /// Pack of one tile from DST into L1 as `fmt`.
  uint64_t packTile(num::DataFormat fmt) const;
};

const CostTable &costTableFor(const ArchSpec &arch);

} // namespace ttemu
