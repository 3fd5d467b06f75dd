// Feeds compute_kernel_lib::matmul_block: for each batch slice and each of
// the Kt / block_w K blocks, one in0 block (Mt x block_w tiles of A,
// row-major) into CB 0 and one in1 block (block_w x Nt tiles of B,
// row-major) into CB 1, as the matmul examples' block readers do.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t a_addr = get_arg_val<uint32_t>(0);
  uint32_t b_addr = get_arg_val<uint32_t>(1);
  uint32_t Mt = get_arg_val<uint32_t>(2);
  uint32_t Kt = get_arg_val<uint32_t>(3);
  uint32_t Nt = get_arg_val<uint32_t>(4);
  uint32_t block_w = get_arg_val<uint32_t>(5);
  uint32_t batch = get_arg_val<uint32_t>(6);
  constexpr uint32_t cb_a = tt::CBIndex::c_0, cb_b = tt::CBIndex::c_1;
  constexpr auto a_args = TensorAccessorArgs<0>();
  constexpr auto b_args = TensorAccessorArgs<a_args.next_compile_time_args_offset()>();
  const auto a = TensorAccessor(a_args, a_addr, get_tile_size(cb_a));
  const auto b = TensorAccessor(b_args, b_addr, get_tile_size(cb_b));
  const uint32_t tile = get_tile_size(cb_a);
  for (uint32_t s = 0; s < batch; ++s) {
    for (uint32_t k0 = 0; k0 < Kt; k0 += block_w) {
      cb_reserve_back(cb_a, Mt * block_w);
      uint32_t l1 = get_write_ptr(cb_a);
      for (uint32_t m = 0; m < Mt; ++m)
        for (uint32_t k = 0; k < block_w; ++k, l1 += tile)
          noc_async_read_tile(s * Mt * Kt + m * Kt + k0 + k, a, l1);
      cb_reserve_back(cb_b, block_w * Nt);
      l1 = get_write_ptr(cb_b);
      for (uint32_t k = 0; k < block_w; ++k)
        for (uint32_t n = 0; n < Nt; ++n, l1 += tile)
          noc_async_read_tile(s * Kt * Nt + (k0 + k) * Nt + n, b, l1);
      noc_async_read_barrier();
      cb_push_back(cb_a, Mt * block_w);
      cb_push_back(cb_b, block_w * Nt);
    }
  }
}
