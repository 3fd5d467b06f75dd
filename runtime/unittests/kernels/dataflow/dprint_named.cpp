// Prints two named compile-time arguments (constant expressions).
#include "api/debug/dprint.h"

void kernel_main() {
  constexpr uint32_t cb = get_named_compile_time_arg_val("cb_in");
  constexpr uint32_t n = get_named_compile_time_arg_val("num_tiles");
  static_assert(cb == 3 && n == 11);
  DPRINT << "named " << cb << " " << n << ENDL();
}
