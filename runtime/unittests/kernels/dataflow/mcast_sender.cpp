// Reads one tile from DRAM, waits until every receiver is ready, multicasts
// the tile and then a "valid" flag to the receivers, and stores its own copy.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t dst_addr = get_arg_val<uint32_t>(1);
  uint32_t x0 = get_arg_val<uint32_t>(2), y0 = get_arg_val<uint32_t>(3);
  uint32_t x1 = get_arg_val<uint32_t>(4), y1 = get_arg_val<uint32_t>(5);
  uint32_t num_dests = get_arg_val<uint32_t>(6);
  constexpr uint32_t cb = 0;
  uint32_t tile_bytes = get_tile_size(cb);

  auto *ready = reinterpret_cast<volatile tt_l1_ptr uint32_t *>(
      get_semaphore(get_compile_time_arg_val(0)));
  uint32_t valid_addr = get_semaphore(get_compile_time_arg_val(1));
  auto *valid = reinterpret_cast<volatile tt_l1_ptr uint32_t *>(valid_addr);

  const InterleavedAddrGen<true> src = {.bank_base_address = src_addr,
                                        .page_size = tile_bytes};
  cb_reserve_back(cb, 1);
  uint32_t l1 = get_write_ptr(cb);
  noc_async_read(get_noc_addr(0, src), l1, tile_bytes);
  noc_async_read_barrier();

  noc_semaphore_wait(ready, num_dests);
  noc_semaphore_set(ready, 0);
  noc_async_write_multicast(l1, get_noc_multicast_addr(x0, y0, x1, y1, l1),
                            tile_bytes, num_dests);
  *valid = 1;
  noc_semaphore_set_multicast(
      valid_addr, get_noc_multicast_addr(x0, y0, x1, y1, valid_addr),
      num_dests);
  noc_async_write_barrier();

  const InterleavedAddrGen<true> dst = {.bank_base_address = dst_addr,
                                        .page_size = tile_bytes};
  noc_async_write(l1, get_noc_addr(0, dst), tile_bytes);
  noc_async_write_barrier();
  cb_push_back(cb, 1);
}
