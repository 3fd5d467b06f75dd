//===- PlanRunner.cpp - Run a compiled kernel on the emulator -------------===//
//
// `tilett run`'s side of the one host implementation (tilett/Host): reads
// tt.plan.json with readRunnablePlan (RuntimePlan.h) and hands the plan,
// with the host tensors as raw dtype values, to tilett_host::run in-process
// against the emulator's TT-Metalium, or builds and runs the generated
// host.cpp, which calls the same run(). The emulator reports misuse by
// throwing (TT_FATAL); this file is built with exceptions and turns them
// into llvm::Errors so `tilett run` can print them and exit with status 2.
//
//===----------------------------------------------------------------------===//

#include "tilett/Runner/PlanRunner.h"
#include "tilett/Host/HostRuntime.h"
#include "tilett/Target/Metalium/PlanJSON.h"
#include "tilett/Target/Metalium/RuntimePlan.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <ttemu/emulator.h>
#include <ttemu/numerics.h>

#include <exception>

using namespace mlir::tilett::runner;
namespace json = llvm::json;
namespace host = ::tilett_host;
namespace plan = mlir::tilett::plan;
using llvm::StringRef;

static llvm::Error planError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "tt.plan.json: " + message);
}

static llvm::Expected<json::Value> readJson(StringRef path) {
  auto file = llvm::MemoryBuffer::getFile(path);
  if (!file)
    return llvm::createStringError(file.getError(),
                                   "cannot read '" + path + "'");
  return mlir::tilett::parsePlanJSON((*file)->getBuffer());
}

/// The plan in `planPath`, through the one typed reader, validated.
static llvm::Expected<mlir::tilett::RunnablePlan> readPlan(StringRef planPath) {
  llvm::Expected<json::Value> value = readJson(planPath);
  if (!value)
    return value.takeError();
  llvm::Expected<mlir::tilett::RunnablePlan> typed =
      mlir::tilett::readRunnablePlan(*value);
  if (!typed)
    return planError(llvm::toString(typed.takeError()));
  return typed;
}

static std::vector<PlanBuffer>
planBuffers(const mlir::tilett::RunnablePlan &typed) {
  std::vector<PlanBuffer> result;
  for (auto [b, entry] :
       llvm::zip_equal(typed.host.buffers, *typed.plan.buffers)) {
    PlanBuffer buf;
    buf.name = b.name;
    buf.dtype = host::info(b.dtype).name;
    buf.role = entry.role;
    buf.argIndex = entry.argIndex.value_or(-1);
    buf.memory = b.l1 ? "l1" : "dram";
    // The host's tensor: its dims in the order the kernel declared.
    std::vector<uint32_t> shape = host::hostShape(b);
    buf.shape.assign(shape.begin(), shape.end());
    buf.paddedShape.assign(b.paddedShape.begin(), b.paddedShape.end());
    buf.pageSize = b.pageSize;
    buf.numPages = b.numPages;
    result.push_back(std::move(buf));
  }
  return result;
}

llvm::Expected<std::vector<PlanBuffer>>
mlir::tilett::runner::readPlanBuffers(StringRef planPath) {
  llvm::Expected<mlir::tilett::RunnablePlan> typed = readPlan(planPath);
  if (!typed)
    return typed.takeError();
  for (const host::Buffer &b : typed->host.buffers)
    if (std::string error = host::checkLayout(b); !error.empty())
      return planError(error);
  return planBuffers(*typed);
}

//===----------------------------------------------------------------------===//
// Host tensors <-> raw dtype values
//===----------------------------------------------------------------------===//

/// The emulator's numerics format of a dtype (its own API, not a plan table).
static ttemu::num::DataFormat numFormat(host::DType dtype) {
  using F = ttemu::num::DataFormat;
  switch (dtype) {
  case host::DType::BF16:
    return F::Float16_b;
  case host::DType::F16:
    return F::Float16;
  case host::DType::F32:
    return F::Float32;
  case host::DType::I32:
    return F::Int32;
  }
  llvm_unreachable("dtype");
}

double mlir::tilett::runner::roundToPlanDtype(double value, StringRef dtype) {
  const host::DTypeInfo *d = host::findDType(dtype);
  if (!d)
    return value;
  if (d->dtype == host::DType::I32)
    return std::trunc(value);
  return ttemu::num::roundToFormat(float(value), numFormat(d->dtype),
                                   ttemu::num::Rounding::NearestEven);
}

/// The HostTensor kind that holds a plan dtype in its own width.
static HostElementKind hostKind(host::DType dtype) {
  switch (dtype) {
  case host::DType::BF16:
    return HostElementKind::BF16;
  case host::DType::F16:
    return HostElementKind::F16;
  case host::DType::F32:
    return HostElementKind::F32;
  case host::DType::I32:
    return HostElementKind::I32;
  }
  llvm_unreachable("dtype");
}

