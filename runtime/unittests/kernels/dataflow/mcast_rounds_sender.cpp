// Round r of `rounds`: reads tile r from DRAM, waits until all `num_dests`
// receivers have freed their CB page (semaphore "ready"), multicasts the
// tile into their CB 0 and then round number r + 1 into their "valid"
// semaphore. The tile is staged at the address of this core's CB 0, which
// is where every receiver's one-page CB 0 sits too.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t x0 = get_arg_val<uint32_t>(1), y0 = get_arg_val<uint32_t>(2);
  uint32_t x1 = get_arg_val<uint32_t>(3), y1 = get_arg_val<uint32_t>(4);
  uint32_t num_dests = get_arg_val<uint32_t>(5);
  uint32_t rounds = get_arg_val<uint32_t>(6);
  constexpr uint32_t cb = 0;
  uint32_t tile_bytes = get_tile_size(cb);

  auto *ready = reinterpret_cast<volatile tt_l1_ptr uint32_t *>(
      get_semaphore(get_compile_time_arg_val(0)));
  uint32_t valid_addr = get_semaphore(get_compile_time_arg_val(1));
  auto *valid = reinterpret_cast<volatile tt_l1_ptr uint32_t *>(valid_addr);

  const InterleavedAddrGen<true> src = {.bank_base_address = src_addr,
                                        .page_size = tile_bytes};
  uint32_t l1 = get_write_ptr(cb);
  for (uint32_t r = 0; r < rounds; ++r) {
    noc_async_read(get_noc_addr(r, src), l1, tile_bytes);
    noc_async_read_barrier();
    noc_semaphore_wait(ready, num_dests);
    noc_semaphore_set(ready, 0);
    noc_async_write_multicast(l1, get_noc_multicast_addr(x0, y0, x1, y1, l1),
                              tile_bytes, num_dests);
    noc_semaphore_set(valid, r + 1);
    noc_semaphore_set_multicast(
        valid_addr, get_noc_multicast_addr(x0, y0, x1, y1, valid_addr),
        num_dests);
    noc_async_write_barrier();
  }
}
