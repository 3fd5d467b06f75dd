// Misuse: publishes a CB page while the NOC read filling it is in flight.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  const InterleavedAddrGen<true> s = {.bank_base_address = addr,
                                      .page_size = 2048};
  cb_reserve_back(0, 1);
  noc_async_read(get_noc_addr(0, s), get_write_ptr(0), 2048);
  cb_push_back(0, 1);
}
