// The TT-Metalium host API (classic and shared parts) over the emulator.
#pragma once

#include <array>
#include <cstdint>
#include <iostream>  // tt-metal's host_api.hpp pulls <iostream> in; examples rely on it
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <fmt/core.h>

#include <hostdevcommon/common_values.hpp>

#include <tt-metalium/assert.hpp>
#include <tt-metalium/base_types.hpp>
#include <tt-metalium/buffer.hpp>
#include <tt-metalium/circular_buffer_config.hpp>
#include <tt-metalium/command_queue.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/data_types.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/kernel_types.hpp>
#include <tt-metalium/logger.hpp>
#include <tt-metalium/program.hpp>
#include <tt-metalium/runtime_args_data.hpp>
#include <tt-metalium/tile_size.hpp>
#include <tt-metalium/tt_metal_profiler.hpp> // ReadMeshDeviceProfilerResults, as in tt-metal
#include <tt_stl/span.hpp>

namespace tt::tt_metal {

using CoreSpec = std::variant<CoreCoord, CoreRange, CoreRangeSet>;
using KernelConfig =
    std::variant<DataMovementConfig, ComputeConfig, EthernetConfig>;
using BufferRef =
    std::variant<std::reference_wrapper<Buffer>, std::shared_ptr<Buffer>>;

struct DispatchCoreConfig {};

// --- Devices -----------------------------------------------------------------
std::size_t GetNumAvailableDevices();
std::size_t GetNumPCIeDevices();
IDevice *CreateDevice(ChipId device_id, std::uint8_t num_hw_cqs = 1,
                      std::size_t l1_small_size = 0,
                      std::size_t trace_region_size = 0,
                      const DispatchCoreConfig &dispatch_core_config = {},
                      const std::vector<std::uint32_t> &l1_bank_remap = {},
                      std::size_t worker_l1_size = 0);
IDevice *CreateDeviceMinimal(ChipId device_id, std::uint8_t num_hw_cqs = 1,
                             const DispatchCoreConfig & = {});
bool CloseDevice(IDevice *device);

// --- Programs, kernels, CBs, semaphores --------------------------------------
KernelHandle CreateKernel(Program &program, const std::string &file_name,
                          const CoreSpec &core_spec,
                          const KernelConfig &config = DataMovementConfig{});
KernelHandle CreateKernelFromString(Program &program,
                                    const std::string &kernel_src_code,
                                    const CoreSpec &core_spec,
                                    const KernelConfig &config = DataMovementConfig{});
CBHandle CreateCircularBuffer(Program &program, const CoreSpec &core_spec,
                              const CircularBufferConfig &config);
std::uint32_t CreateSemaphore(Program &program,
                              const std::variant<CoreRange, CoreRangeSet> &core_spec,
                              std::uint32_t initial_value);
std::uint32_t CreateSemaphore(Program &program, const CoreCoord &core,
                              std::uint32_t initial_value);

// --- Runtime arguments --------------------------------------------------------
void SetRuntimeArgs(const Program &program, KernelHandle kernel,
                    const CoreSpec &core_spec,
                    const std::vector<std::uint32_t> &runtime_args);
void SetRuntimeArgsSpan(const Program &program, KernelHandle kernel,
                        const CoreSpec &core_spec,
                        tt::stl::Span<const std::uint32_t> runtime_args);
// Spans and arrays go through templates so that `{}` and `{a, b}` pick the
// std::vector overload unambiguously.
template <typename T>
void SetRuntimeArgs(const Program &program, KernelHandle kernel,
                    const CoreSpec &core_spec, tt::stl::Span<T> runtime_args) {
  SetRuntimeArgsSpan(program, kernel, core_spec,
                     tt::stl::Span<const std::uint32_t>(runtime_args.data(),
                                                        runtime_args.size()));
}
template <std::size_t N>
void SetRuntimeArgs(const Program &program, KernelHandle kernel,
                    const CoreSpec &core_spec,
                    const std::array<std::uint32_t, N> &runtime_args) {
  SetRuntimeArgsSpan(program, kernel, core_spec,
                     tt::stl::Span<const std::uint32_t>(runtime_args.data(), N));
}
void SetRuntimeArgs(const Program &program, KernelHandle kernel,
                    const std::vector<CoreCoord> &cores,
                    const std::vector<std::vector<std::uint32_t>> &runtime_args);
void SetCommonRuntimeArgs(const Program &program, KernelHandle kernel,
                          const std::vector<std::uint32_t> &runtime_args);
void SetCommonRuntimeArgsSpan(const Program &program, KernelHandle kernel,
                              tt::stl::Span<const std::uint32_t> runtime_args);
template <typename T>
void SetCommonRuntimeArgs(const Program &program, KernelHandle kernel,
                          tt::stl::Span<T> runtime_args) {
  SetCommonRuntimeArgsSpan(
      program, kernel,
      tt::stl::Span<const std::uint32_t>(runtime_args.data(), runtime_args.size()));
}
template <std::size_t N>
void SetCommonRuntimeArgs(const Program &program, KernelHandle kernel,
                          const std::array<std::uint32_t, N> &runtime_args) {
  SetCommonRuntimeArgsSpan(program, kernel,
                           tt::stl::Span<const std::uint32_t>(runtime_args.data(), N));
}
RuntimeArgsData &GetRuntimeArgs(const Program &program, KernelHandle kernel,
                                const CoreCoord &core);
RuntimeArgsData &GetCommonRuntimeArgs(const Program &program,
                                      KernelHandle kernel);

// --- Buffers ------------------------------------------------------------------
std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig &config);
std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig &config,
                                     DeviceAddr address);
