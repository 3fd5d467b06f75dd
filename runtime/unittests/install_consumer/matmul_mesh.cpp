// Single-core matmul with the mesh API, in the style of tt-metal's
// matmul_single_core example (kernel paths relative to TT_METAL_HOME).
#include <cmath>
#include <random>

#include <fmt/core.h>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>
#include <tt-metalium/work_split.hpp>
#include <umd/device/tt_xy_pair.h>

using CoreCoord = tt_xy_pair;
using namespace tt::constants;
using namespace tt;
using namespace tt::tt_metal;

#ifndef OVERRIDE_KERNEL_PREFIX
#define OVERRIDE_KERNEL_PREFIX ""
#endif

// Programs bring their own PCC helper.
static float pcc(const std::vector<bfloat16> &a, const std::vector<bfloat16> &b) {
  double ma = 0, mb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ma += static_cast<float>(a[i]);
    mb += static_cast<float>(b[i]);
  }
  ma /= a.size();
  mb /= b.size();
  double cov = 0, va = 0, vb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    double da = a[i].to_float() - ma, db = b[i].to_float() - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return static_cast<float>(cov / std::sqrt(va * vb));
}

int main() {
  constexpr uint32_t M = 96, N = 64, K = 128;
  constexpr uint32_t Mt = M / TILE_HEIGHT, Nt = N / TILE_WIDTH, Kt = K / TILE_WIDTH;
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(0.f, 1.f);
  std::vector<bfloat16> a(M * K), b(K * N), golden(M * N);
  for (auto &v : a)
    v = bfloat16(dist(rng));
  for (auto &v : b)
    v = bfloat16(dist(rng));
  for (uint32_t i = 0; i < M; ++i)
    for (uint32_t j = 0; j < N; ++j) {
      float acc = 0;
      for (uint32_t k = 0; k < K; ++k)
        acc += a[i * K + k].to_float() * b[k * N + j].to_float();
      golden[i * N + j] = bfloat16(acc);
    }

  auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
  distributed::MeshCommandQueue &cq = mesh_device->mesh_command_queue();
  distributed::MeshWorkload workload;
  distributed::MeshCoordinateRange device_range(mesh_device->shape());
  Program program{};
  CoreCoord core({0, 0});

  uint32_t single_tile_size = sizeof(bfloat16) * TILE_HEIGHT * TILE_WIDTH;
  distributed::DeviceLocalBufferConfig dram_config{
      .page_size = single_tile_size, .buffer_type = BufferType::DRAM};
  auto src0 = distributed::MeshBuffer::create(
      distributed::ReplicatedBufferConfig{.size = sizeof(bfloat16) * a.size()},
      dram_config, mesh_device.get());
  auto src1 = distributed::MeshBuffer::create(
      distributed::ReplicatedBufferConfig{.size = sizeof(bfloat16) * b.size()},
      dram_config, mesh_device.get());
  auto dst = distributed::MeshBuffer::create(
      distributed::ReplicatedBufferConfig{.size = sizeof(bfloat16) * M * N},
      dram_config, mesh_device.get());

  for (uint32_t cb : {CBIndex::c_0, CBIndex::c_1, CBIndex::c_16}) {
    CircularBufferConfig cfg =
        CircularBufferConfig(2 * single_tile_size, {{cb, tt::DataFormat::Float16_b}})
            .set_page_size(cb, single_tile_size);
    tt_metal::CreateCircularBuffer(program, core, cfg);
  }

  std::vector<uint32_t> reader_ct;
  TensorAccessorArgs(*src0).append_to(reader_ct);
  TensorAccessorArgs(*src1).append_to(reader_ct);
  auto reader = tt_metal::CreateKernel(
      program, OVERRIDE_KERNEL_PREFIX "kernels/dataflow/reader_mm.cpp", core,
      tt_metal::DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                   .noc = NOC::RISCV_1_default,
                                   .compile_args = reader_ct});
  std::vector<uint32_t> writer_ct;
  TensorAccessorArgs(*dst).append_to(writer_ct);
  auto writer = tt_metal::CreateKernel(
      program, OVERRIDE_KERNEL_PREFIX "kernels/dataflow/writer_mm.cpp", core,
      tt_metal::DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                   .noc = NOC::RISCV_0_default,
                                   .compile_args = writer_ct});
  tt_metal::CreateKernel(program, OVERRIDE_KERNEL_PREFIX "kernels/compute/mm.cpp", core,
                         tt_metal::ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                                                 .compile_args = {Mt, Kt, Nt}});
  tt_metal::SetRuntimeArgs(program, reader, core,
                           {src0->address(), src1->address(), Mt, Kt, Nt});
  tt_metal::SetRuntimeArgs(program, writer, core, {dst->address(), Mt, Kt, Nt});
  // As upstream examples do: NOC coordinates (size_t) straight into a
  // uint32_t argument list.
  CoreCoord phys = mesh_device->worker_core_from_logical_core(core);
  std::vector<uint32_t> coords = {phys.x, phys.y};
  TT_FATAL(coords[0] == phys.x, "coordinate lost");

  distributed::EnqueueWriteMeshBuffer(cq, src0, tilize_nfaces(a, M, K), false);
  distributed::EnqueueWriteMeshBuffer(cq, src1, tilize_nfaces(b, K, N), false);
  distributed::AddProgramToMeshWorkload(workload, std::move(program), device_range);
  distributed::EnqueueMeshWorkload(cq, workload, false);
  std::vector<bfloat16> result(M * N);
  distributed::EnqueueReadMeshBuffer(cq, result, dst, true);
  result = untilize_nfaces(result, M, N);

  float p = pcc(golden, result);
  fmt::print("Metalium vs Golden -- PCC = {}\n", p);
  TT_FATAL(p > 0.97, "PCC not high enough. Result PCC: {}, Expected PCC: 0.97", p);
  bool pass = mesh_device->close();
  if (!pass)
    TT_THROW("Test Failed");
  fmt::print("Test Passed\n");
  return 0;
}
