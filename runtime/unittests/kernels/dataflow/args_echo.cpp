// Writes what it sees (runtime args 0-1, common arg 0, NOC coordinates, NOC
// index, compile-time arg 0, and a marker holding the logical coordinates
// from get_absolute_logical_x/y) as 8 words to page `arg 2` of the buffer at `arg 3`.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  cb_reserve_back(0, 1);
  auto *words = reinterpret_cast<volatile uint32_t *>(get_write_ptr(0));
  words[0] = get_arg_val<uint32_t>(0);
  words[1] = get_arg_val<uint32_t>(1);
  words[2] = get_common_arg_val<uint32_t>(0);
  words[3] = my_x[0];
  words[4] = my_y[0];
  words[5] = noc_index;
  words[6] = get_compile_time_arg_val(0);
  words[7] = 0xC0000000u | (uint32_t(get_absolute_logical_x()) << 8) |
             get_absolute_logical_y();
  const InterleavedAddrGen<true> out = {.bank_base_address = get_arg_val<uint32_t>(3),
                                        .page_size = 32};
  noc_async_write(get_write_ptr(0), get_noc_addr(get_arg_val<uint32_t>(2), out), 32);
  noc_async_write_barrier();
  cb_push_back(0, 1);
}
