// Sets semaphore 0 to 1 with a plain store through its L1 pointer, which
// calls nothing in the emulator (a waiter must notice it on its own).
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  *reinterpret_cast<volatile tt_l1_ptr uint32_t *>(get_semaphore(0)) = 1;
}
