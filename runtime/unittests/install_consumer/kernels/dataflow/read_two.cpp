// Reads tiles [start, start + n) of A and B into the CBs named by
// compile-time args 0 and 1.
#include <cstdint>

void kernel_main() {
  uint32_t a_addr = get_arg_val<uint32_t>(0);
  uint32_t b_addr = get_arg_val<uint32_t>(1);
  uint32_t n = get_arg_val<uint32_t>(2);
  uint32_t start = get_arg_val<uint32_t>(3);
  constexpr uint32_t cb_a = get_compile_time_arg_val(0);
  constexpr uint32_t cb_b = get_compile_time_arg_val(1);
  const uint32_t tile = get_tile_size(cb_a);
  const InterleavedAddrGenFast<true> a = {.bank_base_address = a_addr, .page_size = tile,
                                          .data_format = DataFormat::Float16_b};
  const InterleavedAddrGenFast<true> b = {.bank_base_address = b_addr, .page_size = tile,
                                          .data_format = DataFormat::Float16_b};
  for (uint32_t i = start; i < start + n; i++) {
    cb_reserve_back(cb_a, 1);
    cb_reserve_back(cb_b, 1);
    noc_async_read_tile(i, a, get_write_ptr(cb_a));
    noc_async_read_tile(i, b, get_write_ptr(cb_b));
    noc_async_read_barrier();
    cb_push_back(cb_a, 1);
    cb_push_back(cb_b, 1);
  }
}
