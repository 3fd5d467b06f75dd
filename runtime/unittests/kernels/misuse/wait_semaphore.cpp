// Waits for semaphore 0 to become 1; nobody sets it.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  auto *sem = reinterpret_cast<volatile tt_l1_ptr uint32_t *>(get_semaphore(0));
  noc_semaphore_wait(sem, 1);
}
