// Element-wise binary ops with operand B broadcast: ROW uses B's first row
// for every row, COL B's first column for every column, SCALAR B[0][0].
#pragma once

#include "api/compute/common.h"

namespace ckernel {

template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim>
ALWI void init_bcast(uint32_t, uint32_t, uint32_t) {
  ttemu::compute::setBinaryAccumulate(false);
  ttemu::compute::initOp();
}

template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim>
ALWI void any_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0,
                          uint32_t itile1, uint32_t idst) {
  ttemu::compute::binaryTiles(emu::binaryOp(tBcastOp), emu::bcast(tBcastDim),
                              icb0, icb1, itile0, itile1, idst);
}

template <BroadcastType tBcastDim>
ALWI void add_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0,
                          uint32_t itile1, uint32_t idst) {
  any_tiles_bcast<ELWADD, tBcastDim>(icb0, icb1, itile0, itile1, idst);
}
template <BroadcastType tBcastDim>
ALWI void sub_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0,
                          uint32_t itile1, uint32_t idst) {
  any_tiles_bcast<ELWSUB, tBcastDim>(icb0, icb1, itile0, itile1, idst);
}
template <BroadcastType tBcastDim>
ALWI void mul_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0,
                          uint32_t itile1, uint32_t idst) {
  any_tiles_bcast<ELWMUL, tBcastDim>(icb0, icb1, itile0, itile1, idst);
}

// {add,sub,mul}_tiles_bcast_{rows,cols,scalar}(icb0, icb1, itile0, itile1, idst).
#define TTEMU_BCAST_OP(op, suffix, type, dim)                                  \
  ALWI void op##_tiles_bcast_##suffix(uint32_t icb0, uint32_t icb1,            \
                                      uint32_t itile0, uint32_t itile1,        \
                                      uint32_t idst) {                         \
    any_tiles_bcast<type, BroadcastType::dim>(icb0, icb1, itile0, itile1,      \
                                              idst);                           \
  }
TTEMU_BCAST_OP(add, rows, ELWADD, ROW)
TTEMU_BCAST_OP(add, cols, ELWADD, COL)
TTEMU_BCAST_OP(add, scalar, ELWADD, SCALAR)
TTEMU_BCAST_OP(sub, rows, ELWSUB, ROW)
TTEMU_BCAST_OP(sub, cols, ELWSUB, COL)
TTEMU_BCAST_OP(sub, scalar, ELWSUB, SCALAR)
TTEMU_BCAST_OP(mul, rows, ELWMUL, ROW)
TTEMU_BCAST_OP(mul, cols, ELWMUL, COL)
TTEMU_BCAST_OP(mul, scalar, ELWMUL, SCALAR)
#undef TTEMU_BCAST_OP

// unary_bcast: copy a tile into DST with its first row (ROW), first column
// (COL) or first element (SCALAR) repeated over the tile.
template <BroadcastType bcast_type>
ALWI void unary_bcast_init(uint32_t /*icb*/, uint32_t /*ocb*/ = 16) {
  ttemu::compute::initOp();
}
template <BroadcastType bcast_type>
ALWI void reconfigure_unary_bcast(uint32_t, uint32_t, uint32_t = 0,
                                  uint32_t = 0) {}
template <BroadcastType bcast_type>
ALWI void unary_bcast(uint32_t icb, uint32_t in_tile_index,
                      uint32_t dst_tile_index) {
  ttemu::compute::unaryBcastTile(emu::bcast(bcast_type), icb, in_tile_index,
                                 dst_tile_index);
}

#define TTEMU_BCAST_INIT(name)                                                 \
  ALWI void name(uint32_t = 0, uint32_t = 1, uint32_t = 16) {                  \
    ttemu::compute::setBinaryAccumulate(false);                                \
    ttemu::compute::initOp();                                                  \
  }
TTEMU_BCAST_INIT(add_bcast_rows_init_short)
TTEMU_BCAST_INIT(add_bcast_cols_init_short)
TTEMU_BCAST_INIT(add_bcast_scalar_init_short)
TTEMU_BCAST_INIT(add_tiles_bcast_scalar_init_short)
TTEMU_BCAST_INIT(sub_bcast_cols_init_short)
TTEMU_BCAST_INIT(sub_bcast_rows_init_short)
TTEMU_BCAST_INIT(sub_bcast_scalar_init_short)
TTEMU_BCAST_INIT(sub_tiles_bcast_scalar_init_short)
TTEMU_BCAST_INIT(mul_bcast_rows_init_short)
TTEMU_BCAST_INIT(mul_bcast_cols_init_short)
TTEMU_BCAST_INIT(mul_bcast_scalar_init_short)
TTEMU_BCAST_INIT(mul_tiles_bcast_scalar_init_short)
#undef TTEMU_BCAST_INIT

} // namespace ckernel
