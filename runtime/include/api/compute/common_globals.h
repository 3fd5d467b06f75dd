// Globals every compute kernel sees: ALWI, the kernel entry macros, the
// ckernel enums, and the compile-time configuration defaults.
//
// Kernel entry point. Compute kernels are written either as
//   namespace NAMESPACE { void MAIN { ... } }
// or (newer) as `void kernel_main() { ... }`. NAMESPACE names an *inline*
// namespace declared here and MAIN expands to `kernel_main()`, so in both
// styles an unqualified call `kernel_main()` placed after the kernel source
// in the same translation unit (the core's JIT wrapper does this) reaches the
// kernel. A compute kernel runs as one thread that plays unpack, math and
// pack in program order; the DST protocol is still checked.
//
// DST_ACCUM_MODE, APPROX and MATH_FIDELITY only exist for source
// compatibility: the emulator reads fp32_dest_acc_en, math_approx_mode and
// math_fidelity from the kernel's ComputeConfig at run time
// (ttemu::computeSettings()), so template arguments that repeat them are
// ignored.
#pragma once

#include <cstdint>

#include "api/compute/emu/compute_emu.h"

#ifndef ALWI
#define ALWI inline __attribute__((always_inline))
#endif

// A constant, not a macro, as tt-metal's generated chlkc_dst_accum_mode.h
// has it: kernels test `#if defined(DST_ACCUM_MODE)` for an accumulate
// variant that is not the default (tt-metal's eltwise_binary.cpp).
#ifndef DST_ACCUM_MODE
constexpr bool DST_ACCUM_MODE = false;
#endif
#ifndef APPROX
#define APPROX false
#endif

// The same definitions as the core's kernel prelude (ttemu/kernel_prelude.h),
// which the JIT includes first; repeated so the headers stand alone.
#ifndef NAMESPACE
#define NAMESPACE ttemu_kernel_ns
#endif
#ifndef MAIN
#define MAIN kernel_main()
#endif
inline namespace ttemu_kernel_ns {}
#ifdef __clang__
// The kernel reopens the namespace as `namespace NAMESPACE {`, which stays
// inline; clang notes that with a warning.
#pragma clang diagnostic ignored "-Winline-namespace-reopened-noninline"
#endif

namespace ckernel {

enum PoolType { SUM, AVG, MAX };
enum ReduceDim { REDUCE_ROW, REDUCE_COL, REDUCE_SCALAR };
enum class BroadcastType : uint8_t { NONE, COL, ROW, SCALAR };
enum EltwiseBinaryType { ELWMUL, ELWDIV, ELWADD, ELWSUB, ELWLESS };
enum class EltwiseBinaryReuseDestType : uint8_t { NONE, DEST_TO_SRCA, DEST_TO_SRCB };
enum class DstRoundingMode : uint8_t { Default, NearestEven };
enum VectorMode { None = 0, R = 1, C = 2, RC = 4, RC_custom = 6, Invalid = 0xFF };

namespace emu {
/// ttemu's enums for the tt-metal ones above.
constexpr ttemu::compute::Bcast bcast(BroadcastType b) {
  switch (b) {
  case BroadcastType::COL:
    return ttemu::compute::Bcast::Col;
  case BroadcastType::ROW:
    return ttemu::compute::Bcast::Row;
  case BroadcastType::SCALAR:
    return ttemu::compute::Bcast::Scalar;
  default:
    return ttemu::compute::Bcast::None;
  }
}
constexpr ttemu::compute::BinaryOp binaryOp(EltwiseBinaryType t) {
  return t == ELWADD   ? ttemu::compute::BinaryOp::Add
         : t == ELWSUB ? ttemu::compute::BinaryOp::Sub
                       : ttemu::compute::BinaryOp::Mul;
}
} // namespace emu

} // namespace ckernel

// Kernels call the API unqualified, as on the device.
using namespace ckernel;
