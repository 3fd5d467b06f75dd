// Writes CB 0's first page to page `page` of an interleaved L1 buffer.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  uint32_t page = get_arg_val<uint32_t>(1);
  uint32_t pageSize = get_arg_val<uint32_t>(2);
  const InterleavedAddrGen<false> s = {.bank_base_address = addr,
                                       .page_size = pageSize};
  cb_reserve_back(0, 1);
  noc_async_write(get_write_ptr(0), get_noc_addr(page, s), pageSize);
  noc_async_write_barrier();
}
