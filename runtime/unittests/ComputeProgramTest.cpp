// Programs with compute kernels, checked against host references:
// element-wise add, single-core matmul (mesh API) and multi-core matmul with
// split_work_to_cores (classic API).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>
#include <tt-metalium/work_split.hpp>
#include <ttemu/emulator.h>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using tt::constants::TILE_HW;
using testing::HasSubstr;
using ttemu::test::errorOf;
using ttemu::test::kernelPath;
using ttemu::test::randomBf16;

namespace {

constexpr uint32_t kTileBytes = 2048;

void addCb(Program &p, const CoreSpec &cores, uint8_t index, uint32_t pages) {
  CreateCircularBuffer(p, cores,
                       CircularBufferConfig(pages * kTileBytes,
                                            {{index, DataFormat::Float16_b}})
                           .set_page_size(index, kTileBytes));
}

/// Row-major M x N = A (M x K) * B (K x N), accumulated in double.
std::vector<float> hostMatmul(const std::vector<bfloat16> &a,
                              const std::vector<bfloat16> &b, uint32_t M,
                              uint32_t N, uint32_t K) {
  std::vector<float> c(M * N);
  for (uint32_t i = 0; i < M; ++i)
    for (uint32_t j = 0; j < N; ++j) {
      double acc = 0;
      for (uint32_t k = 0; k < K; ++k)
        acc += double(a[i * K + k].to_float()) * b[k * N + j].to_float();
      c[i * N + j] = static_cast<float>(acc);
    }
  return c;
}

/// Largest |got - want| relative to the largest |want|.
double maxRelativeError(const std::vector<bfloat16> &got,
                        const std::vector<float> &want) {
  double worst = 0, scale = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    worst = std::max(worst, std::fabs(double(got[i].to_float()) - want[i]));
    scale = std::max(scale, std::fabs(double(want[i])));
  }
  return worst / scale;
}

/// A program on core (0,0) that streams `n` tiles of `in` through CB 0, the
/// one-argument (n) compute kernel `compute` and CB 16 into `out`, with
/// `extraCbs` also created (two pages each).
Program copyProgram(const std::shared_ptr<Buffer> &in,
                    const std::shared_ptr<Buffer> &out, uint32_t n,
                    const std::string &compute,
                    std::initializer_list<uint8_t> extraCbs = {}) {
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  addCb(program, core, CBIndex::c_0, 2);
  addCb(program, core, CBIndex::c_16, 2);
  for (uint8_t cb : extraCbs)
    addCb(program, core, cb, 2);
  std::vector<uint32_t> readerCt, writerCt = {CBIndex::c_16};
  TensorAccessorArgs(*in).append_to(readerCt);
  TensorAccessorArgs(*out).append_to(writerCt);
  auto reader = CreateKernel(program, kernelPath("dataflow/reader_tiles.cpp"),
                             core, ReaderDataMovementConfig(readerCt));
  auto writer = CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"),
                             core, WriterDataMovementConfig(writerCt));
  auto kernel = CreateKernel(program, kernelPath(compute), core,
                             ComputeConfig{});
  SetRuntimeArgs(program, reader, core, {in->address(), n, 0u});
  SetRuntimeArgs(program, writer, core, {out->address(), n, 0u});
  SetRuntimeArgs(program, kernel, core, {n});
  return program;
}

} // namespace

