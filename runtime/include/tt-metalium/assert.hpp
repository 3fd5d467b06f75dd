// TT_FATAL / TT_THROW / TT_ASSERT: tt-metal's checked-error macros.
#pragma once

#include <fmt/core.h>
#include <fmt/format.h>
#include <stdexcept>
#include <string>

namespace tt {

/// Formats an optional `fmt` message and its arguments.
inline std::string formatAssertMessage() { return {}; }
template <typename... Args>
std::string formatAssertMessage(fmt::format_string<Args...> f,
                                Args &&...args) {
  return fmt::format(f, std::forward<Args>(args)...);
}
inline std::string formatAssertMessage(const std::string &s) { return s; }
inline std::string formatAssertMessage(const char *s) { return s; }

[[noreturn]] void throwAssert(const char *file, int line, const char *cond,
                              const std::string &message);

} // namespace tt

#define TT_THROW(...)                                                          \
  ::tt::throwAssert(__FILE__, __LINE__, nullptr,                               \
                    ::tt::formatAssertMessage(__VA_ARGS__))
#define TT_FATAL(cond, ...)                                                    \
  do {                                                                         \
    if (!(cond))                                                               \
      ::tt::throwAssert(__FILE__, __LINE__, #cond,                             \
                        ::tt::formatAssertMessage(__VA_ARGS__));               \
  } while (0)
// tt-metal compiles TT_ASSERT out of release builds; the emulator keeps it on
// because checking is its purpose.
#define TT_ASSERT(cond, ...) TT_FATAL(cond __VA_OPT__(, ) __VA_ARGS__)
