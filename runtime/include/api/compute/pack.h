// Pack from DST into a circular buffer, and packer reconfiguration.
#pragma once

#include "api/compute/common_globals.h"

namespace ckernel {

/// Packs DST[ifrom_dst] into the reserved back of CB `icb`: sequentially
/// (the next unpacked page since cb_push_back) or, with out_of_order_output,
/// at page `output_tile_index`. Rounds to the CB's format.
template <bool out_of_order_output = false>
ALWI void pack_tile(uint32_t ifrom_dst, uint32_t icb,
                    uint32_t output_tile_index = 0) {
  ttemu::compute::packTile(ifrom_dst, icb, output_tile_index,
                           out_of_order_output);
}

/// Packs `ntiles` consecutive DST tiles from 0.
ALWI void pack_tile_block(uint32_t ifrom_dst, uint32_t icb, uint32_t ntiles) {
  for (uint32_t i = 0; i < ntiles; ++i)
    ttemu::compute::packTile(ifrom_dst + i, icb, 0, false);
}

// The emulator packs into each CB's own format, so reconfiguration has no
// numerical effect (the device would need it; it is charged as an init).
ALWI void pack_reconfig_data_format(uint32_t /*new_cb_id*/) {
  ttemu::compute::initOp();
}
ALWI void pack_reconfig_data_format(uint32_t /*old_cb_id*/, uint32_t /*new_cb_id*/) {
  ttemu::compute::initOp();
}
template <bool is_tile_dim_reconfig_en = false>
ALWI void pack_reconfig_data_format(uint32_t new_cb_id) {
  pack_reconfig_data_format(new_cb_id);
}

/// Non-zero: pack adds to the values already in the destination page.
ALWI void pack_reconfig_l1_acc(uint32_t l1_acc_en) {
  ttemu::compute::setPackL1Accumulate(l1_acc_en != 0);
}

} // namespace ckernel
