// What a Program holds: kernels with their per-core runtime arguments,
// circular buffers and semaphores.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <tt-metalium/circular_buffer_config.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/runtime_args_data.hpp>

#include "ttemu/kernel_context.h"

namespace ttemu {

enum class Processor : uint8_t { BRISC, NCRISC, TRISC };
const char *processorName(Processor p);
/// DPRINT prefix spelling: BR, NC, TR.
const char *processorShortName(Processor p);

/// Runtime arguments of one core, with the stable view GetRuntimeArgs hands
/// out.
struct ArgsSlot {
  std::vector<uint32_t> values;
  tt::tt_metal::RuntimeArgsData view;
  void set(const uint32_t *data, size_t n) {
    values.assign(data, data + n);
    view.rt_args_data = values.data();
    view.rt_args_count = values.size();
  }
};

struct KernelInfo {
  uint32_t id = 0;
  std::string name;       // as given to CreateKernel (or "<string>")
  std::string sourcePath; // resolved absolute path, empty for string kernels
  std::string sourceText; // for CreateKernelFromString
  Processor processor = Processor::BRISC;
  uint8_t noc = 0;
  CoreRangeSet cores;
  std::vector<uint32_t> compileArgs;
  std::map<std::string, std::string> defines;
  std::map<std::string, uint32_t> namedCompileArgs;
  ComputeSettings compute;
  std::map<CoreCoord, std::unique_ptr<ArgsSlot>> runtimeArgs;
  ArgsSlot commonArgs;

  ArgsSlot &argsFor(const CoreCoord &c) {
    auto &slot = runtimeArgs[c];
    if (!slot) {
      slot = std::make_unique<ArgsSlot>();
      slot->set(nullptr, 0);
    }
    return *slot;
  }
};

struct CircularBufferInfo {
  CoreRangeSet cores;
  tt::tt_metal::CircularBufferConfig config;
};

struct SemaphoreInfo {
  CoreRangeSet cores;
  uint32_t initialValue;
};

struct ProgramState {
  std::vector<std::unique_ptr<KernelInfo>> kernels;
  std::vector<CircularBufferInfo> circularBuffers;
  std::vector<SemaphoreInfo> semaphores;
};

} // namespace ttemu
