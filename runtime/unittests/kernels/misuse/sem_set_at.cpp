// noc_semaphore_set through a device L1 address (`arg 0`) cast to a
// pointer, as kernels may do with an L1 buffer's address().
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  noc_semaphore_set(reinterpret_cast<volatile uint32_t *>(addr), 7);
}
