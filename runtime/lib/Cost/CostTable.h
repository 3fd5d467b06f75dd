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
  /// ... per read that programs the command buffer (noc_async_read; a read
  /// with preset state costs nocIssue).
  uint32_t nocReadIssue;
  /// Flight of a NOC packet to its destination (data visible there), and
  /// the round trip of a request and its response (a read's data, a
  /// write's or atomic's acknowledgement).
  uint32_t nocOneWay, nocRoundTrip;
  uint32_t dramLatency;     // a DRAM access's latency beyond the round trip
  double nocBytesPerCycle;  // per NOC port, and per router-to-router link
  /// Largest NOC packet (NOC_MAX_BURST_SIZE): a transfer is cut into
  /// packets of at most this many bytes, each with one header flit.
  uint32_t nocMaxBurstBytes;
  /// Cycles a transfer of `bytes` holds each link of its route: one flit a
  /// cycle, the payload's flits plus a header flit a packet.
  uint64_t linkCycles(uint32_t bytes) const;
  double dramBytesPerCycle; // per DRAM bank
  /// The most one core's noc_async_reads of DRAM pages bring back a cycle,
  /// whatever the banks (tt-metal's single-reader DRAM measurements);
  /// reads with preset state (one bank, bh_dram_read) are not limited so.
  double dramReadBytesPerCycle;
  /// Multicast (noc_async_write_multicast, noc_semaphore_set_multicast):
  /// the sender's port is held for a set-up time plus the payload at a rate
  /// below the link's, both growing with the destination count D; fitted
  /// as linear in sqrt(D) through tt-metal's 2x2 and 5x5 measurements
  /// (docs/COST_MODEL.md).
  double mcastSetup2x2, mcastSetupPerSide;     // cycles at D = 4; per sqrt(D)
  double mcastCyclesPerByte2x2, mcastCyclesPerBytePerSide;
  /// Up to a few KB the payload streams behind the set-up at this rate
  /// (cycles a byte, the same for every D); larger ones are bound by the
  /// per-D rate above.
  double mcastCyclesPerByteSmall;
  /// Cycles the sender's port is held by a multicast of `bytes` to
  /// `numDests` cores.
  uint64_t multicastCycles(uint32_t bytes, uint32_t numDests) const;
  uint32_t semaphoreOp;
  uint32_t dstSync;     // one DST handshake (acquire/commit/wait/release)
  uint32_t initOp;      // one *_init call, on each TRISC it configures
  /// MATH cycles of one matmul_tiles beyond the FPU's 16 a fidelity phase:
  /// per phase (the MOP's outer loop) and per tile product.
  uint32_t matmulPhaseIssue, matmulTileIssue;
  /// L1 -> source register (unpacker) and DST -> L1 (packer) rates.
  double unpackBytesPerCycle, packBytesPerCycle;
  /// PACK cycles of one tile packed with L1 accumulation (read, add, write).
  uint32_t packAccumulateTile;
  /// MATH cycles of a transcendental SFPU op on one bf16 tile, approximate
  /// (math_approx_mode) and accurate.
  uint32_t sfpuApproxTile, sfpuPreciseTile;

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
