//===- RefKernels.h - Dense fp64 kernels of the reference interpreter -*- C++ -*-===//
//
// The hot loops of TLInterpreter, kept apart so that unit tests can compare
// each fast path against its straightforward form. Every fast path here
// computes the same fp64 values as its naive twin (same operations, same
// order per output element): the reference stays an fp64 oracle of the
// TileLang program, only faster. `tilett run` of a large GEMM used to spend
// most of its wall time in these loops.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_RUNNER_REFKERNELS_H
#define TILETT_RUNNER_REFKERNELS_H

#include <cstdint>

namespace mlir::tilett::runner::ref {

/// C (m x n, row-major) = (clearAccum ? 0 : C) + op(A) op(B), where A is
/// m x k (k x m when `transA`) and B is k x n (n x k when `transB`). Each
/// C element adds its products in increasing k, every product rounded to
/// fp64 before the add (no fused multiply-add), exactly like `gemmNaive`.
/// Blocked for the cache and vectorised (AVX-512 when the host has it).
void gemm(const double *a, const double *b, double *c, int64_t m, int64_t n,
          int64_t k, bool transA, bool transB, bool clearAccum);

/// The triple loop `gemm` must agree with, bit for bit.
void gemmNaive(const double *a, const double *b, double *c, int64_t m,
               int64_t n, int64_t k, bool transA, bool transB,
               bool clearAccum);

/// Round to nearest even of `x` to bf16 / f16, straight from fp64 (one
/// rounding, not via f32). Normal-range values take a few integer
/// operations; zeros, subnormals, infinities and NaNs take llvm::APFloat.
double roundToBF16(double x);
double roundToF16(double x);

} // namespace mlir::tilett::runner::ref

#endif // TILETT_RUNNER_REFKERNELS_H
