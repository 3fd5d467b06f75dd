// Signals the sender that its CB slot is free, waits for the multicast, and
// writes the received tile to page `page` of the output.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t dst_addr = get_arg_val<uint32_t>(0);
  uint32_t sender_x = get_arg_val<uint32_t>(1), sender_y = get_arg_val<uint32_t>(2);
  uint32_t page = get_arg_val<uint32_t>(3);
  constexpr uint32_t cb = 0;
  uint32_t tile_bytes = get_tile_size(cb);

  uint32_t ready_addr = get_semaphore(get_compile_time_arg_val(0));
  auto *valid = reinterpret_cast<volatile tt_l1_ptr uint32_t *>(
      get_semaphore(get_compile_time_arg_val(1)));

  cb_reserve_back(cb, 1);
  noc_semaphore_set(valid, 0);
  noc_semaphore_inc(get_noc_addr(sender_x, sender_y, ready_addr), 1);
  noc_semaphore_wait(valid, 1);
  cb_push_back(cb, 1);

  cb_wait_front(cb, 1);
  const InterleavedAddrGen<true> dst = {.bank_base_address = dst_addr,
                                        .page_size = tile_bytes};
  noc_async_write(get_read_ptr(cb), get_noc_addr(page, dst), tile_bytes);
  noc_async_write_barrier();
  cb_pop_front(cb, 1);
}
