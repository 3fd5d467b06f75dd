//===- GridIndependence.h - May blocks of a tl.kernel run in any order? -*- C++ -*-===//
//
// The reference interpreter runs the blocks of a launch grid on several host
// threads only when the result cannot depend on their order. This is the
// conservative, static test it uses.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_RUNNER_GRIDINDEPENDENCE_H
#define TILETT_RUNNER_GRIDINDEPENDENCE_H

namespace mlir::tilett::tl {
class KernelOp;
} // namespace mlir::tilett::tl

namespace mlir::tilett::runner {

/// True when every order of the blocks of `kernel` (and so running them
/// concurrently) gives the same global tensors as the serial order:
///  - globals are touched only by tl.copy and memref.load (no memref.store,
///    no other op on a global), and every other buffer is allocated inside
///    the kernel (so per block);
///  - no global tensor is both read and written;
///  - the windows the tl.copy stores write are disjoint across blocks: their
///    offsets are affine in the block indices with the same coefficients,
///    and each block index with extent > 1 alone strides some dimension by
///    at least the union of those windows' extents in it.
/// False whenever it cannot tell.
bool blocksAreIndependent(tl::KernelOp kernel);

} // namespace mlir::tilett::runner

#endif // TILETT_RUNNER_GRIDINDEPENDENCE_H
