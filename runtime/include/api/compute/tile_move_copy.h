// Copy tiles from a circular buffer into DST.
#pragma once

#include "api/compute/common.h"

namespace ckernel {

ALWI void copy_tile_init(uint32_t /*cbid*/ = 0) { ttemu::compute::initOp(); }
ALWI void copy_tile_to_dst_init_short(uint32_t /*cbid*/ = 0, uint32_t /*transpose*/ = 0) {
  ttemu::compute::initOp();
}
/// Current name of the copy init (tt-metal's tile_move_copy.h).
ALWI void copy_init(uint32_t cbid, uint32_t transpose = 0,
                    uint32_t transpose_within_16x16_face = 0) {
  (void)transpose_within_16x16_face;
  copy_tile_to_dst_init_short(cbid, transpose);
}
ALWI void copy_tile_to_dst_init_short_with_dt(uint32_t, uint32_t, uint32_t = 0) {
  ttemu::compute::initOp();
}

/// DST[dst_tile_index] = tile `in_tile_index` (from the front) of CB in_cb_id.
ALWI void copy_tile(uint32_t in_cb_id, uint32_t in_tile_index,
                    uint32_t dst_tile_index) {
  ttemu::compute::copyTile(in_cb_id, in_tile_index, dst_tile_index);
}

ALWI void copy_block_matmul_partials(uint32_t in_cb_id, uint32_t start_in_tile_index,
                                     uint32_t start_dst_tile_index, uint32_t ntiles) {
  for (uint32_t i = 0; i < ntiles; ++i)
    ttemu::compute::copyTile(in_cb_id, start_in_tile_index + i,
                             start_dst_tile_index + i);
}

} // namespace ckernel
