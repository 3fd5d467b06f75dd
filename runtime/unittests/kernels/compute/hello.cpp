// A compute kernel with no data: prints from the math thread.
#include "compute_kernel_api.h"
#include "debug/dprint.h"

namespace NAMESPACE {
void MAIN {
  DPRINT_MATH(DPRINT << "Hello from compute " << kernel_compile_time_args[0]
                     << ENDL());
}
} // namespace NAMESPACE
