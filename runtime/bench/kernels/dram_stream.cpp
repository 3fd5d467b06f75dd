// Streams `packets` reads of `packet` bytes from DRAM bank `bank` (offsets
// base, base + packet, ...) into CB 0, `depth` reads per barrier: the
// DRAM-read bandwidth probe of tt-metal's Saturating_DRAM_bandwidth
// reports, without transaction ids (a barrier waits for the whole group).
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t bank = get_arg_val<uint32_t>(0);
  uint32_t base = get_arg_val<uint32_t>(1);
  uint32_t packet = get_arg_val<uint32_t>(2);
  uint32_t packets = get_arg_val<uint32_t>(3);
  uint32_t depth = get_arg_val<uint32_t>(4);
  uint32_t l1 = get_write_ptr(0);
  for (uint32_t i = 0; i < packets; i += depth) {
    for (uint32_t j = 0; j < depth && i + j < packets; ++j)
      noc_async_read(
          get_noc_addr_from_bank_id<true>(bank, base + (i + j) * packet),
          l1 + j * packet, packet);
    noc_async_read_barrier();
  }
}
