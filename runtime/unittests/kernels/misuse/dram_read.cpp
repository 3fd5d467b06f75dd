// Reads `bytes` bytes at byte `offset` of page `page` of a DRAM buffer
// (pages of `page_size` bytes) into L1 address `dst` (0: CB 0's write
// pointer).
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  uint32_t page = get_arg_val<uint32_t>(1);
  uint32_t offset = get_arg_val<uint32_t>(2);
  uint32_t bytes = get_arg_val<uint32_t>(3);
  uint32_t pageSize = get_arg_val<uint32_t>(4);
  uint32_t dst = get_arg_val<uint32_t>(5);
  const InterleavedAddrGen<true> s = {.bank_base_address = addr,
                                      .page_size = pageSize};
  if (dst == 0) {
    cb_reserve_back(0, 1);
    dst = get_write_ptr(0);
  }
  noc_async_read(get_noc_addr(page, s, offset), dst, bytes);
  noc_async_read_barrier();
}
