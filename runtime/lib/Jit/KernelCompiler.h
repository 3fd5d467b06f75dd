// Just-in-time compilation of kernel sources into shared objects, cached by
// content hash on disk and in memory.
#pragma once

#include <memory>
#include <string>

#include "Host/ProgramState.h"

namespace ttemu {

struct CompiledKernel {
  void *handle = nullptr;
  void (*entry)() = nullptr;
  std::string objectPath;
};

/// Compiles (or finds in the cache) the shared object of `kernel`.
/// Thread-safe; throws with the compiler's output on failure.
std::shared_ptr<CompiledKernel> compileKernel(const KernelInfo &kernel,
                                              const std::string &arch);

/// The directory holding the kernel API headers (ttemu/kernel_prelude.h).
std::string kernelIncludeDir();

} // namespace ttemu
