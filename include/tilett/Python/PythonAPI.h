//===- PythonAPI.h - What the Python bindings call ---------------*- C++ -*-===//
//
// The compiler and emulator as the `tilett._core` extension sees them: plain
// standard-library types only, so the pybind11 translation unit (built with
// RTTI and exceptions) never touches LLVM or MLIR classes, which are built
// without either. Every function reports failure as a non-empty error text
// holding the compiler's diagnostics (file:line:col: error: ...).
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_PYTHON_PYTHONAPI_H
#define TILETT_PYTHON_PYTHONAPI_H

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mlir::tilett::python {

/// Which kernel of a script to build: the call `entry` (e.g.
/// "matmul(M=1024)"), or the `@T.prim_func` named `name` defined on `line`
/// with the literals it closes over (FrontendOptions), or, with neither,
/// the script's own.
struct Instantiation {
  std::string entry;
  std::string name;
  int64_t line = 0;
  std::vector<std::pair<std::string, std::string>> bindings;
};

struct CompileSettings {
  std::string arch = "wormhole_b0";
  std::string coreGrid; // "GXxGY", empty: the arch's grid
  std::string mathFidelity = "HiFi4"; // a kernel's tt.compute_config wins
  bool mathApprox = false;
};

/// Compiles the kernel `what` of the TileLang script at `path` (read from
/// disk, so diagnostics point into the user's file) into `outDir`. Returns
/// the diagnostics on failure, "" on success.
std::string compileScript(const std::string &path, const Instantiation &what,
                          const std::string &outDir,
                          const CompileSettings &settings);

/// Compiles a tl/tt-dialect module given as MLIR text into `outDir`.
std::string compileModule(const std::string &mlir, const std::string &outDir,
                          const CompileSettings &settings);

/// The tl-dialect module the frontend makes of a script, printed.
std::string importScript(const std::string &path, const Instantiation &what,
                         std::string &mlir);

/// Parses `mlir`, runs the textual pass pipeline `pipeline` (e.g.
/// "tt-infer-layout,tt-propagate-layout", as inside builtin.module(...))
/// and prints the result into `result`.
std::string runPasses(const std::string &mlir, const std::string &pipeline,
                      std::string &result);

/// The original backend's IR sugar on every kernel function of `mlir`:
/// "with_core_grid" (args: gx, gy) or "with_layout_desc" (args: buffer name,
/// layout attribute text, e.g. `{shard = "L1", interleave = true}`).
std::string applySugar(const std::string &mlir, const std::string &sugar,
                       const std::vector<std::string> &args,
                       std::string &result);

/// Validates plan text (tt.plan.json, tilett's or the original backend's)
/// into `errors`, each with its JSON path; none when the plan is valid.
std::string validatePlan(const std::string &text,
                         std::vector<std::string> &errors);

struct Buffer {
  std::string name, dtype, role;
  std::vector<int64_t> shape;
  int64_t argIndex = -1;
};

/// The global buffers of the compiled kernel in `planDir`, by argument.
std::string readBuffers(const std::string &planDir, std::vector<Buffer> &out);

struct Tensor {
  std::vector<int64_t> shape;
  std::vector<double> data;
};

struct RunResult {
  std::map<std::string, Tensor> outputs;
  double deviceUs = -1; // the emulator's predicted device time
};

/// Runs the compiled kernel in `planDir` on the emulator, in this process.
std::string runKernel(const std::string &planDir,
                      const std::map<std::string, Tensor> &inputs,
                      RunResult &result);

} // namespace mlir::tilett::python

#endif // TILETT_PYTHON_PYTHONAPI_H
