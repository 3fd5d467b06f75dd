// tt::log_* helpers older programs use; they print through fmt to stderr.
#pragma once

#include <cstdio>
#include <fmt/core.h>
#include <stdexcept>
#include <string>

namespace tt {

enum LogType { LogAlways, LogTest, LogMetal, LogDevice, LogOp, LogLLRuntime, LogEmulator };

namespace detail {
inline void logLine(const char *level, const std::string &msg) {
  std::fprintf(stderr, "%s | %s\n", level, msg.c_str());
}
} // namespace detail

template <typename... Args>
void log_info(LogType, fmt::format_string<Args...> f, Args &&...args) {
  detail::logLine("Info", fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void log_warning(LogType, fmt::format_string<Args...> f, Args &&...args) {
  detail::logLine("Warning", fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void log_error(LogType, fmt::format_string<Args...> f, Args &&...args) {
  detail::logLine("Error", fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void log_debug(LogType, fmt::format_string<Args...>, Args &&...) {}
template <typename... Args>
void log_fatal(LogType, fmt::format_string<Args...> f, Args &&...args) {
  std::string msg = fmt::format(f, std::forward<Args>(args)...);
  detail::logLine("Fatal", msg);
  throw std::runtime_error(msg);
}
template <typename... Args>
void log_info(fmt::format_string<Args...> f, Args &&...args) {
  detail::logLine("Info", fmt::format(f, std::forward<Args>(args)...));
}

} // namespace tt
