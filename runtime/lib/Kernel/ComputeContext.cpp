// The compute owner's view of the calling thread: settings and op costs.
//
// A compute kernel runs on three TRISCs (UNPACK, MATH, PACK) that work
// concurrently on the device. The emulator runs the kernel's code once and
// charges each operation to the TRISCs it occupies, each with its own clock
// and the hand-offs the hardware has between them (docs/COST_MODEL.md,
// "Compute pipeline"):
//  - UNPACK fills one of the two source-register banks; it may start op n
//    once MATH has finished op n-2 (the bank's previous user);
//  - MATH starts an op once its operands are unpacked, and a DST section
//    once PACK has released it (tile_regs_acquire);
//  - PACK starts a DST section once MATH committed it (tile_regs_wait), and
//    releases it for MATH at tile_regs_release.
#include "Kernel/RunState.h"
#include "ttemu/kernel_context.h"

namespace ttemu {
namespace {

uint64_t clockOf(const ThreadRun &t, Trisc p) {
  return t.pipe.active == p ? t.clock : t.pipe.clock[static_cast<int>(p)];
}

const char *opName(CostOp op) {
  static const char *names[] = {"unpack",
                                "pack",
                                "copy_tile",
                                "matmul_tiles",
                                "eltwise_binary",
                                "sfpu",
                                "reduce",
                                "transpose",
                                "tile_regs_acquire",
                                "tile_regs_release",
                                "init",
                                "tile_regs_commit",
                                "tile_regs_wait",
                                "acquire_dst",
                                "release_dst",
                                "mul_tiles",
                                "reduce_max",
                                "sfpu",
                                "sfpu",
                                "sfpu",
                                "pack (L1 acc)"};
  auto i = static_cast<size_t>(op);
  return i < sizeof(names) / sizeof(names[0]) ? names[i] : "compute";
}

/// Runs `cycles` of work on TRISC `p` of `t`, starting no earlier than
/// `ready`; returns when it ends.
uint64_t stage(Run &r, ThreadRun &t, Trisc p, uint64_t ready, Stall cause,
               uint64_t cycles, CostOp op) {
  useTrisc(t, p);
  waitFor(t, ready, cause);
  uint64_t start = t.clock;
  busyFor(t, cycles);
  if (r.tracing && cycles)
    t.triscTrace[static_cast<int>(p)].push_back({opName(op), start, t.clock});
  return t.clock;
}

/// Charges one operation of a compute kernel to its TRISCs.
void chargeCompute(Run &r, ThreadRun &t, CostOp op, num::DataFormat fmt) {
  ComputePipe &p = t.pipe;
  CostTable::Stages s =
      r.cost.computeStages(op, fmt, t.kernel->compute.mathFidelity);
  switch (op) {
  case CostOp::DstAcquire:
  case CostOp::DstAcquireFull:
    stage(r, t, Trisc::Math, p.halfFreeAt[p.half], Stall::DstFree, s.math, op);
    return;
  case CostOp::DstCommit:
    p.committedAt = stage(r, t, Trisc::Math, 0, Stall::Operands, s.math, op);
    return;
  case CostOp::DstWait:
    stage(r, t, Trisc::Pack, p.committedAt, Stall::DstReady, s.pack, op);
    return;
  case CostOp::DstRelease:
  case CostOp::DstReleaseFull: {
    // release_dst also ends math's section: pack waits for it first.
    uint64_t ready = 0;
    if (op == CostOp::DstReleaseFull)
      ready = p.committedAt = clockOf(t, Trisc::Math);
    p.halfFreeAt[p.half] =
        stage(r, t, Trisc::Pack, ready, Stall::DstReady, s.pack, op);
    p.half ^= 1;
    return;
  }
  case CostOp::InitOp:
    stage(r, t, Trisc::Unpack, 0, Stall::SrcRegs, s.unpack, op);
    stage(r, t, Trisc::Math, 0, Stall::Operands, s.math, op);
    stage(r, t, Trisc::Pack, 0, Stall::DstReady, s.pack, op);
    return;
  case CostOp::PackTile:
  case CostOp::PackTileAccumulate:
    // Packs what math has written so far: after tile_regs_wait that is the
    // committed section; inside acquire_dst it is math's clock now.
    stage(r, t, Trisc::Pack, std::max(p.committedAt, clockOf(t, Trisc::Math)),
          Stall::DstReady, s.pack, op);
    return;
  default:
    break;
  }
  uint64_t operands = 0;
  uint32_t bank = p.srcBank;
  if (s.unpack) {
    operands = stage(r, t, Trisc::Unpack, p.srcFreeAt[bank], Stall::SrcRegs,
                     s.unpack, op);
    p.srcBank ^= 1;
  }
  uint64_t done =
      stage(r, t, Trisc::Math, operands, Stall::Operands, s.math, op);
  if (s.unpack)
    p.srcFreeAt[bank] = done;
}

} // namespace

const ComputeSettings &computeSettings() { return self().kernel->compute; }

bool timingOnlyRun() { return run().timingOnly; }

void chargeOp(CostOp op, num::DataFormat fmt, uint32_t count) {
  ThreadRun &t = self();
  Run &r = run();
  for (uint32_t i = 0; i < count; ++i) {
    if (t.processor == Processor::TRISC) {
      chargeCompute(r, t, op, fmt);
      continue;
    }
    CostTable::Stages s =
        r.cost.computeStages(op, fmt, t.kernel->compute.mathFidelity);
    busyFor(t, s.unpack + s.math + s.pack);
  }
  if (op == CostOp::MatmulTile)
    t.flops += uint64_t(2) * 32 * 32 * 32 * count;
  else if (op == CostOp::EltwiseBinaryTile || op == CostOp::EltwiseMulTile ||
           op == CostOp::SfpuTile || op == CostOp::SfpuSimpleTile ||
           op == CostOp::SfpuApproxTile || op == CostOp::SfpuPreciseTile)
    t.flops += uint64_t(1024) * count;
}

} // namespace ttemu
