// Prints its runtime argument, a compile-time argument and a define.
#include <cstdint>

#include "api/debug/dprint.h"

void kernel_main() {
  constexpr uint32_t scale = get_compile_time_arg_val(0);
  static_assert(scale == 7, "compile-time args are constant expressions");
#ifndef GREETING
#error "defines from the host reach the kernel"
#endif
  uint32_t v = get_arg_val<uint32_t>(0);
  DPRINT << GREETING << " " << v * scale << ENDL();
}
