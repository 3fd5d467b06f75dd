// Pops CB 0 (a globally allocated CB) `n` pages at a time without waiting.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t n = get_arg_val<uint32_t>(0);
  cb_pop_front(0, n);
}
