// Writes tiles [start, start + n) of C from the CB of compile-time arg 0.
#include <cstdint>

void kernel_main() {
  uint32_t c_addr = get_arg_val<uint32_t>(0);
  uint32_t n = get_arg_val<uint32_t>(1);
  uint32_t start = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb = get_compile_time_arg_val(0);
  const InterleavedAddrGenFast<true> c = {.bank_base_address = c_addr,
                                          .page_size = get_tile_size(cb),
                                          .data_format = DataFormat::Float16_b};
  for (uint32_t i = start; i < start + n; i++) {
    cb_wait_front(cb, 1);
    noc_async_write_tile(i, c, get_read_ptr(cb));
    noc_async_write_barrier();
    cb_pop_front(cb, 1);
  }
}
