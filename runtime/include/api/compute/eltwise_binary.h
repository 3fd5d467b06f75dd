// Element-wise add/sub/mul of two CB tiles on the FPU into DST.
#pragma once

#include "api/compute/common.h"

namespace ckernel {

ALWI void binary_op_init_common(uint32_t, uint32_t, uint32_t) {
  ttemu::compute::setBinaryAccumulate(false);
  ttemu::compute::initOp();
}

template <bool full_init, EltwiseBinaryType eltwise_binary_type>
ALWI void binary_tiles_init(uint32_t, uint32_t, bool acc_to_dest = false) {
  ttemu::compute::setBinaryAccumulate(acc_to_dest);
  ttemu::compute::initOp();
}

ALWI void mul_tiles_init(uint32_t icb0 = 0, uint32_t icb1 = 1) {
  binary_tiles_init<true, ELWMUL>(icb0, icb1);
}
/// acc_to_dest: DST[idst] += A op B instead of DST[idst] = A op B.
ALWI void add_tiles_init(uint32_t icb0 = 0, uint32_t icb1 = 1,
                         bool acc_to_dest = false) {
  binary_tiles_init<true, ELWADD>(icb0, icb1, acc_to_dest);
}
ALWI void sub_tiles_init(uint32_t icb0 = 0, uint32_t icb1 = 1,
                         bool acc_to_dest = false) {
  binary_tiles_init<true, ELWSUB>(icb0, icb1, acc_to_dest);
}
// Current names of the paired inits (tt-metal's eltwise_binary.h): the same
// full init as the *_tiles_init forms.
ALWI void add_init(uint32_t icb0, uint32_t icb1, bool acc_to_dest = false) {
  add_tiles_init(icb0, icb1, acc_to_dest);
}
ALWI void sub_init(uint32_t icb0, uint32_t icb1, bool acc_to_dest = false) {
  sub_tiles_init(icb0, icb1, acc_to_dest);
}
ALWI void mul_init(uint32_t icb0, uint32_t icb1) { mul_tiles_init(icb0, icb1); }
ALWI void add_tiles_init_nof() { add_tiles_init(); }
ALWI void sub_tiles_init_nof() { sub_tiles_init(); }
ALWI void mul_tiles_init_f() { mul_tiles_init(); }

ALWI void add_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0,
                    uint32_t itile1, uint32_t idst) {
  ttemu::compute::binaryTiles(ttemu::compute::BinaryOp::Add,
                              ttemu::compute::Bcast::None, icb0, icb1, itile0,
                              itile1, idst);
}
ALWI void sub_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0,
                    uint32_t itile1, uint32_t idst) {
  ttemu::compute::binaryTiles(ttemu::compute::BinaryOp::Sub,
                              ttemu::compute::Bcast::None, icb0, icb1, itile0,
                              itile1, idst);
}
ALWI void mul_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0,
                    uint32_t itile1, uint32_t idst) {
  ttemu::compute::binaryTiles(ttemu::compute::BinaryOp::Mul,
                              ttemu::compute::Bcast::None, icb0, icb1, itile0,
                              itile1, idst);
}

template <EltwiseBinaryType eltwise_binary_type = ELWADD,
          EltwiseBinaryReuseDestType binary_reuse_dest =
              EltwiseBinaryReuseDestType::NONE>
ALWI void binary_dest_reuse_tiles_init(uint32_t /*icb0*/) {
  ttemu::compute::initOp();
}

/// DEST_TO_SRCA: DST = DST op CB tile; DEST_TO_SRCB: DST = CB tile op DST.
template <EltwiseBinaryType eltwise_binary_type = ELWADD,
          EltwiseBinaryReuseDestType binary_reuse_dest =
              EltwiseBinaryReuseDestType::NONE>
ALWI void binary_dest_reuse_tiles(uint32_t in_cb_id, uint32_t in_tile_index,
                                  uint32_t dst_tile_index) {
  ttemu::compute::binaryDestReuse(
      emu::binaryOp(eltwise_binary_type),
      binary_reuse_dest != EltwiseBinaryReuseDestType::DEST_TO_SRCB, in_cb_id,
      in_tile_index, dst_tile_index);
}

} // namespace ckernel
