//===- HostRuntime.h - Run a HostPlan with the TT-Metalium host API -*- C++ -*-===//
//
// The one host implementation: opens device 0, creates the plan's DRAM/L1
// buffers, writes every buffer (inputs from the caller, the rest zeros, so
// padding and outputs start from zero), creates the circular buffers,
// semaphores, kernels and per-core runtime arguments on the core ranges,
// runs the program, reads the outputs back and hands them to the caller.
// Both the generated host.cpp (with HostMain.h) and `tilett run`
// (PlanRunner.cpp) call run(); only the caller's I/O differs.
//
// It uses only the public TT-Metalium host API, so host.cpp builds against
// tt-metal as against tilett's emulator. The current mesh API (MeshDevice,
// MeshBuffer, MeshWorkload) is the default; define TILETT_HOST_CLASSIC_API
// before including this for the classic one (CreateDevice, CreateBuffer,
// EnqueueProgram). Header-only so that host.cpp needs no build changes.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_HOST_HOSTRUNTIME_H
#define TILETT_HOST_HOSTRUNTIME_H

#include "HostPlan.h"

#include <tt-metalium/device.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#ifndef TILETT_HOST_CLASSIC_API
#include <tt-metalium/distributed.hpp>
#endif

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tilett_host {

/// The caller's side of a run. Both return "" or an error message.
struct Io {
  /// The logical contents of input (or inout) buffer `index` of the plan:
  /// product(shape) raw little-endian values of its dtype, row-major, at
  /// `logical`: the caller's own bytes (valid until it returns to run()) or
  /// `storage`, which it may fill. Left null, the buffer starts as zeros.
  std::function<std::string(size_t index, std::vector<uint8_t> &storage,
                            const uint8_t *&logical)>
      input;
  /// The logical contents of output (or inout) buffer `index`, read back
  /// (the caller may keep the bytes).
  std::function<std::string(size_t index, std::vector<uint8_t> &&logical)>
      output;
};

inline tt::DataFormat dataFormat(DType t) {
  switch (t) {
  case DType::BF16:
    return tt::DataFormat::Float16_b;
  case DType::F16:
    return tt::DataFormat::Float16;
  case DType::F32:
    return tt::DataFormat::Float32;
  case DType::I32:
    return tt::DataFormat::Int32;
  }
  return tt::DataFormat::Float16_b;
}

namespace detail {
namespace ttm = tt::tt_metal;

#ifdef TILETT_HOST_CLASSIC_API
using DevicePtr = ttm::IDevice *;
using BufferPtr = std::shared_ptr<ttm::Buffer>;
using Queue = ttm::CommandQueue;
#else
using DevicePtr = std::shared_ptr<ttm::distributed::MeshDevice>;
using BufferPtr = std::shared_ptr<ttm::distributed::MeshBuffer>;
using Queue = ttm::distributed::MeshCommandQueue;
#endif

/// Device 0, closed when the run ends however it ends.
struct OpenDevice {
#ifdef TILETT_HOST_CLASSIC_API
  DevicePtr device = ttm::CreateDevice(0);
  Queue &queue() { return device->command_queue(); }
  ~OpenDevice() { ttm::CloseDevice(device); }
#else
  DevicePtr device = ttm::distributed::MeshDevice::create_unit_mesh(0);
  Queue &queue() { return device->mesh_command_queue(); }
  ~OpenDevice() { device->close(); }
#endif
};

inline BufferPtr createBuffer(OpenDevice &open, const Buffer &b) {
  uint32_t page = b.pageSize ? b.pageSize : pageBytes(b);
  uint64_t size = uint64_t(page) * tiledShape(b).numTiles();
  ttm::BufferType type = b.l1 ? ttm::BufferType::L1 : ttm::BufferType::DRAM;
#ifdef TILETT_HOST_CLASSIC_API
  ttm::InterleavedBufferConfig config;
  config.device = open.device;
  config.size = size;
  config.page_size = page;
  config.buffer_type = type;
  return ttm::CreateBuffer(config);
#else
  ttm::distributed::DeviceLocalBufferConfig local;
  local.page_size = page;
  local.buffer_type = type;
  ttm::distributed::ReplicatedBufferConfig global;
  global.size = size;
  return ttm::distributed::MeshBuffer::create(global, local, open.device.get());
#endif
}

// Bytes straight from and to the host API's templated vector transfers:
// no second copy of a tensor as words.
inline void write(Queue &cq, const BufferPtr &buffer,
                  const std::vector<uint8_t> &bytes) {
#ifdef TILETT_HOST_CLASSIC_API
  ttm::EnqueueWriteBuffer(cq, buffer, bytes, /*blocking=*/true);
#else
  ttm::distributed::EnqueueWriteMeshBuffer(cq, buffer, bytes, /*blocking=*/true);
#endif
}

inline std::vector<uint8_t> read(Queue &cq, const BufferPtr &buffer) {
  std::vector<uint8_t> bytes;
#ifdef TILETT_HOST_CLASSIC_API
  ttm::EnqueueReadBuffer(cq, buffer, bytes, /*blocking=*/true);
#else
  ttm::distributed::EnqueueReadMeshBuffer(cq, bytes, buffer, /*blocking=*/true);
#endif
  return bytes;
}

inline void execute(OpenDevice &open, ttm::Program &program) {
#ifdef TILETT_HOST_CLASSIC_API
  ttm::EnqueueProgram(open.queue(), program, /*blocking=*/false);
  ttm::Finish(open.queue());
#else
  ttm::distributed::MeshWorkload workload;
  ttm::distributed::AddProgramToMeshWorkload(
      workload, std::move(program),
      ttm::distributed::MeshCoordinateRange(open.device->shape()));
  ttm::distributed::EnqueueMeshWorkload(open.queue(), workload,
                                        /*blocking=*/false);
  ttm::distributed::Finish(open.queue());
#endif
}

inline MathFidelity mathFidelity(Fidelity f) {
  switch (f) {
  case Fidelity::LoFi:
    return MathFidelity::LoFi;
  case Fidelity::HiFi2:
    return MathFidelity::HiFi2;
  case Fidelity::HiFi3:
    return MathFidelity::HiFi3;
  case Fidelity::HiFi4:
    return MathFidelity::HiFi4;
  }
  return MathFidelity::HiFi4;
}

/// Appends the words of `args` to `out`; "" or why one cannot be resolved.
inline std::string resolve(const Plan &plan, OpenDevice &open,
                           const std::vector<BufferPtr> &buffers,
                           const std::vector<Arg> &args,
                           std::vector<uint32_t> &out) {
  for (const Arg &arg : args) {
    switch (arg.kind) {
    case Arg::Kind::Value:
      out.push_back(arg.value);
      continue;
    case Arg::Kind::NocX:
    case Arg::Kind::NocY: {
      ttm::CoreCoord noc =
          open.device->worker_core_from_logical_core(ttm::CoreCoord(arg.x, arg.y));
      out.push_back(uint32_t(arg.kind == Arg::Kind::NocX ? noc.x : noc.y));
      continue;
    }
    case Arg::Kind::Address:
    case Arg::Kind::Accessor:
      break;
    }
    size_t i = 0;
    while (i < plan.buffers.size() && plan.buffers[i].name != arg.buffer)
      ++i;
    if (i == plan.buffers.size())
      return "an argument names unknown buffer '" + arg.buffer + "'";
    if (arg.kind == Arg::Kind::Address)
      out.push_back(uint32_t(buffers[i]->address()));
    else
      ttm::TensorAccessorArgs(*buffers[i]).append_to(out);
  }
  return "";
}
} // namespace detail

/// Runs `plan` on device 0 with the kernels in `kernelDir`; "" or a
/// message. TT-Metalium's own errors propagate as it raises them (tt-metal
/// and the emulator throw).
inline std::string run(const Plan &plan, const std::string &kernelDir,
                       const Io &io) {
  namespace ttm = tt::tt_metal;
  for (const Buffer &b : plan.buffers)
    if (std::string error = checkLayout(b); !error.empty())
      return error;
  if (plan.cores.empty())
    return "the plan has no core ranges";

  detail::OpenDevice open;
  std::vector<detail::BufferPtr> buffers;
  for (const Buffer &b : plan.buffers)
    buffers.push_back(detail::createBuffer(open, b));
  for (size_t i = 0; i < plan.buffers.size(); ++i) {
    const Buffer &b = plan.buffers[i];
    std::vector<uint8_t> tiled;
    {
      std::vector<uint8_t> storage;
      const uint8_t *logical = nullptr;
      if (isInput(b.role))
        if (std::string error = io.input(i, storage, logical); !error.empty())
          return error;
      tiled = tilize(b, logical);
    }
    detail::write(open.queue(), buffers[i], tiled);
  }

  std::vector<ttm::CoreRange> ranges;
  for (const CoreRange &r : plan.cores)
    ranges.emplace_back(ttm::CoreCoord(r.x, r.y),
                        ttm::CoreCoord(r.x + r.width - 1, r.y + r.height - 1));
  ttm::CoreRangeSet cores(ranges);
  ttm::Program program = ttm::CreateProgram();

  for (const CircularBuffer &cb : plan.circularBuffers) {
    auto index = uint8_t(cb.index);
    ttm::CircularBufferConfig config(cb.pageSize * cb.numPages,
                                     {{index, dataFormat(cb.dtype)}});
    config.set_page_size(index, cb.pageSize);
    ttm::CreateCircularBuffer(program, cores, config);
  }
  // In id order: CreateSemaphore numbers them as it goes.
  for (uint32_t initial : plan.semaphores)
    ttm::CreateSemaphore(program, cores, initial);

  for (const Kernel &k : plan.kernels) {
    std::vector<uint32_t> compileArgs;
    if (std::string error =
            detail::resolve(plan, open, buffers, k.compileArgs, compileArgs);
        !error.empty())
      return error;
    std::string path = kernelDir + "/" + k.file;
    ttm::KernelHandle handle;
    if (k.kind == KernelKind::Compute) {
      ttm::ComputeConfig config;
      config.math_fidelity = detail::mathFidelity(k.fidelity);
      config.fp32_dest_acc_en = k.fp32DestAccEn;
      config.math_approx_mode = k.mathApproxMode;
      config.compile_args = compileArgs;
      config.defines = k.defines;
      handle = ttm::CreateKernel(program, path, cores, config);
    } else {
      ttm::DataMovementConfig config;
      config.processor = k.processor ? ttm::DataMovementProcessor::RISCV_1
                                     : ttm::DataMovementProcessor::RISCV_0;
      config.noc = k.noc ? ttm::NOC::RISCV_1_default : ttm::NOC::RISCV_0_default;
      config.compile_args = compileArgs;
      config.defines = k.defines;
      handle = ttm::CreateKernel(program, path, cores, config);
    }
    for (const CoreArgs &core : k.runtimeArgs) {
      std::vector<uint32_t> words;
      if (std::string error =
              detail::resolve(plan, open, buffers, core.args, words);
          !error.empty())
        return error;
      ttm::SetRuntimeArgs(program, handle, ttm::CoreCoord(core.x, core.y),
                          words);
    }
  }

  detail::execute(open, program);

  // What is not read back is freed first, so that the outputs' host copies
  // do not add to the inputs' device copies at the run's peak.
  for (size_t i = 0; i < plan.buffers.size(); ++i)
    if (!isOutput(plan.buffers[i].role))
      buffers[i].reset();
  for (size_t i = 0; i < plan.buffers.size(); ++i) {
    const Buffer &b = plan.buffers[i];
    if (!isOutput(b.role))
      continue;
    std::vector<uint8_t> logical =
        untilize(b, detail::read(open.queue(), buffers[i]));
    buffers[i].reset();
    if (std::string error = io.output(i, std::move(logical)); !error.empty())
      return error;
  }
  return "";
}

} // namespace tilett_host

#endif // TILETT_HOST_HOSTRUNTIME_H
