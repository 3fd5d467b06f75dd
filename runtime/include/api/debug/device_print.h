// DEVICE_PRINT: tt-metal's format-string kernel print. "{}" takes the next
// argument, "{N}" argument N, "{:spec}" formats as DPRINT("fmt", ...) does
// (dprint_format.h), "{{" and "}}" are braces; each '\n' ends a line,
// printed with the same "0:(x=0,y=0):BR: " prefix as DPRINT. As on the
// device, a malformed format or a missing argument does not compile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <type_traits>

#include <ttemu/kernel_abi.h>

#include "api/debug/dprint.h"

namespace ttemu::device_print {

inline constexpr std::size_t kBadFormat = ~std::size_t(0);

/// Arguments the format needs, or kBadFormat.
constexpr std::size_t argumentsNeeded(const char *f) {
  std::size_t next = 0, need = 0;
  for (std::size_t i = 0; f[i]; ++i) {
    if (f[i] == '{') {
      if (f[i + 1] == '{') {
        ++i;
        continue;
      }
      std::size_t j = i + 1, index = 0;
      bool explicitIndex = false;
      while (f[j] >= '0' && f[j] <= '9') {
        index = index * 10 + std::size_t(f[j] - '0');
        explicitIndex = true;
        ++j;
      }
      if (f[j] == ':') // a format spec, as in DPRINT (dprint_format.h)
        while (f[j] && f[j] != '}' && f[j] != '{')
          ++j;
      if (f[j] != '}')
        return kBadFormat;
      std::size_t used = explicitIndex ? index + 1 : ++next;
      need = used > need ? used : need;
      i = j;
    } else if (f[i] == '}') {
      if (f[i + 1] != '}')
        return kBadFormat;
      ++i;
    }
  }
  return need;
}

/// Formatting is DPRINT's format form (dprint_format.h), so that both
/// prints share one line buffer and a TileSlice can be an argument.
template <typename... A> void print(const char *f, const A &...args) {
  ::ttemu::dprint::Printer out;
  ::ttemu::dprint::format::print(out, f, args...);
}

template <std::size_t Need, typename... A>
void checkedPrint(const char *f, const A &...args) {
  static_assert(Need != kBadFormat,
                "DEVICE_PRINT: invalid format string: a '{' must be followed "
                "by '{', '}' or an argument index and '}'; a lone '}' must "
                "be doubled");
  static_assert(Need == kBadFormat || Need <= sizeof...(A),
                "DEVICE_PRINT: the format string uses more arguments than "
                "were given");
  print(f, args...);
}

} // namespace ttemu::device_print

#define DEVICE_PRINT(format, ...)                                              \
  ::ttemu::device_print::checkedPrint<                                         \
      ::ttemu::device_print::argumentsNeeded(format)>(                         \
      format __VA_OPT__(, ) __VA_ARGS__)
// The emulator runs a compute kernel once (see DPRINT_UNPACK in dprint.h).
#define DEVICE_PRINT_UNPACK(format, ...) DEVICE_PRINT(format __VA_OPT__(, ) __VA_ARGS__)
#define DEVICE_PRINT_MATH(format, ...) DEVICE_PRINT(format __VA_OPT__(, ) __VA_ARGS__)
#define DEVICE_PRINT_PACK(format, ...) DEVICE_PRINT(format __VA_OPT__(, ) __VA_ARGS__)
