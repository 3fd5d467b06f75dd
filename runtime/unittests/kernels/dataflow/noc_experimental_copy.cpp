// Copies n tiles DRAM -> CB 0 -> DRAM with the Device 2.0 objects spelled as
// tt-metal's newest example readers spell them: experimental::Noc and
// experimental::CircularBuffer from the experimental/ headers.
#include <cstdint>

#include "experimental/circular_buffer.h"
#include "experimental/noc.h"
#include "experimental/tensor.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t dst_addr = get_arg_val<uint32_t>(1);
  uint32_t n = get_arg_val<uint32_t>(2);
  constexpr auto src_args = TensorAccessorArgs<0>();
  constexpr auto dst_args = TensorAccessorArgs<src_args.next_compile_time_args_offset()>();
  const auto src = TensorAccessor(src_args, src_addr);
  const auto dst = TensorAccessor(dst_args, dst_addr);
  experimental::Noc noc;
  experimental::CircularBuffer cb(tt::CBIndex::c_0);
  const uint32_t tile = cb.get_tile_size();
  for (uint32_t i = 0; i < n; ++i) {
    cb.reserve_back(1);
    noc.async_read(src, cb, tile, {.page_id = i}, {.offset_bytes = 0});
    noc.async_read_barrier();
    cb.push_back(1);
    cb.wait_front(1);
    noc.async_write(experimental::use<experimental::CircularBuffer::AddrSelector::READ_PTR>(cb),
                    dst, tile, {.offset_bytes = 0}, {.page_id = i});
    noc.async_write_barrier();
    cb.pop_front(1);
  }
}
