// A compute kernel with no data: prints the APPROX its build defines (what
// kernels pass as exp_tile<APPROX>'s template argument).
#include "compute_kernel_api.h"
#include "debug/dprint.h"

namespace NAMESPACE {
void MAIN {
  DPRINT_MATH(DPRINT << "APPROX=" << uint32_t(APPROX ? 1 : 0) << ENDL());
}
} // namespace NAMESPACE
