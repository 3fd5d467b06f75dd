// Per-architecture cost table: cycles of kernel API operations and the
// bandwidth/latency of NOC and DRAM transfers. The numbers are first-order
// estimates from public Tensix descriptions, kept in one place so that a
// calibrated model can replace them.
#pragma once

#include <cstdint>

#include "ttemu/kernel_context.h"

namespace ttemu {

struct ArchSpec;

struct CostTable {
  uint32_t apiCall;          // argument reads, pointer queries
  uint32_t cbOp;             // reserve/push/wait/pop bookkeeping
  uint32_t nocIssue;         // cycles the issuing thread spends per request
  uint32_t nocLatency;       // core-to-core flight time
  uint32_t dramLatency;      // extra latency of a DRAM access
  double nocBytesPerCycle;   // per NOC port
  double dramBytesPerCycle;  // per DRAM bank
  uint32_t semaphoreOp;

  /// Cycles of one compute operation on one tile of `fmt` at `fidelity`.
  uint64_t computeCycles(CostOp op, num::DataFormat fmt,
                         num::MathFidelity fidelity) const;
};

const CostTable &costTableFor(const ArchSpec &arch);

} // namespace ttemu
