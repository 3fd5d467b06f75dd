// Reads DRAM tile 0 into CB page 0 with transaction id 1 and tile 1 into
// page 1 with id 2, waits for id 1 only, then pushes `pushes` pages: one is
// safe, two publish a page id 2 may still be writing.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t src = get_arg_val<uint32_t>(0);
  uint32_t pushes = get_arg_val<uint32_t>(1);
  uint32_t tile = get_tile_size(0);
  const InterleavedAddrGen<true> gen = {.bank_base_address = src,
                                        .page_size = tile};
  cb_reserve_back(0, 2);
  uint32_t l1 = get_write_ptr(0);
  noc_async_read_set_trid(1);
  noc_async_read(get_noc_addr(0, gen), l1, tile);
  noc_async_read_set_trid(2);
  noc_async_read(get_noc_addr(1, gen), l1 + tile, tile);
  noc_async_read_barrier_with_trid(1);
  cb_push_back(0, pushes);
  noc_async_read_barrier_with_trid(2);
  if (pushes < 2)
    cb_push_back(0, 2 - pushes);
}
