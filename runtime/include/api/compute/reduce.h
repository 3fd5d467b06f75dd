// Reduce a CB tile along rows, columns or both into DST, scaled by a scaler
// tile. REDUCE_ROW leaves row sums in column 0, REDUCE_COL column sums in
// row 0, REDUCE_SCALAR the total in element (0, 0); other DST elements are
// untouched. SUM/AVG: sum_k A[..][k] * S[0][k] (S is the scaler tile; AVG is
// SUM with a 1/N scaler, as on the device), accumulated into DST across
// calls; MAX: max_k A * S[0][0], maxed with DST across calls.
#pragma once

#include "api/compute/common.h"

#ifdef REDUCE_OP
#define TTEMU_REDUCE_OP_DEFAULT = REDUCE_OP
#else
#define TTEMU_REDUCE_OP_DEFAULT = PoolType::SUM
#endif
#ifdef REDUCE_DIM
#define TTEMU_REDUCE_DIM_DEFAULT = REDUCE_DIM
#else
#define TTEMU_REDUCE_DIM_DEFAULT = ReduceDim::REDUCE_ROW
#endif

namespace ckernel {

namespace emu {
constexpr ttemu::compute::ReducePool pool(PoolType t) {
  return t == MAX   ? ttemu::compute::ReducePool::Max
         : t == AVG ? ttemu::compute::ReducePool::Avg
                    : ttemu::compute::ReducePool::Sum;
}
constexpr ttemu::compute::ReduceAxis axis(ReduceDim d) {
  return d == REDUCE_COL      ? ttemu::compute::ReduceAxis::Col
         : d == REDUCE_SCALAR ? ttemu::compute::ReduceAxis::Scalar
                              : ttemu::compute::ReduceAxis::Row;
}
} // namespace emu

template <PoolType reduce_type TTEMU_REDUCE_OP_DEFAULT,
          ReduceDim reduce_dim TTEMU_REDUCE_DIM_DEFAULT,
          bool enforce_fp32_accumulation = false>
ALWI void reduce_init(uint32_t, uint32_t, uint32_t, uint32_t = 0) {
  ttemu::compute::initOp();
}

template <bool enforce_fp32_accumulation = false>
ALWI void reduce_uninit(uint32_t = 0) {
  ttemu::compute::initOp();
}

template <bool at_start, PoolType reduce_type TTEMU_REDUCE_OP_DEFAULT,
          ReduceDim reduce_dim TTEMU_REDUCE_DIM_DEFAULT>
ALWI void reduce_init_delta(uint32_t = 0, uint32_t = 0, uint32_t = 0) {
  ttemu::compute::initOp();
}
template <ReduceDim reduce_dim TTEMU_REDUCE_DIM_DEFAULT>
ALWI void reduce_revert_delta(uint32_t = 0) {
  ttemu::compute::initOp();
}

template <PoolType reduce_type TTEMU_REDUCE_OP_DEFAULT,
          ReduceDim reduce_dim TTEMU_REDUCE_DIM_DEFAULT,
          bool enforce_fp32_accumulation = false>
ALWI void reduce_tile(uint32_t icb, uint32_t icb_scaler, uint32_t itile,
                      uint32_t itile_scaler, uint32_t idst) {
  ttemu::compute::reduceTile(emu::pool(reduce_type), emu::axis(reduce_dim),
                             icb, icb_scaler, itile, itile_scaler, idst);
}

} // namespace ckernel

#undef TTEMU_REDUCE_OP_DEFAULT
#undef TTEMU_REDUCE_DIM_DEFAULT