TEST(ComputeProgram, EltwiseAddMatchesHost) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  constexpr uint32_t n = 8;
  InterleavedBufferConfig cfg{.device = device,
                              .size = n * kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  auto a = CreateBuffer(cfg), b = CreateBuffer(cfg), c = CreateBuffer(cfg);
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  addCb(program, core, CBIndex::c_0, 2);
  addCb(program, core, CBIndex::c_1, 2);
  addCb(program, core, CBIndex::c_16, 2);
  std::vector<uint32_t> writerCt = {CBIndex::c_16};
  TensorAccessorArgs(*c).append_to(writerCt);
  auto reader = CreateKernel(program, kernelPath("dataflow/reader_binary.cpp"),
                             core, ReaderDataMovementConfig());
  auto writer = CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"),
                             core, WriterDataMovementConfig(writerCt));
  auto compute = CreateKernel(program, kernelPath("compute/add.cpp"), core,
                              ComputeConfig{.math_fidelity = MathFidelity::HiFi4});
  SetRuntimeArgs(program, reader, core, {a->address(), b->address(), n});
  SetRuntimeArgs(program, writer, core, {c->address(), n, 0u});
  SetRuntimeArgs(program, compute, core, {n});

  auto va = randomBf16(n * TILE_HW, 1, -4, 4), vb = randomBf16(n * TILE_HW, 2, -4, 4);
  EnqueueWriteBuffer(cq, a, va, false);
  EnqueueWriteBuffer(cq, b, vb, false);
  EnqueueProgram(cq, program, false);
  std::vector<bfloat16> vc;
  EnqueueReadBuffer(cq, c, vc, true);
  ASSERT_EQ(vc.size(), va.size());
  // Element-wise, the layout does not matter. The sum of two bf16 values is
  // exact in fp32; the device rounds it once to bf16, so the result is
  // within half an ulp of bf16 (2^-8 relative) of the exact sum.
  for (size_t i = 0; i < vc.size(); ++i) {
    float want = va[i].to_float() + vb[i].to_float();
    EXPECT_NEAR(vc[i].to_float(), want, std::fabs(want) * 0x1p-8 + 1e-30)
        << "element " << i;
  }
  CloseDevice(device);
}

TEST(ComputeProgram, PackWithoutReserveIntoFreePagesIsAccepted) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  InterleavedBufferConfig cfg{.device = device,
                              .size = kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  auto a = CreateBuffer(cfg), b = CreateBuffer(cfg), c = CreateBuffer(cfg);
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  addCb(program, core, CBIndex::c_0, 1);
  addCb(program, core, CBIndex::c_1, 1);
  addCb(program, core, CBIndex::c_16, 1);
  std::vector<uint32_t> writerCt = {CBIndex::c_16};
  TensorAccessorArgs(*c).append_to(writerCt);
  auto reader = CreateKernel(program, kernelPath("dataflow/reader_binary.cpp"),
                             core, ReaderDataMovementConfig());
  auto writer = CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"),
                             core, WriterDataMovementConfig(writerCt));
  CreateKernel(program, kernelPath("compute/add_unreserved.cpp"), core,
               ComputeConfig{.math_fidelity = MathFidelity::HiFi4});
  SetRuntimeArgs(program, reader, core, {a->address(), b->address(), 1u});
  SetRuntimeArgs(program, writer, core, {c->address(), 1u, 0u});
  auto va = randomBf16(TILE_HW, 3, -4, 4), vb = randomBf16(TILE_HW, 4, -4, 4);
  EnqueueWriteBuffer(cq, a, va, false);
  EnqueueWriteBuffer(cq, b, vb, false);
  EnqueueProgram(cq, program, false);
  std::vector<bfloat16> vc;
  EnqueueReadBuffer(cq, c, vc, true);
  ASSERT_EQ(vc.size(), va.size());
  for (size_t i = 0; i < vc.size(); ++i) {
    float want = va[i].to_float() + vb[i].to_float();
    EXPECT_NEAR(vc[i].to_float(), want, std::fabs(want) * 0x1p-8 + 1e-30)
        << "element " << i;
  }
  CloseDevice(device);
}

