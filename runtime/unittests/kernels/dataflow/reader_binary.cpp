// Reads tile i of A into CB 0 and tile i of B into CB 1 (older
// InterleavedAddrGenFast accessors, dataflow_api.h include path).
#include <cstdint>

#include "dataflow_api.h"

void kernel_main() {
  uint32_t a_addr = get_arg_val<uint32_t>(0);
  uint32_t b_addr = get_arg_val<uint32_t>(1);
  uint32_t n = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb_a = 0, cb_b = 1;
  const InterleavedAddrGenFast<true> a = {.bank_base_address = a_addr,
                                          .page_size = get_tile_size(cb_a),
                                          .data_format = get_dataformat(cb_a)};
  const InterleavedAddrGenFast<true> b = {.bank_base_address = b_addr,
                                          .page_size = get_tile_size(cb_b),
                                          .data_format = get_dataformat(cb_b)};
  for (uint32_t i = 0; i < n; ++i) {
    cb_reserve_back(cb_a, 1);
    cb_reserve_back(cb_b, 1);
    noc_async_read_tile(i, a, get_write_ptr(cb_a));
    noc_async_read_tile(i, b, get_write_ptr(cb_b));
    noc_async_read_barrier();
    cb_push_back(cb_a, 1);
    cb_push_back(cb_b, 1);
  }
}
