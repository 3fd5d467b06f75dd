// Raw L1 stores and loads through a device L1 address (args: addr, rounds)
// with a yield point between each, so that under fibers the other cores'
// kernels run on the same host thread between two raw accesses of this one:
// each access must still reach this core's L1. Word r gets a value naming
// the core and r; word `rounds` their sum, read back through the window.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  uint32_t rounds = get_arg_val<uint32_t>(1);
  constexpr uint32_t cb = tt::CBIndex::c_0;
  volatile uint32_t *p = reinterpret_cast<volatile uint32_t *>(addr);
  uint32_t tag = get_absolute_logical_x() * 16u + get_absolute_logical_y();
  for (uint32_t r = 0; r < rounds; ++r) {
    p[r] = tag * 1000u + r;
    cb_reserve_back(cb, 1);
    cb_push_back(cb, 1);
    cb_wait_front(cb, 1);
    cb_pop_front(cb, 1);
  }
  uint32_t sum = 0;
  for (uint32_t r = 0; r < rounds; ++r) {
    sum += p[r];
    cb_reserve_back(cb, 1);
    cb_push_back(cb, 1);
    cb_wait_front(cb, 1);
    cb_pop_front(cb, 1);
  }
  p[rounds] = sum;
}
