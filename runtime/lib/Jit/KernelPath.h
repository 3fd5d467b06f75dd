// Resolution of kernel source paths the way tt-metal resolves them.
#pragma once

#include <string>

namespace ttemu {

/// Returns the absolute path of kernel `name`: absolute as given, else
/// relative to TT_METAL_HOME (or TT_METAL_RUNTIME_ROOT), else relative to the
/// working directory, else relative to TT_METAL_KERNEL_PATH. Throws naming
/// every place tried.
std::string resolveKernelPath(const std::string &name);

} // namespace ttemu
