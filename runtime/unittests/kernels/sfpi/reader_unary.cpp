// Reads tiles 0..n-1 of one interleaved buffer into CB 0.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  uint32_t n = get_arg_val<uint32_t>(1);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(args, addr, get_tile_size(0));
  for (uint32_t i = 0; i < n; ++i) {
    cb_reserve_back(0, 1);
    noc_async_read_tile(i, src, get_write_ptr(0));
    noc_async_read_barrier();
    cb_push_back(0, 1);
  }
}
