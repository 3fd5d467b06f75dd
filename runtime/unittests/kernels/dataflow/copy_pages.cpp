// Copies `n` pages of one interleaved buffer to another through CB 0 with
// accessors built without a page size: the page size comes from the host's
// TensorAccessorArgs (the buffer's aligned page size).
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t dst_addr = get_arg_val<uint32_t>(1);
  uint32_t n = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb = tt::CBIndex::c_0;
  constexpr auto src_args = TensorAccessorArgs<0>();
  constexpr auto dst_args =
      TensorAccessorArgs<src_args.next_compile_time_args_offset()>();
  static_assert(src_args.get_aligned_page_size() ==
                get_compile_time_arg_val(dst_args.next_compile_time_args_offset()));
  const auto src = TensorAccessor(src_args, src_addr);
  const auto dst = TensorAccessor(dst_args, dst_addr);
  for (uint32_t i = 0; i < n; ++i) {
    cb_reserve_back(cb, 1);
    noc_async_read_page(i, src, get_write_ptr(cb));
    noc_async_read_barrier();
    noc_async_write_page(i, dst, get_write_ptr(cb));
    noc_async_write_barrier();
    cb_push_back(cb, 1);
    cb_wait_front(cb, 1);
    cb_pop_front(cb, 1);
  }
}
