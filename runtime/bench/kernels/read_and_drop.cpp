// Reads `num_tiles` tiles of an interleaved DRAM buffer into CB 0 and
// discards them: a NOC-read throughput probe.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t num_tiles = get_arg_val<uint32_t>(1);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(args, src_addr, get_tile_size(0));
  for (uint32_t i = 0; i < num_tiles; ++i) {
    cb_reserve_back(0, 1);
    noc_async_read_tile(i, src, get_write_ptr(0));
    noc_async_read_barrier();
    cb_push_back(0, 1);
    cb_wait_front(0, 1);
    cb_pop_front(0, 1);
  }
}
