// Prints CB tile sizes known at compile time (get_tile_size is constexpr)
// through DEVICE_PRINT, and typed DPRINT values.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "api/debug/device_print.h"
#include "api/debug/dprint.h"

void kernel_main() {
  constexpr uint32_t small = get_tile_size(tt::CBIndex::c_0);
  constexpr uint32_t large = get_tile_size(tt::CBIndex::c_16);
  static_assert(small > 0 && large > 0);
  uint32_t v = get_arg_val<uint32_t>(0);
  DEVICE_PRINT("tiles {} and {}, arg {}; {1} again {{literal}}\n", small, large, v);
  DEVICE_PRINT("no newline, ");
  DEVICE_PRINT("then {}\n", uint8_t(7));
  DPRINT << U32(uint8_t(200)) << " " << I8(int8_t(-3)) << " " << F32(1.5f) << " "
         << BF16(uint16_t(0x4049)) << ENDL();
}
