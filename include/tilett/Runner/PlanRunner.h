//===- PlanRunner.h - Run a compiled kernel on the emulator -----*- C++ -*-===//
//
// Runs the output directory of `tilett compile` (reader/compute/writer .cpp
// + tt.plan.json) on the emulator through the one host implementation,
// tilett_host::run (include/tilett/Host), which the generated host.cpp calls
// too: in-process with the plan read by readRunnablePlan and the
// tensors converted to their dtype, or by building and running host.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_RUNNER_PLANRUNNER_H
#define TILETT_RUNNER_PLANRUNNER_H

#include "tilett/Runner/HostTensor.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::tilett::runner {

/// A global buffer as the plan describes it (`buffers` of tt.plan.json).
struct PlanBuffer {
  std::string name;
  int64_t argIndex = -1;
  std::string role;  // "input", "output", "inout" or "unused"
  std::string dtype; // "bf16", "f16", "f32" or "i32"
  llvm::SmallVector<int64_t> shape, paddedShape;
  uint32_t pageSize = 0, numPages = 0;
  std::string memory; // "dram" or "l1"

  bool isOutput() const { return role == "output" || role == "inout"; }
};

/// Reads the `buffers` of a plan file.
llvm::Expected<std::vector<PlanBuffer>> readPlanBuffers(llvm::StringRef planPath);

/// Rounds `value` to the value set of a plan dtype string (as the host does
/// when it converts inputs: round to nearest even).
double roundToPlanDtype(double value, llvm::StringRef dtype);

struct PlanRunOptions {
  /// Build and run the generated host.cpp (against the emulator's CMake
  /// package) instead of driving the host API in-process.
  bool useHostProgram = false;
  /// CMAKE_PREFIX_PATH that finds the emulator's TT-Metalium package (for
  /// useHostProgram); empty: the one this build knows.
  std::string metaliumPrefix;
};

struct PlanRunResult {
  /// Every output / inout buffer, at its logical shape.
  llvm::StringMap<HostTensor> outputs;
  /// Device time and throughput from the emulator's cost model, when it
  /// reports them.
  std::optional<double> deviceUs;
  std::optional<double> tflops;
};

/// Runs the compiled kernel in `outDir`. `inputs` maps buffer names to
/// tensors at their logical shapes; buffers without an entry start as zeros.
llvm::Expected<PlanRunResult>
runCompiledKernel(llvm::StringRef outDir,
                  const llvm::StringMap<HostTensor> &inputs,
                  const PlanRunOptions &options = {});

} // namespace mlir::tilett::runner

#endif // TILETT_RUNNER_PLANRUNNER_H
