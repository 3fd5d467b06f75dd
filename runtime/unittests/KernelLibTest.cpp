// ttnn's compute-kernel library on the kernel include path: a compute kernel
// that only includes "ttnn/cpp/ttnn/kernel_lib/matmul_block_helpers.hpp" and
// calls compute_kernel_lib::matmul_block, as tt-metal's current
// matmul_multicore_reuse examples do, computes the batched product, with
// partial sums spilled to and reloaded from an intermediate CB that shares
// the output CB's memory (the examples' CB 16 / CB 24 pair).
#include <gtest/gtest.h>

#include <cmath>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::kernelPath;
using ttemu::test::randomBf16;

namespace {

constexpr uint32_t kTileBytes = 2048;

struct BlockShape {
  uint32_t Mt, Kt, Nt, blockW, outH, outW, batch;
};

/// Largest |device - host| over the largest |host| of a batched
/// C[s] = A[s] * B[s] (row-major, in tiles of 32), host in double.
double runMatmulBlock(const BlockShape &s,
                      const std::string &compute = "kernel_lib/matmul_block.cpp") {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto &cq = mesh->mesh_command_queue();
  const uint32_t M = s.Mt * 32, K = s.Kt * 32, N = s.Nt * 32;
  auto a = randomBf16(size_t(s.batch) * M * K, 21, -1, 1);
  auto b = randomBf16(size_t(s.batch) * K * N, 22, -1, 1);

  distributed::DeviceLocalBufferConfig dram{.page_size = kTileBytes,
                                            .buffer_type = BufferType::DRAM};
  auto make = [&](uint32_t tiles) {
    return distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = tiles * kTileBytes}, dram,
        mesh.get());
  };
  auto bufA = make(s.batch * s.Mt * s.Kt), bufB = make(s.batch * s.Kt * s.Nt),
       bufC = make(s.batch * s.Mt * s.Nt);

  Program program = CreateProgram();
  CoreCoord core{0, 0};
  auto cb = [&](uint32_t tiles, std::map<uint8_t, DataFormat> formats) {
    CircularBufferConfig config(tiles * kTileBytes, formats);
    for (auto &[index, format] : formats)
      config.set_page_size(index, kTileBytes);
    CreateCircularBuffer(program, core, config);
  };
  // Double-buffered inputs; output and partials share one block of memory.
  cb(2 * s.Mt * s.blockW, {{CBIndex::c_0, DataFormat::Float16_b}});
  cb(2 * s.blockW * s.Nt, {{CBIndex::c_1, DataFormat::Float16_b}});
  cb(s.Mt * s.Nt, {{CBIndex::c_16, DataFormat::Float16_b},
                   {CBIndex::c_24, DataFormat::Float16_b}});

  std::vector<uint32_t> readerCt, writerCt;
  TensorAccessorArgs(*bufA).append_to(readerCt);
  TensorAccessorArgs(*bufB).append_to(readerCt);
  TensorAccessorArgs(*bufC).append_to(writerCt);
  auto reader = CreateKernel(program, kernelPath("kernel_lib/reader_blocks.cpp"),
                             core, ReaderDataMovementConfig(readerCt));
  auto writer =
      CreateKernel(program, kernelPath("kernel_lib/writer_subblocks.cpp"),
                   core, WriterDataMovementConfig(writerCt));
  CreateKernel(program, kernelPath(compute), core,
               ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                             .compile_args = {s.blockW, s.Mt / s.outH,
                                              s.Nt / s.outW, s.Kt / s.blockW,
                                              s.outH, s.outW, s.batch}});
  SetRuntimeArgs(program, reader, core,
                 {bufA->address(), bufB->address(), s.Mt, s.Kt, s.Nt, s.blockW,
                  s.batch});
  SetRuntimeArgs(program, writer, core,
                 {bufC->address(), s.Mt, s.Nt, s.outH, s.outW, s.batch});

  // Tilize each batch slice separately: the buffers hold slice after slice.
  auto tilizeSlices = [&](const std::vector<bfloat16> &x, uint32_t rows,
                          uint32_t cols) {
    std::vector<bfloat16> out;
    for (uint32_t i = 0; i < s.batch; ++i) {
      std::vector<bfloat16> slice(x.begin() + size_t(i) * rows * cols,
                                  x.begin() + size_t(i + 1) * rows * cols);
      auto t = tilize_nfaces(slice, rows, cols);
      out.insert(out.end(), t.begin(), t.end());
    }
    return out;
  };
  distributed::EnqueueWriteMeshBuffer(cq, bufA, tilizeSlices(a, M, K), false);
  distributed::EnqueueWriteMeshBuffer(cq, bufB, tilizeSlices(b, K, N), false);
  distributed::MeshWorkload workload;
  workload.add_program(distributed::MeshCoordinateRange(mesh->shape()),
                       std::move(program));
  distributed::EnqueueMeshWorkload(cq, workload, false);
  std::vector<bfloat16> got;
  distributed::EnqueueReadMeshBuffer(cq, got, bufC, true);
  mesh->close();

  double worst = 0, scale = 0;
  for (uint32_t i = 0; i < s.batch; ++i) {
    std::vector<bfloat16> slice(got.begin() + size_t(i) * M * N,
                                got.begin() + size_t(i + 1) * M * N);
    slice = untilize_nfaces(slice, M, N);
    for (uint32_t r = 0; r < M; ++r)
      for (uint32_t c = 0; c < N; ++c) {
        double want = 0;
        for (uint32_t k = 0; k < K; ++k)
          want += double(a[size_t(i) * M * K + r * K + k].to_float()) *
                  b[size_t(i) * K * N + k * N + c].to_float();
        worst = std::max(
            worst, std::fabs(slice[r * N + c].to_float() - want));
        scale = std::max(scale, std::fabs(want));
      }
  }
  return worst / scale;
}

} // namespace

TEST(KernelLib, MatmulBlockSpillsAndReloadsAcrossKBlocks) {
  // 3 K blocks of 2 tiles, 2 x 2 subblocks of 2 x 2 tiles, 2 batch slices.
  EXPECT_LT(runMatmulBlock({.Mt = 4, .Kt = 6, .Nt = 4, .blockW = 2, .outH = 2,
                            .outW = 2, .batch = 2}),
            0.02);
}

TEST(KernelLib, MatmulBlockSingleKBlockPacksStraightToOut) {
  // One K block (no interm traffic), non-square subblocks 1 x 4 over 3 x 8.
  EXPECT_LT(runMatmulBlock({.Mt = 3, .Kt = 3, .Nt = 8, .blockW = 3, .outH = 1,
                            .outW = 4, .batch = 1}),
            0.02);
}

TEST(KernelLib, MatmulBlockEarlierCountsOnlySpelling) {
  EXPECT_LT(runMatmulBlock({.Mt = 4, .Kt = 4, .Nt = 6, .blockW = 1, .outH = 2,
                            .outW = 3, .batch = 1},
                           "kernel_lib/matmul_block_counts.cpp"),
            0.02);
}
