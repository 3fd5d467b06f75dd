// tt::log_* helpers older programs use; they print through fmt to stderr.
#pragma once

#include <cstdio>
#include <fmt/core.h>
#include <stdexcept>
#include <string>

namespace tt {

enum LogType { LogAlways, LogTest, LogMetal, LogDevice, LogOp, LogLLRuntime, LogEmulator };

// Not "detail": programs that use both namespaces tt and tt::tt_metal
// write detail::TileSize and need that name unambiguous.
namespace log_impl {
inline void logLine(const char *level, const std::string &msg) {
  std::fprintf(stderr, "%s | %s\n", level, msg.c_str());
}
} // namespace log_impl

template <typename... Args>
void log_info(LogType, fmt::format_string<Args...> f, Args &&...args) {
  log_impl::logLine("Info", fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void log_warning(LogType, fmt::format_string<Args...> f, Args &&...args) {
  log_impl::logLine("Warning", fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void log_error(LogType, fmt::format_string<Args...> f, Args &&...args) {
  log_impl::logLine("Error", fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void log_debug(LogType, fmt::format_string<Args...>, Args &&...) {}
template <typename... Args>
void log_fatal(LogType, fmt::format_string<Args...> f, Args &&...args) {
  std::string msg = fmt::format(f, std::forward<Args>(args)...);
  log_impl::logLine("Fatal", msg);
  throw std::runtime_error(msg);
}
template <typename... Args>
void log_info(fmt::format_string<Args...> f, Args &&...args) {
  log_impl::logLine("Info", fmt::format(f, std::forward<Args>(args)...));
}

} // namespace tt
