//===- TilettModule.cpp - The tilett._core Python extension ---------------===//
//
// Thin pybind11 bindings over tilett/Python/PythonAPI.h. Failures raise
// tilett._core.CompileError / RunError carrying the compiler's diagnostics
// (file:line:col: error: ...). Tensors cross as float64 numpy arrays; the
// Python layer converts dtypes and torch tensors.
//
//===----------------------------------------------------------------------===//

#include "tilett/Python/PythonAPI.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace mlir::tilett::python;

namespace {

/// Raises `type` with `error` unless it is empty.
void check(const py::object &type, const std::string &error) {
  if (!error.empty()) {
    PyErr_SetString(type.ptr(), error.c_str());
    throw py::error_already_set();
  }
}

Tensor toTensor(const py::array_t<double, py::array::c_style |
                                              py::array::forcecast> &array) {
  Tensor t;
  t.shape.assign(array.shape(), array.shape() + array.ndim());
  t.data.assign(array.data(), array.data() + array.size());
  return t;
}

py::array_t<double> toArray(Tensor &&t) {
  py::array_t<double> array(t.shape);
  std::copy(t.data.begin(), t.data.end(), array.mutable_data());
  return array;
}

} // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "tilett: TileLang kernels compiled for Tenstorrent and run on "
            "the TT-Metalium emulator";
  py::object compileError = py::exception<std::runtime_error>(
      m, "CompileError", PyExc_RuntimeError);
  py::object runError =
      py::exception<std::logic_error>(m, "RunError", PyExc_RuntimeError);

  m.def(
      "compile_script",
      [compileError](const std::string &path, const std::string &entry,
                     const std::string &outDir, const std::string &arch,
                     const std::string &coreGrid, const std::string &name,
                     int64_t line,
                     const std::vector<std::pair<std::string, std::string>>
                         &bindings,
                     const std::string &mathFidelity, bool mathApprox) {
        Instantiation what{entry, name, line, bindings};
        CompileSettings settings;
        settings.arch = arch;
        settings.coreGrid = coreGrid;
        settings.mathFidelity = mathFidelity;
        settings.mathApprox = mathApprox;
        std::string error;
        {
          py::gil_scoped_release release;
          error = compileScript(path, what, outDir, settings);
        }
        check(compileError, error);
      },
      py::arg("path"), py::arg("entry"), py::arg("out_dir"),
      py::arg("arch") = "wormhole_b0", py::arg("core_grid") = "",
      py::arg("name") = "", py::arg("line") = 0,
      py::arg("bindings") =
          std::vector<std::pair<std::string, std::string>>(),
      py::arg("math_fidelity") = "HiFi4", py::arg("math_approx") = false,
      "Compiles a kernel of the TileLang script at `path` into `out_dir`: "
      "the one `entry` makes, or the prim_func `name` defined on `line` "
      "with `bindings` (name, literal) for the values it closes over.");

  m.def(
      "compile_module",
      [compileError](const std::string &mlir, const std::string &outDir,
                     const std::string &arch, const std::string &coreGrid,
                     const std::string &mathFidelity, bool mathApprox) {
        CompileSettings settings;
        settings.arch = arch;
        settings.coreGrid = coreGrid;
        settings.mathFidelity = mathFidelity;
        settings.mathApprox = mathApprox;
        check(compileError, compileModule(mlir, outDir, settings));
      },
      py::arg("mlir"), py::arg("out_dir"), py::arg("arch") = "wormhole_b0",
      py::arg("core_grid") = "", py::arg("math_fidelity") = "HiFi4",
      py::arg("math_approx") = false,
      "Compiles a tl/tt-dialect module (MLIR text) into `out_dir`.");

  m.def(
      "import_script",
      [compileError](const std::string &path, const std::string &entry,
                     const std::string &name, int64_t line,
                     const std::vector<std::pair<std::string, std::string>>
                         &bindings) {
        std::string mlir;
        check(compileError, importScript(path, {entry, name, line, bindings},
                                         mlir));
        return mlir;
      },
      py::arg("path"), py::arg("entry") = "", py::arg("name") = "",
      py::arg("line") = 0,
      py::arg("bindings") =
          std::vector<std::pair<std::string, std::string>>(),
      "The tl-dialect module of a script, as MLIR text.");

  m.def(
      "run_passes",
      [compileError](const std::string &mlir, const std::string &pipeline) {
        std::string result;
        check(compileError, runPasses(mlir, pipeline, result));
        return result;
      },
      py::arg("mlir"), py::arg("pipeline"),
      "Runs a textual pass pipeline over MLIR text and returns the result.");

  m.def(
      "apply_sugar",
      [compileError](const std::string &mlir, const std::string &sugar,
                     const std::vector<std::string> &args) {
        std::string result;
        check(compileError, applySugar(mlir, sugar, args, result));
        return result;
      },
      py::arg("mlir"), py::arg("sugar"), py::arg("args"),
      "The original backend's IR sugar (with_core_grid, with_layout_desc).");

  m.def(
      "validate_plan",
      [](const std::string &text) {
        std::vector<std::string> errors;
        (void)validatePlan(text, errors);
        return errors;
      },
      py::arg("text"),
      "The errors of a runtime plan (JSON text), each with its JSON path.");

  m.def(
      "read_buffers",
      [runError](const std::string &planDir) {
        std::vector<Buffer> buffers;
        check(runError, readBuffers(planDir, buffers));
        py::list out;
        for (const Buffer &b : buffers) {
          py::dict d;
          d["name"] = b.name;
          d["dtype"] = b.dtype;
          d["role"] = b.role;
          d["shape"] = py::tuple(py::cast(b.shape));
          d["arg_index"] = b.argIndex;
          out.append(d);
        }
        return out;
      },
      py::arg("plan_dir"), "The global buffers of a compiled kernel.");

  m.def(
      "run_kernel",
      [runError](const std::string &planDir, const py::dict &inputs) {
        std::map<std::string, Tensor> tensors;
        for (auto [name, value] : inputs)
          tensors[py::cast<std::string>(name)] = toTensor(
              py::cast<py::array_t<double, py::array::c_style |
                                               py::array::forcecast>>(value));
        RunResult result;
        std::string error;
        {
          py::gil_scoped_release release;
          error = runKernel(planDir, tensors, result);
        }
        check(runError, error);
        py::dict outputs;
        for (auto &[name, tensor] : result.outputs)
          outputs[py::str(name)] = toArray(std::move(tensor));
        return py::make_tuple(outputs, result.deviceUs);
      },
      py::arg("plan_dir"), py::arg("inputs"),
      "Runs the compiled kernel on the emulator; returns (outputs, "
      "device_time_us).");
}