std::shared_ptr<Buffer> CreateBuffer(const ShardedBufferConfig &config);
std::shared_ptr<Buffer> CreateBuffer(const ShardedBufferConfig &config,
                                     DeviceAddr address);
void DeallocateBuffer(Buffer &buffer);

// --- Command queue ------------------------------------------------------------
void EnqueueWriteBuffer(CommandQueue &cq, const BufferRef &buffer,
                        const void *src, bool blocking);
void EnqueueReadBuffer(CommandQueue &cq, const BufferRef &buffer, void *dst,
                       bool blocking);
/// Writes the vector's bytes (at most the buffer's size) from the start of
/// the buffer.
void EnqueueWriteBufferBytes(CommandQueue &cq, const BufferRef &buffer,
                             const void *src, std::size_t bytes, bool blocking);
template <typename T, typename A>
void EnqueueWriteBuffer(CommandQueue &cq, const BufferRef &buffer,
                        const std::vector<T, A> &src, bool blocking) {
  EnqueueWriteBufferBytes(cq, buffer, src.data(), src.size() * sizeof(T),
                          blocking);
}
/// Resizes the vector `vec` to hold the whole buffer, as tt-metal does;
/// `resize` resizes it and returns its data pointer.
void EnqueueReadBufferToVector(CommandQueue &cq, const BufferRef &buffer,
                               void *vec, std::size_t elem_size,
                               void *(*resize)(void *, std::size_t),
                               bool blocking);
template <typename T, typename A>
void EnqueueReadBuffer(CommandQueue &cq, const BufferRef &buffer,
                       std::vector<T, A> &dst, bool blocking) {
  EnqueueReadBufferToVector(
      cq, buffer, &dst, sizeof(T),
      [](void *v, std::size_t n) -> void * {
        auto *vec = static_cast<std::vector<T, A> *>(v);
        vec->resize(n);
        return vec->data();
      },
      blocking);
}
void EnqueueProgram(CommandQueue &cq, Program &program, bool blocking);
void Finish(CommandQueue &cq);

namespace detail {
/// Slow-dispatch helpers some examples use.
void WriteToBuffer(const std::shared_ptr<Buffer> &buffer,
                   const std::vector<std::uint32_t> &host_buffer);
void WriteToBuffer(Buffer &buffer, const std::vector<std::uint32_t> &host_buffer);
void ReadFromBuffer(const std::shared_ptr<Buffer> &buffer,
                    std::vector<std::uint32_t> &host_buffer);
void ReadFromBuffer(Buffer &buffer, std::vector<std::uint32_t> &host_buffer);
void LaunchProgram(IDevice *device, Program &program,
                   bool wait_until_cores_done = true);
bool CompileProgram(IDevice *device, Program &program);
/// Direct L1 access of one core (logical coordinates), bypassing programs.
bool WriteToDeviceL1(IDevice *device, const CoreCoord &logical_core,
                     std::uint32_t address, std::vector<std::uint32_t> &host_buffer,
                     CoreType core_type = CoreType::WORKER);
bool ReadFromDeviceL1(IDevice *device, const CoreCoord &logical_core,
                      std::uint32_t address, std::uint32_t size,
                      std::vector<std::uint32_t> &host_buffer,
                      CoreType core_type = CoreType::WORKER);
} // namespace detail

} // namespace tt::tt_metal

// Programs written for the mesh API often include only host_api.hpp.
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/math.hpp>
