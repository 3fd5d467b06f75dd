// get_noc_addr with integer-literal coordinates is the (x, y, addr) form,
// not an address generator's (id, generator) form: writes 8 words to bank 0
// of DRAM, which the host reports at NOC (0, 1).
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t dst = get_arg_val<uint32_t>(0);
  uint32_t l1 = get_write_ptr(0);
  volatile uint32_t *p = reinterpret_cast<volatile uint32_t *>(l1);
  for (uint32_t i = 0; i < 8; ++i)
    p[i] = 0xC0DE0000u + i;
  noc_async_write(l1, get_noc_addr(0, 1, dst), 32);
  noc_async_write_barrier();
}
