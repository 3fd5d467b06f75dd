// DEVICE_PRINT: tt-metal's format-string kernel print. "{}" takes the next
// argument, "{N}" argument N, "{{" and "}}" are braces; each '\n' ends a line,
// printed with the same "0:(x=0,y=0):BR: " prefix as DPRINT. As on the
// device, a malformed format or a missing argument does not compile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <type_traits>

#include <ttemu/kernel_abi.h>

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

template <typename T> void put(std::ostringstream &os, const T &v) {
  if constexpr (std::is_same_v<T, uint8_t> || std::is_same_v<T, int8_t>)
    os << static_cast<int>(v);
  else if constexpr (std::is_same_v<T, bool>)
    os << (v ? "true" : "false");
  else
    os << v;
}

template <typename... A> void print(const char *f, const A &...args) {
  std::string out;
  std::size_t next = 0;
  auto emit = [&](std::size_t index) {
    std::ostringstream os;
    std::size_t k = 0;
    ((k++ == index ? put(os, args) : void()), ...);
    out += os.str();
  };
  for (std::size_t i = 0; f[i]; ++i) {
    char c = f[i];
    if ((c == '{' && f[i + 1] == '{') || (c == '}' && f[i + 1] == '}')) {
      out += c;
      ++i;
    } else if (c == '{') {
      std::size_t j = i + 1, index = 0;
      bool explicitIndex = false;
      while (f[j] >= '0' && f[j] <= '9') {
        index = index * 10 + std::size_t(f[j] - '0');
        explicitIndex = true;
        ++j;
      }
      emit(explicitIndex ? index : next++);
      i = j;
    } else if (c == '\n') {
      ::ttemu::abi::dprint(out);
      ::ttemu::abi::dprintEndLine();
      out.clear();
    } else {
      out += c;
    }
  }
  if (!out.empty())
    ::ttemu::abi::dprint(out);
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
