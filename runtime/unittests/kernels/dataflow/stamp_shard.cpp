// Writes {VALID, INVALID, core tag, page} into each page of CB 0, a CB on
// this core's shard: VALID / INVALID come with dataflow_api.h, as in
// tt-metal, and the CB's write pointer is the shard's L1 address.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t pages = get_arg_val<uint32_t>(0);
  uint32_t pageBytes = get_arg_val<uint32_t>(1);
  cb_reserve_back(0, pages);
  uint32_t base = get_write_ptr(0);
  uint32_t tag = get_absolute_logical_x() * 16u + get_absolute_logical_y();
  for (uint32_t p = 0; p < pages; ++p) {
    volatile uint32_t *w = reinterpret_cast<volatile uint32_t *>(base + p * pageBytes);
    w[0] = VALID;
    w[1] = INVALID;
    w[2] = tag;
    w[3] = p;
  }
  cb_push_back(0, pages);
}
