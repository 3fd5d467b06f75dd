// Misuse: reads page `arg 1` of a buffer that has fewer pages.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  uint32_t page = get_arg_val<uint32_t>(1);
  const InterleavedAddrGen<true> s = {.bank_base_address = addr,
                                      .page_size = 2048};
  cb_reserve_back(0, 1);
  noc_async_read(get_noc_addr(page, s), get_write_ptr(0), 2048);
  noc_async_read_barrier();
}
