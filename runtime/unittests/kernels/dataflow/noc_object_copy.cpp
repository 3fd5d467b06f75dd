// Copies n tiles DRAM -> CB 0 -> DRAM with the Device 2.0 objects: Noc
// transfers between TensorAccessor pages and a CircularBuffer, the second
// half of each tile addressed with offset_bytes.
#include <cstdint>

#include "api/dataflow/circular_buffer.h"
#include "api/dataflow/noc.h"
#include "api/tensor/noc_traits.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t dst_addr = get_arg_val<uint32_t>(1);
  uint32_t n = get_arg_val<uint32_t>(2);
  constexpr auto src_args = TensorAccessorArgs<0>();
  constexpr auto dst_args =
      TensorAccessorArgs<src_args.next_compile_time_args_offset()>();
  const auto src = TensorAccessor(src_args, src_addr);
  const auto dst = TensorAccessor(dst_args, dst_addr);
  Noc noc;
  CircularBuffer cb(tt::CBIndex::c_0);
  const uint32_t half = cb.get_tile_size() / 2;
  for (uint32_t i = 0; i < n; ++i) {
    cb.reserve_back(1);
    noc.async_read(src, cb, half, {.page_id = i}, {.offset_bytes = 0});
    noc.async_read(src, cb, half, {.page_id = i, .offset_bytes = half},
                   {.offset_bytes = half});
    noc.async_read_barrier();
    cb.push_back(1);
    cb.wait_front(1);
    noc.async_write(use<CircularBuffer::AddrSelector::READ_PTR>(cb), dst,
                    2 * half, {.offset_bytes = 0}, {.page_id = i});
    noc.async_write_barrier();
    cb.pop_front(1);
  }
}