// add_init / sub_init / mul_init, the current names of the paired inits.
TEST(ComputeProgram, PairedBinaryInitsSelectTheirOp) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  auto buf = [&](uint32_t tiles) {
    return CreateBuffer(InterleavedBufferConfig{.device = device,
                                                .size = tiles * kTileBytes,
                                                .page_size = kTileBytes,
                                                .buffer_type = BufferType::DRAM});
  };
  auto a = buf(1), b = buf(1), c = buf(3);
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  addCb(program, core, CBIndex::c_0, 1);
  addCb(program, core, CBIndex::c_1, 1);
  addCb(program, core, CBIndex::c_16, 3);
  std::vector<uint32_t> writerCt = {CBIndex::c_16};
  TensorAccessorArgs(*c).append_to(writerCt);
  auto reader = CreateKernel(program, kernelPath("dataflow/reader_binary.cpp"),
                             core, ReaderDataMovementConfig());
  auto writer = CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"),
                             core, WriterDataMovementConfig(writerCt));
  CreateKernel(program, kernelPath("compute/binary_inits.cpp"), core,
               ComputeConfig{.math_fidelity = MathFidelity::HiFi4});
  SetRuntimeArgs(program, reader, core, {a->address(), b->address(), 1u});
  SetRuntimeArgs(program, writer, core, {c->address(), 3u, 0u});
  auto va = randomBf16(TILE_HW, 7, -4, 4), vb = randomBf16(TILE_HW, 8, -4, 4);
  EnqueueWriteBuffer(cq, a, va, false);
  EnqueueWriteBuffer(cq, b, vb, false);
  EnqueueProgram(cq, program, false);
  std::vector<bfloat16> vc;
  EnqueueReadBuffer(cq, c, vc, true);
  ASSERT_EQ(vc.size(), 3 * TILE_HW);
  // A sum or difference is one bf16 rounding of a value exact in fp32:
  // within half a bf16 ulp. The FPU's product is not correctly rounded (the
  // numerics suites pin it down bit for bit); here it is within 2 bf16 ulps.
  for (size_t i = 0; i < TILE_HW; ++i) {
    float x = va[i].to_float(), y = vb[i].to_float();
    float want[3] = {x + y, x - y, x * y};
    float rel[3] = {0x1p-8f, 0x1p-8f, 0x1p-6f};
    for (int op = 0; op < 3; ++op)
      EXPECT_NEAR(vc[op * TILE_HW + i].to_float(), want[op],
                  std::fabs(want[op]) * rel[op] + 1e-30)
          << "op " << op << " element " << i;
  }
  CloseDevice(device);
}

// copy_init + copy_tile + pack_tile of bf16 tiles is the identity.
TEST(ComputeProgram, CopyInitCopiesThroughDst) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  constexpr uint32_t n = 4;
  InterleavedBufferConfig cfg{.device = device,
                              .size = n * kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  auto a = CreateBuffer(cfg), c = CreateBuffer(cfg);
  Program program = copyProgram(a, c, n, "compute/copy_through_dst.cpp");
  auto va = randomBf16(n * TILE_HW, 9, -100, 100);
  EnqueueWriteBuffer(cq, a, va, false);
  EnqueueProgram(cq, program, false);
  std::vector<bfloat16> vc;
  EnqueueReadBuffer(cq, c, vc, true);
  ASSERT_EQ(vc.size(), va.size());
  for (size_t i = 0; i < vc.size(); ++i)
    ASSERT_EQ(vc[i].to_packed(), va[i].to_packed()) << "element " << i;
  CloseDevice(device);
}

