// Consumes `num_tiles` pages of CB 0, polling cb_pages_available_at_front
// before each instead of blocking in cb_wait_front.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t num_tiles = get_arg_val<uint32_t>(0);
  for (uint32_t i = 0; i < num_tiles; ++i) {
    while (!cb_pages_available_at_front(0, 1)) {
    }
    cb_wait_front(0, 1);
    cb_pop_front(0, 1);
  }
}
