// Writes tiles start..start+n-1 from the CB named by compile-time arg 0;
// the buffer's TensorAccessorArgs follow at 1 (ez::ProgramBuilder::writer).
#include <cstdint>

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  uint32_t start = get_arg_val<uint32_t>(1);
  uint32_t n = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb = get_compile_time_arg_val(0);
  constexpr auto args = TensorAccessorArgs<1>();
  const auto dst = TensorAccessor(args, addr, get_tile_size(cb));
  for (uint32_t i = start; i < start + n; ++i) {
    cb_wait_front(cb, 1);
    noc_async_write_tile(i, dst, get_read_ptr(cb));
    noc_async_write_barrier();
    cb_pop_front(cb, 1);
  }
}
