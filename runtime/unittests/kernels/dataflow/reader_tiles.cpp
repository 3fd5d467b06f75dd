// Reads `num_tiles` tiles of an interleaved buffer into CB 0, one at a time.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t num_tiles = get_arg_val<uint32_t>(1);
  uint32_t start_id = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb_in = tt::CBIndex::c_0;
  constexpr auto src_args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(src_args, src_addr, get_tile_size(cb_in));
  for (uint32_t i = 0; i < num_tiles; ++i) {
    cb_reserve_back(cb_in, 1);
    noc_async_read_tile(start_id + i, src, get_write_ptr(cb_in));
    noc_async_read_barrier();
    cb_push_back(cb_in, 1);
  }
}
