// Treats a device L1 address from the host (an L1 buffer's address(), not a
// pointer) as a pointer, as tt-metal kernels may: fills n words with values
// naming this core, then stores their sum after them.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "api/debug/dprint.h"

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  uint32_t n = get_arg_val<uint32_t>(1);
  volatile uint32_t *p = reinterpret_cast<volatile uint32_t *>(addr);
  uint32_t tag = get_absolute_logical_x() * 16u + get_absolute_logical_y();
  for (uint32_t i = 0; i < n; ++i)
    p[i] = tag * 100000u + i;
  uint32_t sum = 0;
  for (uint32_t i = 0; i < n; ++i)
    sum += p[i];
  p[n] = sum;
  if (tag == 0)
    DPRINT << "sum " << sum << "\n";
}
