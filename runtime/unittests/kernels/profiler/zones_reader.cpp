// Reads `n` tiles into CB 0, each inside a "READ-TILE" zone, and marks each
// with DeviceTimestampedData (payload i + 2^32) and DeviceRecordEvent(i), as
// tt-metal's profiler examples do. No include: the profiler macros come with
// every kernel, as on the device.
#include <cstdint>

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t n = get_arg_val<uint32_t>(1);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(args, src_addr, get_tile_size(0));
  for (uint32_t i = 0; i < n; ++i) {
    DeviceZoneScopedN("READ-TILE");
    cb_reserve_back(0, 1);
    noc_async_read_tile(i, src, get_write_ptr(0));
    noc_async_read_barrier();
    cb_push_back(0, 1);
    DeviceTimestampedData("TILE", i + (uint64_t(1) << 32));
    DeviceRecordEvent(i);
  }
}
