// Just-in-time compilation of kernel sources into shared objects, cached by
// content hash on disk and in memory.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "Host/ProgramState.h"

namespace ttemu {

struct CompiledKernel {
  void *handle = nullptr;
  void (*entry)() = nullptr;
  std::string objectPath;
};

/// Page size of each circular buffer as the kernel sees it on every one of
/// its cores (0 where it is unconfigured or differs between cores).
using CbPageSizes = std::array<uint32_t, 32>;

/// Compiles (or finds in the cache) the shared object of `kernel`; the CB
/// page sizes become a compile-time table so `get_tile_size` is constexpr,
/// as tt-metal's generated descriptors make it.
/// Thread-safe; throws with the compiler's output on failure.
std::shared_ptr<CompiledKernel> compileKernel(const KernelInfo &kernel,
                                              const std::string &arch,
                                              const CbPageSizes &cbPageSizes);

/// The directory holding the kernel API headers (ttemu/kernel_prelude.h).
std::string kernelIncludeDir();

} // namespace ttemu
