// Consumes `n` pages of CB `cb` (args: n, cb) without reading them.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t n = get_arg_val<uint32_t>(0);
  uint32_t cb = get_arg_val<uint32_t>(1);
  cb_wait_front(cb, n);
  cb_pop_front(cb, n);
}