// What the device tolerates runs: a compute kernel reading back a tile it
// just pushed without cb_wait_front gives the device's result with a
// warning naming core, processor, CB and kernel; TT_EMU_STRICT=1 makes it an
// error.
TEST(ComputeProgram, ReadingAPushedTileWithoutWaitIsAWarning) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  constexpr uint32_t n = 3;
  InterleavedBufferConfig cfg{.device = device,
                              .size = n * kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  auto a = CreateBuffer(cfg), c = CreateBuffer(cfg);
  auto run = [&] {
    Program program =
        copyProgram(a, c, n, "compute/readback_unwaited.cpp", {CBIndex::c_24});
    EnqueueProgram(cq, program, true);
  };
  auto va = randomBf16(n * TILE_HW, 11, -50, 50);
  EnqueueWriteBuffer(cq, a, va, true);
  run();
  std::vector<bfloat16> vc;
  EnqueueReadBuffer(cq, c, vc, true);
  ASSERT_EQ(vc.size(), va.size());
  for (size_t i = 0; i < vc.size(); ++i)
    ASSERT_EQ(vc[i].to_packed(), va[i].to_packed()) << "element " << i;
  ttemu::RunStats stats = ttemu::lastRunStats();
  // Once per kind and thread, not once per tile.
  ASSERT_EQ(stats.warnings.size(), 2u);
  EXPECT_THAT(stats.warnings[0],
              HasSubstr("core (0,0) TRISC (compute kernel '"));
  EXPECT_THAT(stats.warnings[0], HasSubstr("readback_unwaited.cpp"));
  EXPECT_THAT(stats.warnings[0],
              HasSubstr("reads page 0 of cb 24, pushed but not made visible "
                        "by cb_wait_front"));
  EXPECT_THAT(stats.warnings[1],
              HasSubstr("cb_pop_front(cb 24, 1 page) pops pushed pages that "
                        "cb_wait_front did not wait for"));

  setenv("TT_EMU_STRICT", "1", 1);
  std::string error = errorOf(run);
  unsetenv("TT_EMU_STRICT");
  EXPECT_THAT(error, HasSubstr("reads page 0 of cb 24"));
  EXPECT_THAT(error, HasSubstr("an error under TT_EMU_STRICT=1"));
  CloseDevice(device);
}

// TSLICE in a compute kernel reads where the TRISC of its DPRINT_* block
// would: UNPACK the front of the input CB, PACK the page being packed.
TEST(ComputeProgram, TileSliceFollowsTheTriscOfItsBlock) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  InterleavedBufferConfig cfg{.device = device,
                              .size = kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  auto a = CreateBuffer(cfg), c = CreateBuffer(cfg);
  std::vector<bfloat16> tile(TILE_HW);
  for (uint32_t r = 0; r < 32; ++r)
    for (uint32_t col = 0; col < 32; ++col)
      tile[r * 32 + col] = bfloat16(float(r + 2 * col));
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  addCb(program, core, CBIndex::c_0, 1);
  addCb(program, core, CBIndex::c_16, 1);
  std::vector<uint32_t> readerCt, writerCt = {CBIndex::c_16};
  TensorAccessorArgs(*a).append_to(readerCt);
  TensorAccessorArgs(*c).append_to(writerCt);
  auto reader = CreateKernel(program, kernelPath("dataflow/reader_tiles.cpp"),
                             core, ReaderDataMovementConfig(readerCt));
  auto writer = CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"),
                             core, WriterDataMovementConfig(writerCt));
  CreateKernel(program, kernelPath("compute/print_tile_slices.cpp"), core,
               ComputeConfig{});
  SetRuntimeArgs(program, reader, core, {a->address(), 1u, 0u});
  SetRuntimeArgs(program, writer, core, {c->address(), 1u, 0u});
  EnqueueWriteBuffer(cq, a, tilize_nfaces(tile, 32, 32), false);
  testing::internal::CaptureStdout();
  EnqueueProgram(cq, program, true);
  std::string out = testing::internal::GetCapturedStdout();
  // Row 0: 0 2 4 ... 62; column 1 (rows 0..31, no line ends): 2 3 ... 33.
  std::string row0 = "TR: in 0", col1 = "TR: out 2";
  for (int k = 1; k < 32; ++k)
    row0 += " " + std::to_string(2 * k);
  for (int k = 1; k < 32; ++k)
    col1 += " " + std::to_string(2 + k);
  EXPECT_NE(out.find(row0 + "\n"), std::string::npos) << out;
  EXPECT_NE(out.find(col1), std::string::npos) << out;
  CloseDevice(device);
}

