// Publishes `n` pages of each CB listed after it (args: n, cb...) without
// writing them: a producer that costs next to nothing, so that the timing of
// the compute kernel it feeds shows alone.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t n = get_arg_val<uint32_t>(0);
  uint32_t cbs = get_arg_val<uint32_t>(1);
  for (uint32_t i = 0; i < cbs; ++i) {
    uint32_t cb = get_arg_val<uint32_t>(2 + i);
    cb_reserve_back(cb, n);
    cb_push_back(cb, n);
  }
}
