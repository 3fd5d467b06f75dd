// Writes the Mt x Nt output tiles in order.
#include "dataflow_api.h"

void kernel_main() {
  uint32_t dst_addr = get_arg_val<uint32_t>(0);
  uint32_t Mt = get_arg_val<uint32_t>(1);
  uint32_t Nt = get_arg_val<uint32_t>(3);
  constexpr uint32_t cb_id_out0 = tt::CBIndex::c_16;
  constexpr auto s_args = TensorAccessorArgs<0>();
  const auto s = TensorAccessor(s_args, dst_addr, get_tile_size(cb_id_out0));
  for (uint32_t i = 0; i < Mt * Nt; ++i) {
    cb_wait_front(cb_id_out0, 1);
    noc_async_write_tile(i, s, get_read_ptr(cb_id_out0));
    noc_async_write_barrier();
    cb_pop_front(cb_id_out0, 1);
  }
}
