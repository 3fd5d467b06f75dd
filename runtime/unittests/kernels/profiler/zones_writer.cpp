// Writes `n` tiles from CB 16, each inside a "WRITE-TILE" zone.
#include <cstdint>

void kernel_main() {
  uint32_t dst_addr = get_arg_val<uint32_t>(0);
  uint32_t n = get_arg_val<uint32_t>(1);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto dst = TensorAccessor(args, dst_addr, get_tile_size(16));
  for (uint32_t i = 0; i < n; ++i) {
    DeviceZoneScopedN("WRITE-TILE");
    cb_wait_front(16, 1);
    noc_async_write_tile(i, dst, get_read_ptr(16));
    noc_async_write_barrier();
    cb_pop_front(16, 1);
  }
}
