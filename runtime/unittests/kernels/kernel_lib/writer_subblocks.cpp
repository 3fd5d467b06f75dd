// Writes matmul_block's output: out_h x out_w subblocks from CB 16, in
// subblock order (row of subblocks by row), each subblock's tiles row-major,
// to their places in the row-major Mt x Nt tile grid of C.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t c_addr = get_arg_val<uint32_t>(0);
  uint32_t Mt = get_arg_val<uint32_t>(1);
  uint32_t Nt = get_arg_val<uint32_t>(2);
  uint32_t out_h = get_arg_val<uint32_t>(3);
  uint32_t out_w = get_arg_val<uint32_t>(4);
  uint32_t batch = get_arg_val<uint32_t>(5);
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  constexpr auto c_args = TensorAccessorArgs<0>();
  const auto c = TensorAccessor(c_args, c_addr, get_tile_size(cb_out));
  const uint32_t tile = get_tile_size(cb_out);
  for (uint32_t s = 0; s < batch; ++s)
    for (uint32_t m0 = 0; m0 < Mt; m0 += out_h)
      for (uint32_t n0 = 0; n0 < Nt; n0 += out_w) {
        cb_wait_front(cb_out, out_h * out_w);
        uint32_t l1 = get_read_ptr(cb_out);
        for (uint32_t i = 0; i < out_h; ++i)
          for (uint32_t j = 0; j < out_w; ++j, l1 += tile)
            noc_async_write_tile(s * Mt * Nt + (m0 + i) * Nt + n0 + j, c, l1);
        noc_async_write_barrier();
        cb_pop_front(cb_out, out_h * out_w);
      }
}
