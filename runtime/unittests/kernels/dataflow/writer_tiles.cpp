// Writes `num_tiles` tiles from the CB named by compile-time arg 0 to an
// interleaved buffer, starting at tile `start_id`.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t dst_addr = get_arg_val<uint32_t>(0);
  uint32_t num_tiles = get_arg_val<uint32_t>(1);
  uint32_t start_id = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb_out = get_compile_time_arg_val(0);
  constexpr auto dst_args = TensorAccessorArgs<1>();
  static_assert(dst_args.next_compile_time_args_offset() == 3);
  const auto dst = TensorAccessor(dst_args, dst_addr, get_tile_size(cb_out));
  for (uint32_t i = 0; i < num_tiles; ++i) {
    cb_wait_front(cb_out, 1);
    noc_async_write_tile(start_id + i, dst, get_read_ptr(cb_out));
    noc_async_write_barrier();
    cb_pop_front(cb_out, 1);
  }
}
