// Hand-written writer for PlanRunnerTest: CB 16 to tiles [start, start+n)
// of C.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t c_addr = get_arg_val<uint32_t>(0);
  uint32_t n = get_arg_val<uint32_t>(1);
  uint32_t start = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb_c = 16;
  constexpr auto c_args = TensorAccessorArgs<0>();
  const auto c = TensorAccessor(c_args, c_addr, get_tile_size(cb_c));
  for (uint32_t i = 0; i < n; ++i) {
    cb_wait_front(cb_c, 1);
    noc_async_write_tile(start + i, c, get_read_ptr(cb_c));
    noc_async_write_barrier();
    cb_pop_front(cb_c, 1);
  }
}
