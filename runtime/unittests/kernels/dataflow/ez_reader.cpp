// Reads tiles start..start+n-1 into the CB named by compile-time arg 0; the
// buffer's TensorAccessorArgs follow at 1, as ez::ProgramBuilder::reader
// places them (given args first).
#include <cstdint>

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  uint32_t start = get_arg_val<uint32_t>(1);
  uint32_t n = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb = get_compile_time_arg_val(0);
  constexpr auto args = TensorAccessorArgs<1>();
  const auto src = TensorAccessor(args, addr, get_tile_size(cb));
  for (uint32_t i = start; i < start + n; ++i) {
    cb_reserve_back(cb, 1);
    noc_async_read_tile(i, src, get_write_ptr(cb));
    noc_async_read_barrier();
    cb_push_back(cb, 1);
  }
}
