// Round r of `rounds`: frees its one-page CB 0, tells the sender (semaphore
// "ready"), waits until the "valid" semaphore says round r + 1 has arrived,
// and writes the tile to page r * num_receivers + index of the output.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t dst_addr = get_arg_val<uint32_t>(0);
  uint32_t sender_x = get_arg_val<uint32_t>(1),
           sender_y = get_arg_val<uint32_t>(2);
  uint32_t rounds = get_arg_val<uint32_t>(3);
  uint32_t index = get_arg_val<uint32_t>(4);
  uint32_t num_receivers = get_arg_val<uint32_t>(5);
  constexpr uint32_t cb = 0;
  uint32_t tile_bytes = get_tile_size(cb);

  uint64_t ready = get_noc_addr(sender_x, sender_y,
                                get_semaphore(get_compile_time_arg_val(0)));
  auto *valid = reinterpret_cast<volatile tt_l1_ptr uint32_t *>(
      get_semaphore(get_compile_time_arg_val(1)));
  const InterleavedAddrGen<true> dst = {.bank_base_address = dst_addr,
                                        .page_size = tile_bytes};
  for (uint32_t r = 0; r < rounds; ++r) {
    cb_reserve_back(cb, 1);
    noc_semaphore_inc(ready, 1);
    noc_semaphore_wait(valid, r + 1);
    cb_push_back(cb, 1);
    cb_wait_front(cb, 1);
    noc_async_write(get_read_ptr(cb),
                    get_noc_addr(r * num_receivers + index, dst), tile_bytes);
    noc_async_write_barrier();
    cb_pop_front(cb, 1);
  }
}