/// Raw little-endian values of `dtype`: the host's input format (run()'s
/// and the host program's --in files), rounded to nearest even. A tensor
/// held in the dtype's own width already is that.
static std::vector<uint8_t> encodeRaw(const HostTensor &t, host::DType dtype) {
  if (t.kind == hostKind(dtype))
    return t.packed;
  size_t width = host::info(dtype).bytes;
  std::vector<uint8_t> bytes(t.size() * width);
  for (size_t i = 0; i < t.size(); ++i) {
    uint8_t *p = &bytes[i * width];
    float f = float(t.get(i));
    if (dtype == host::DType::BF16) {
      uint16_t h = ttemu::num::floatToBf16(f);
      std::memcpy(p, &h, 2);
    } else if (dtype == host::DType::F16) {
      uint16_t h = ttemu::num::floatToFp16(f);
      std::memcpy(p, &h, 2);
    } else if (dtype == host::DType::I32) {
      int32_t v = int32_t(t.get(i));
      std::memcpy(p, &v, 4);
    } else {
      std::memcpy(p, &f, 4);
    }
  }
  return bytes;
}

/// Raw values of `dtype` at `shape`, held in the dtype's width (missing
/// trailing values read as zero).
static HostTensor decodeRaw(std::vector<uint8_t> bytes,
                            llvm::ArrayRef<int64_t> shape, host::DType dtype) {
  HostTensor t(shape, hostKind(dtype));
  bytes.resize(t.packed.size(), 0);
  t.packed = std::move(bytes);
  return t;
}

//===----------------------------------------------------------------------===//
// In-process: tilett_host::run against the emulator
//===----------------------------------------------------------------------===//

/// Runs the plan in this process; buffers without a tensor start as zeros.
static llvm::Expected<PlanRunResult>
runInProcess(StringRef outDir, const mlir::tilett::RunnablePlan &typed,
             const llvm::StringMap<HostTensor> &inputs) {
  const host::Plan &p = typed.host;
  PlanRunResult result;
  host::Io io;
  io.input = [&](size_t i, std::vector<uint8_t> &storage,
                 const uint8_t *&logical) -> std::string {
    const host::Buffer &b = p.buffers[i];
    auto it = inputs.find(b.name);
    if (it == inputs.end())
      return "";
    const HostTensor &t = it->second;
    if (!llvm::equal(t.shape, host::hostShape(b)) ||
        int64_t(t.size()) != t.numElements())
      return "buffer '" + b.name +
             "': the host tensor's shape does not match the plan's";
    // A tensor held in the dtype's width is its raw values already.
    if (t.kind == hostKind(b.dtype)) {
      logical = t.packed.data();
      return "";
    }
    storage = encodeRaw(t, b.dtype);
    logical = storage.data();
    return "";
  };
  io.output = [&](size_t i, std::vector<uint8_t> &&logical) {
    const host::Buffer &b = p.buffers[i];
    std::vector<uint32_t> hs = host::hostShape(b);
    llvm::SmallVector<int64_t> shape(hs.begin(), hs.end());
    result.outputs[b.name] = decodeRaw(std::move(logical), shape, b.dtype);
    return std::string();
  };
  std::string error = host::run(p, outDir.str(), io);
  if (!error.empty())
    return planError(error);
  ttemu::RunStats stats = ttemu::lastRunStats();
  if (stats.deviceCycles > 0 && stats.deviceUs > 0) {
    result.deviceUs = stats.deviceUs;
    result.tflops = double(stats.flops) / (stats.deviceUs * 1e-6) / 1e12;
  }
  return result;
}

//===----------------------------------------------------------------------===//
// The generated host program
//===----------------------------------------------------------------------===//

static llvm::Error runProgram(llvm::ArrayRef<llvm::StringRef> argv,
                              StringRef what) {
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(argv[0], argv, std::nullopt, {}, 0, 0,
                                     &message);
  if (rc != 0)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("{0} failed (exit {1}){2}{3}", what, rc,
                      message.empty() ? "" : ": ", message));
  return llvm::Error::success();
}

