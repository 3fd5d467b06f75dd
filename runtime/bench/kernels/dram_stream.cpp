// Streams `packets` reads of `packet` bytes from DRAM bank `bank` (offsets
// base, base + packet, ...) into CB 0 with `depth` reads in flight: a ring
// of transaction ids, waiting for the oldest only when the ring is full, as
// the reader of tt-metal's bh_dram_read microbenchmark does.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t bank = get_arg_val<uint32_t>(0);
  uint32_t base = get_arg_val<uint32_t>(1);
  uint32_t packet = get_arg_val<uint32_t>(2);
  uint32_t packets = get_arg_val<uint32_t>(3);
  uint32_t depth = get_arg_val<uint32_t>(4);
  uint32_t l1 = get_write_ptr(0);
  uint64_t bank_noc_base = get_noc_addr_from_bank_id<true>(bank, 0);
  noc_async_read_one_packet_set_state(bank_noc_base, packet);
  uint32_t issue = 1, wait = 1, in_flight = 0, offset = base;
  for (uint32_t i = 0; i < packets; ++i) {
    noc_async_read_one_packet_with_state_with_trid(
        bank_noc_base, offset, l1 + (issue - 1) * packet, issue);
    offset += packet;
    issue = issue % depth + 1;
    if (++in_flight == depth) {
      noc_async_read_barrier_with_trid(wait);
      wait = wait % depth + 1;
      --in_flight;
    }
  }
  for (; in_flight > 0; --in_flight) {
    noc_async_read_barrier_with_trid(wait);
    wait = wait % depth + 1;
  }
}
