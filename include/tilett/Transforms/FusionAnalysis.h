//===- FusionAnalysis.h - Which tile ops may share DST tiles ----*- C++ -*-===//
//
// The dataflow facts LowerTTTileIntrinsics needs to keep a chain of
// element-wise ops in DST instead of round-tripping every intermediate
// through its circular buffer (KernelLowering.h, "Fusion"):
//
// * whether a whole-buffer tile op replaces a buffer's value without reading
//   it (`overwrites`), and whether the value a buffer holds after an op is
//   ever read again (`isDeadAfter`), across loop iterations and up to the end
//   of the kernel body;
// * copy forwarding: a local-to-local `tl.copy S to X` of the same 2-D type,
//   whole tiles (no padding), whose value of X is only read until X is next
//   written, while S is not written, is removed and its readers read S
//   (`forwardLocalCopies`). The copy's
//   tiles then never go through X's CB, and the first op that writes X reads
//   S's tiles directly (a load's CB, while the reader streams it in).
//
// All of it works on whole-buffer `tl` ops in program order: a tl op either
// reads or writes all tiles of the buffers it names (IR_CONTRACTS.md).
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_TRANSFORMS_FUSIONANALYSIS_H
#define TILETT_TRANSFORMS_FUSIONANALYSIS_H

#include "tilett/Dialect/TL/IR/TLOps.h"

namespace mlir::tilett::fusion {

/// Whether `op` or an op nested in it uses `buffer`.
bool touches(Operation *op, Value buffer);

/// Whether `op` replaces every element of `buffer` without reading the old
/// value: a tl.parallel that stores to it and never loads it, a fill or
/// clear, a copy into it from another buffer, a reduce with clear into it
/// from another buffer, a gemm with clear_accum into it.
bool overwrites(Operation *op, Value buffer);

/// Whether some op nested in `op` (or `op` itself) may write `buffer`.
bool mayWrite(Operation *op, Value buffer);

/// Whether the value `buffer` holds right after `op` is never read: on every
/// path from `op` (the rest of its block, the next iterations of enclosing
/// loops, the code after them) the next op that touches `buffer` overwrites
/// it, or the kernel body ends. Conservative: anything else is live.
bool isDeadAfter(Operation *op, Value buffer);

/// Removes the forwardable local copies in `kernel` (see the file comment),
/// rewriting their readers to read the source. Returns how many it removed.
int64_t forwardLocalCopies(tl::KernelOp kernel);

} // namespace mlir::tilett::fusion

#endif // TILETT_TRANSFORMS_FUSIONANALYSIS_H
