// The compute owner's view of the calling thread: settings and op costs.
#include "Kernel/RunState.h"
#include "ttemu/kernel_context.h"

namespace ttemu {

const ComputeSettings &computeSettings() { return self().kernel->compute; }

void chargeOp(CostOp op, num::DataFormat fmt, uint32_t count) {
  ThreadRun &t = self();
  Run &r = run();
  uint64_t start = t.clock;
  busyFor(t, r.cost.computeCycles(op, fmt, t.kernel->compute.mathFidelity) *
                 count);
  if (op == CostOp::MatmulTile)
    t.flops += uint64_t(2) * 32 * 32 * 32 * count;
  else if (op == CostOp::EltwiseBinaryTile || op == CostOp::SfpuTile)
    t.flops += uint64_t(1024) * count;
  if (r.tracing) {
    static const char *names[] = {"unpack", "pack",    "copy_tile",
                                  "matmul_tiles", "eltwise_binary", "sfpu",
                                  "reduce", "transpose", "acquire_dst",
                                  "release_dst",  "init"};
    r.record(t, names[static_cast<int>(op)], start);
  }
}

} // namespace ttemu