TEST(ComputeProgram, SingleCoreMatmulMeshApi) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto &cq = mesh->mesh_command_queue();
  constexpr uint32_t M = 64, N = 96, K = 128;
  constexpr uint32_t Mt = M / 32, Nt = N / 32, Kt = K / 32;
  auto a = randomBf16(M * K, 3, -1, 1), b = randomBf16(K * N, 4, -1, 1);
  std::vector<float> want = hostMatmul(a, b, M, N, K);

  distributed::DeviceLocalBufferConfig dram{.page_size = kTileBytes,
                                            .buffer_type = BufferType::DRAM};
  auto bufA = distributed::MeshBuffer::create(
      distributed::ReplicatedBufferConfig{.size = M * K * 2}, dram, mesh.get());
  auto bufB = distributed::MeshBuffer::create(
      distributed::ReplicatedBufferConfig{.size = K * N * 2}, dram, mesh.get());
  auto bufC = distributed::MeshBuffer::create(
      distributed::ReplicatedBufferConfig{.size = M * N * 2}, dram, mesh.get());

  Program program = CreateProgram();
  CoreCoord core{0, 0};
  addCb(program, core, CBIndex::c_0, 2);
  addCb(program, core, CBIndex::c_1, 2);
  addCb(program, core, CBIndex::c_16, 2);
  std::vector<uint32_t> readerCt, writerCt = {CBIndex::c_16};
  TensorAccessorArgs(*bufA).append_to(readerCt);
  TensorAccessorArgs(*bufB).append_to(readerCt);
  TensorAccessorArgs(*bufC).append_to(writerCt);
  auto reader = CreateKernel(
      program, kernelPath("dataflow/reader_mm.cpp"), core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                         .noc = NOC::RISCV_1_default,
                         .compile_args = readerCt});
  auto writer = CreateKernel(
      program, kernelPath("dataflow/writer_tiles.cpp"), core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                         .noc = NOC::RISCV_0_default,
                         .compile_args = writerCt});
  CreateKernel(program, kernelPath("compute/mm.cpp"), core,
               ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                             .compile_args = {Mt, Kt, Nt}});
  SetRuntimeArgs(program, reader,
                 core, {bufA->address(), bufB->address(), Kt, Nt, 0u, Mt * Nt});
  SetRuntimeArgs(program, writer, core, {bufC->address(), Mt * Nt, 0u});

  distributed::EnqueueWriteMeshBuffer(cq, bufA, tilize_nfaces(a, M, K), false);
  distributed::EnqueueWriteMeshBuffer(cq, bufB, tilize_nfaces(b, K, N), false);
  distributed::MeshWorkload workload;
  workload.add_program(distributed::MeshCoordinateRange(mesh->shape()),
                       std::move(program));
  distributed::EnqueueMeshWorkload(cq, workload, false);
  std::vector<bfloat16> got;
  distributed::EnqueueReadMeshBuffer(cq, got, bufC, true);
  got = untilize_nfaces(got, M, N);
  // bf16 inputs, bf16 DST accumulation over K=128: a few bf16 ulps of the
  // largest output.
  EXPECT_LT(maxRelativeError(got, want), 0.02);
  mesh->close();
}