/// Builds host.cpp with the emulator's CMake package in `outDir/host-build`
/// and runs it with the inputs as files.
static llvm::Expected<PlanRunResult>
runHostProgram(StringRef outDir, const std::vector<PlanBuffer> &buffers,
               const llvm::StringMap<HostTensor> &inputs,
               const PlanRunOptions &options) {
  auto cmake = llvm::sys::findProgramByName("cmake");
  if (!cmake)
    return llvm::createStringError(cmake.getError(), "cannot find cmake");
  llvm::SmallString<256> buildDir(outDir), dataDir(outDir);
  llvm::sys::path::append(buildDir, "host-build");
  llvm::sys::path::append(dataDir, "host-data");
  if (std::error_code ec = llvm::sys::fs::create_directories(dataDir))
    return llvm::createStringError(ec, "cannot create " + dataDir);
  std::string prefix = options.metaliumPrefix.empty()
                           ? std::string(TILETT_METALIUM_PREFIX)
                           : options.metaliumPrefix;
  std::string prefixArg = "-DCMAKE_PREFIX_PATH=" + prefix;
  std::string cxxArg = "-DCMAKE_CXX_COMPILER=" TILETT_HOST_CXX;
  if (llvm::Error err = runProgram({*cmake, "-S", outDir, "-B", buildDir,
                                    "-DCMAKE_BUILD_TYPE=Release", prefixArg,
                                    cxxArg},
                                   "configuring host.cpp"))
    return std::move(err);
  if (llvm::Error err =
          runProgram({*cmake, "--build", buildDir}, "building host.cpp"))
    return std::move(err);

  llvm::SmallString<256> exe(buildDir);
  llvm::sys::path::append(exe, "host");
  std::vector<std::string> args = {std::string(exe), "--kernels",
                                   std::string(outDir)};
  llvm::StringMap<std::string> outFiles;
  for (const PlanBuffer &buf : buffers) {
    llvm::SmallString<256> file(dataDir);
    llvm::sys::path::append(file, buf.name + ".bin");
    auto it = inputs.find(buf.name);
    if (it != inputs.end()) {
      std::vector<uint8_t> bytes =
          encodeRaw(it->second, host::findDType(buf.dtype)->dtype);
      std::error_code ec;
      llvm::raw_fd_ostream os(file, ec);
      if (ec)
        return llvm::createStringError(ec, "cannot write " + file);
      os.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
      args.push_back("--in");
      args.push_back(buf.name + "=" + std::string(file));
    }
    if (buf.isOutput()) {
      llvm::SmallString<256> out(dataDir);
      llvm::sys::path::append(out, buf.name + ".out.bin");
      outFiles[buf.name] = std::string(out);
      args.push_back("--out");
      args.push_back(buf.name + "=" + std::string(out));
    }
  }
  llvm::SmallVector<llvm::StringRef> argv(args.begin(), args.end());
  if (llvm::Error err = runProgram(argv, "the host program"))
    return std::move(err);

  PlanRunResult result;
  for (const PlanBuffer &buf : buffers) {
    if (!buf.isOutput())
      continue;
    auto file = llvm::MemoryBuffer::getFile(outFiles[buf.name]);
    if (!file)
      return llvm::createStringError(file.getError(),
                                     "the host program wrote no '" +
                                         outFiles[buf.name] + "'");
    std::vector<uint8_t> bytes((*file)->getBufferStart(),
                               (*file)->getBufferEnd());
    result.outputs[buf.name] = decodeRaw(std::move(bytes), buf.shape,
                                         host::findDType(buf.dtype)->dtype);
  }
  return result;
}

/// The emulator models the card TT_EMU_ARCH names, as for any program; a
/// plan compiled for another arch would run on the wrong grid, so the
/// plan's arch is selected when the variable is unset (for this process and
/// a --host-program child) and a different one is an error.
static llvm::Error selectEmulatedArch(const std::optional<std::string> &arch) {
  if (!arch)
    return llvm::Error::success();
  const char *selected = std::getenv("TT_EMU_ARCH");
  if (!selected || !*selected) {
    setenv("TT_EMU_ARCH", arch->c_str(), 1);
    return llvm::Error::success();
  }
  StringRef family = StringRef(selected).split('_').first;
  if (family == StringRef(*arch).split('_').first)
    return llvm::Error::success();
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      llvm::formatv("the plan is compiled for {0} but TT_EMU_ARCH={1} "
                    "selects another card; unset it or compile with "
                    "--arch {1}",
                    *arch, selected));
}

llvm::Expected<PlanRunResult>
mlir::tilett::runner::runCompiledKernel(StringRef outDir,
                                        const llvm::StringMap<HostTensor> &inputs,
                                        const PlanRunOptions &options) {
  llvm::SmallString<256> planPath(outDir);
  llvm::sys::path::append(planPath, "tt.plan.json");
  llvm::Expected<mlir::tilett::RunnablePlan> typed = readPlan(planPath);
  if (!typed)
    return typed.takeError();
  if (llvm::Error err = selectEmulatedArch(typed->plan.arch))
    return std::move(err);
  if (options.useHostProgram)
    return runHostProgram(outDir, planBuffers(*typed), inputs, options);
  try {
    return runInProcess(outDir, *typed, inputs);
  } catch (const std::exception &e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   llvm::Twine("emulator: ") + e.what());
  }
}
