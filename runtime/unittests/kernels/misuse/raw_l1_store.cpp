// Stores a word through a raw pointer made from L1 address `arg 0`, as
// tt-metal kernels may do with an L1 buffer's address().
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  *reinterpret_cast<volatile uint32_t *>(addr) = 0xdeadbeef;
  // An API call after the store: where the watcher aborted the run, this
  // is where the kernel stops.
  noc_async_write_barrier();
}