// One tile C = A * B^T through matmul_init / matmul_tile(..., transpose).
TEST(ComputeProgram, MatmulTileTransposesBPerCall) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto &cq = mesh->mesh_command_queue();
  constexpr uint32_t T = 32;
  auto a = randomBf16(T * T, 5, -1, 1), bt = randomBf16(T * T, 6, -1, 1);
  std::vector<bfloat16> b(T * T); // b = bt^T, so A * bt^T = A * b
  for (uint32_t i = 0; i < T; ++i)
    for (uint32_t j = 0; j < T; ++j)
      b[i * T + j] = bt[j * T + i];
  std::vector<float> want = hostMatmul(a, b, T, T, T);

  distributed::DeviceLocalBufferConfig dram{.page_size = kTileBytes,
                                            .buffer_type = BufferType::DRAM};
  distributed::ReplicatedBufferConfig one{.size = kTileBytes};
  auto bufA = distributed::MeshBuffer::create(one, dram, mesh.get());
  auto bufB = distributed::MeshBuffer::create(one, dram, mesh.get());
  auto bufC = distributed::MeshBuffer::create(one, dram, mesh.get());
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  addCb(program, core, CBIndex::c_0, 1);
  addCb(program, core, CBIndex::c_1, 1);
  addCb(program, core, CBIndex::c_16, 1);
  std::vector<uint32_t> readerCt, writerCt = {CBIndex::c_16};
  TensorAccessorArgs(*bufA).append_to(readerCt);
  TensorAccessorArgs(*bufB).append_to(readerCt);
  TensorAccessorArgs(*bufC).append_to(writerCt);
  auto reader = CreateKernel(program, kernelPath("dataflow/reader_mm.cpp"),
                             core, ReaderDataMovementConfig(readerCt));
  auto writer = CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"),
                             core, WriterDataMovementConfig(writerCt));
  CreateKernel(program, kernelPath("compute/mm_tile.cpp"), core,
               ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                             .compile_args = {1u, 1u, 1u, 1u}});
  SetRuntimeArgs(program, reader, core,
                 {bufA->address(), bufB->address(), 1u, 1u, 0u, 1u});
  SetRuntimeArgs(program, writer, core, {bufC->address(), 1u, 0u});
  distributed::EnqueueWriteMeshBuffer(cq, bufA, tilize_nfaces(a, T, T), false);
  distributed::EnqueueWriteMeshBuffer(cq, bufB, tilize_nfaces(bt, T, T), false);
  distributed::MeshWorkload workload;
  workload.add_program(distributed::MeshCoordinateRange(mesh->shape()),
                       std::move(program));
  distributed::EnqueueMeshWorkload(cq, workload, false);
  std::vector<bfloat16> got;
  distributed::EnqueueReadMeshBuffer(cq, got, bufC, true);
  got = untilize_nfaces(got, T, T);
  // K = 32 with bf16 DST: within a couple of bf16 ulps of the largest output;
  // the untransposed product would be off by O(1).
  EXPECT_LT(maxRelativeError(got, want), 0.02);
  mesh->close();
}

TEST(ComputeProgram, MultiCoreMatmulWithWorkSplit) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  constexpr uint32_t M = 160, N = 128, K = 64;
  constexpr uint32_t Mt = M / 32, Nt = N / 32, Kt = K / 32;
  auto a = randomBf16(M * K, 5, -1, 1), b = randomBf16(K * N, 6, -1, 1);
  std::vector<float> want = hostMatmul(a, b, M, N, K);

  auto make = [&](uint32_t bytes) {
    return CreateBuffer(InterleavedBufferConfig{.device = device,
                                                .size = bytes,
                                                .page_size = kTileBytes,
                                                .buffer_type = BufferType::DRAM});
  };
  auto bufA = make(M * K * 2), bufB = make(K * N * 2), bufC = make(M * N * 2);

  Program program = CreateProgram();
  auto [numCores, all, g1, g2, w1, w2] =
      split_work_to_cores(device->compute_with_storage_grid_size(), Mt * Nt);
  ASSERT_EQ(numCores, 20u);
  addCb(program, all, CBIndex::c_0, 2);
  addCb(program, all, CBIndex::c_1, 2);
  addCb(program, all, CBIndex::c_16, 2);
  std::vector<uint32_t> readerCt, writerCt = {CBIndex::c_16};
  TensorAccessorArgs(*bufA).append_to(readerCt);
  TensorAccessorArgs(*bufB).append_to(readerCt);
  TensorAccessorArgs(*bufC).append_to(writerCt);
  auto reader = CreateKernel(program, kernelPath("dataflow/reader_mm.cpp"), all,
                             ReaderDataMovementConfig(readerCt));
  auto writer = CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"),
                             all, WriterDataMovementConfig(writerCt));
  auto compute = CreateKernel(program, kernelPath("compute/mm.cpp"), all,
                              ComputeConfig{.defines = {{"PER_CORE_COUNT", "1"}}});
  uint32_t offset = 0;
  for (const auto &[group, work] : {std::pair{g1, w1}, std::pair{g2, w2}})
    for (const CoreRange &range : group.ranges())
      for (const CoreCoord &core : range) {
        SetRuntimeArgs(program, reader, core,
                       {bufA->address(), bufB->address(), Kt, Nt, offset, work});
        SetRuntimeArgs(program, writer, core, {bufC->address(), work, offset});
        SetRuntimeArgs(program, compute, core, {work, Kt});
        offset += work;
      }
  ASSERT_EQ(offset, Mt * Nt);

  EnqueueWriteBuffer(cq, bufA, tilize_nfaces(a, M, K), false);
  EnqueueWriteBuffer(cq, bufB, tilize_nfaces(b, K, N), false);
  EnqueueProgram(cq, program, false);
  std::vector<bfloat16> got;
  EnqueueReadBuffer(cq, bufC, got, true);
  got = untilize_nfaces(got, M, N);
  EXPECT_LT(maxRelativeError(got, want), 0.02);
  CloseDevice(device);
}

