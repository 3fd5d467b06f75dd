// Unpacker source-format reconfiguration. The emulator unpacks every CB in
// its own format, so these only charge an init.
#pragma once

#include "api/compute/common_globals.h"

namespace ckernel {

ALWI void reconfig_data_format(uint32_t, uint32_t) { ttemu::compute::initOp(); }
ALWI void reconfig_data_format(uint32_t, uint32_t, uint32_t, uint32_t) {
  ttemu::compute::initOp();
}
ALWI void reconfig_data_format_srca(uint32_t) { ttemu::compute::initOp(); }
ALWI void reconfig_data_format_srca(uint32_t, uint32_t) { ttemu::compute::initOp(); }
ALWI void reconfig_data_format_srcb(uint32_t) { ttemu::compute::initOp(); }
ALWI void reconfig_data_format_srcb(uint32_t, uint32_t) { ttemu::compute::initOp(); }

template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void unpack_reconfig_data_format(uint32_t, uint32_t) {
  ttemu::compute::initOp();
}

} // namespace ckernel
