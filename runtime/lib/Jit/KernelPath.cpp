// Kernel source path lookup.
#include "Jit/KernelPath.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace fs = std::filesystem;

namespace ttemu {

std::string resolveKernelPath(const std::string &name) {
  std::vector<fs::path> tried;
  fs::path p(name);
  if (p.is_absolute()) {
    tried.push_back(p);
  } else {
    for (const char *var : {"TT_METAL_HOME", "TT_METAL_RUNTIME_ROOT"})
      if (const char *root = std::getenv(var); root && *root)
        tried.push_back(fs::path(root) / p);
    tried.push_back(fs::current_path() / p);
    // tt-metal's own extra search root for out-of-tree kernels.
    if (const char *extra = std::getenv("TT_METAL_KERNEL_PATH"); extra && *extra)
      tried.push_back(fs::path(extra) / p);
  }
  for (const fs::path &c : tried) {
    std::error_code ec;
    if (fs::is_regular_file(c, ec))
      return fs::weakly_canonical(c).string();
  }
  std::string msg = "kernel source '" + name + "' not found; tried:";
  for (const fs::path &c : tried)
    msg += "\n  " + c.string();
  if (!p.is_absolute() && !std::getenv("TT_METAL_HOME") &&
      !std::getenv("TT_METAL_RUNTIME_ROOT"))
    msg += "\n  (TT_METAL_HOME and TT_METAL_RUNTIME_ROOT are not set)";
  throw std::runtime_error(msg);
}

} // namespace ttemu
