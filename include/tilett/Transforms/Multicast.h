//===- Multicast.h - Loads shared by a row or column of cores --*- C++ -*-===//
//
// A load whose tiles do not depend on one of the launch-grid indices reads
// the same tiles in every block along that axis; when the work partition
// puts such blocks on a row (or column) of cores at the same step, one core
// can read them from DRAM and multicast them to the others (the 2-D
// multicast of tt-metal's hand-written matmul_multicore_reuse_mcast). This
// is the analysis both TTTilesToCoreMap (to choose a partition that lines
// blocks up) and the lowering (to emit the multicast) use, so that they
// agree on which loads are shared.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TRANSFORMS_MULTICAST_H
#define TILETT_TRANSFORMS_MULTICAST_H

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <array>
#include <optional>

namespace mlir::tilett {

/// The launch-grid axis along which every block loads the same tiles with
/// `load` at each step of the loops around it: 0 when its global offsets do
/// not depend on bx (blocks with equal by share it), 1 when they do not
/// depend on by. std::nullopt for a grid that is not 2-D, an offset that
/// depends on both or on memory, a load under control flow other than
/// loops whose bounds are the same in every block, or a 1-D buffer.
std::optional<int64_t> getSharedLoadAxis(tl::KernelOp kernel, tl::CopyOp load);

/// Whether the loads of `kernel` include one that blocks share.
bool hasSharedLoad(tl::KernelOp kernel);

/// Whether every row (`axis` 0) or column (`axis` 1) of the cores that
/// `partition` (tt.work_partition) gives work to can share a load of that
/// axis: at least two cores, adjacent along the row (column), with the same
/// number of work items and, at every step, the same block index along the
/// other grid axis (by for a row, bx for a column). The row or column then
/// runs in lock step, one core reading and the others receiving.
bool isMulticastPartition(DictionaryAttr partition, int64_t axis);

/// Bytes one block of `kernel` reads from global memory, by how its loads
/// are shared: [0] along rows of blocks (axis 0), [1] along columns, [2]
/// not shared. Loads in loops count once per iteration.
std::array<int64_t, 3> getBlockLoadBytes(tl::KernelOp kernel);

} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_MULTICAST_H