// As in tt-metal's compute build, APPROX is the kernel's math_approx_mode,
// so exp_tile<APPROX> approximates exactly when the config says so.
TEST(ComputeProgram, ApproxIsTheComputeConfigsMathApproxMode) {
  for (bool approx : {false, true}) {
    IDevice *device = CreateDevice(0);
    Program program = CreateScopedProgram();
    CoreCoord core{0, 0};
    KernelHandle k = CreateKernel(program, kernelPath("compute/print_approx.cpp"),
                                  core,
                                  ComputeConfig{.math_approx_mode = approx});
    SetRuntimeArgs(program, k, core, {});
    testing::internal::CaptureStdout();
    EnqueueProgram(device->command_queue(), program, false);
    Finish(device->command_queue());
    std::string out = testing::internal::GetCapturedStdout();
    EXPECT_NE(out.find(approx ? "APPROX=1" : "APPROX=0"), std::string::npos)
        << out;
    CloseDevice(device);
  }
}

// Which SFPU calls approximate, as tt-metal's API has it: exp_tile by its
// template argument, exp2_tile always (it is the approximate exp of x ln 2),
// rsqrt_tile by the build's APPROX. Approximate calls cost less MATH time.
TEST(ComputeProgram, SfpuApproximationFollowsTheApi) {
  auto mathCycles = [](uint32_t op, bool approxMode) {
    IDevice *device = CreateDevice(0);
    Program program = CreateScopedProgram();
    CoreCoord core{0, 0};
    KernelHandle k = CreateKernel(
        program, kernelPath("compute/sfpu_approx_cost.cpp"), core,
        ComputeConfig{.math_approx_mode = approxMode, .compile_args = {op}});
    SetRuntimeArgs(program, k, core, {});
    EnqueueProgram(device->command_queue(), program, true);
    uint64_t math = 0;
    for (const ttemu::ThreadStats &t : ttemu::lastRunStats().threads)
      if (t.processor == "TRISC")
        math = t.triscBusy[1];
    CloseDevice(device);
    return math;
  };
  uint64_t precise = mathCycles(0, false), approx = mathCycles(1, false);
  EXPECT_LT(approx, precise);
  EXPECT_EQ(mathCycles(0, true), precise) << "exp_tile's default is exact";
  EXPECT_EQ(mathCycles(2, false), approx) << "exp2_tile is always approximate";
  EXPECT_EQ(mathCycles(3, false), precise);
  EXPECT_EQ(mathCycles(3, true), approx) << "rsqrt_tile follows APPROX";
}

TEST(ComputeProgram, HelloWorldComputeKernelPrints) {
  IDevice *device = CreateDevice(0);
  Program program = CreateScopedProgram();
  CoreCoord core{0, 0};
  KernelHandle k = CreateKernel(program, kernelPath("compute/hello.cpp"), core,
                                ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                                              .fp32_dest_acc_en = false,
                                              .math_approx_mode = false,
                                              .compile_args = {5}});
  SetRuntimeArgs(program, k, core, {});
  testing::internal::CaptureStdout();
  EnqueueProgram(device->command_queue(), program, false);
  Finish(device->command_queue());
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("0:(x=0,y=0):TR: Hello from compute 5"), std::string::npos)
      << out;
  CloseDevice(device);
}
