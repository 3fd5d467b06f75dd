// Multi-chip meshes: per-chip memory, replicated and sharded MeshBuffers,
// workloads over coordinate ranges, traces, events between two command
// queues, sub-devices, and cycles that do not depend on how many host
// threads step the chips. The host side includes only distributed.hpp, as
// tt-metal's distributed examples do.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include "EmuTestUtil.h"
#include "ttemu/mesh.h"

using namespace tt;
using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;
using ttemu::test::errorOf;
using ttemu::test::kernelPath;
using ttemu::test::randomBf16;

namespace {

constexpr uint32_t kTileBytes = 2048; // 32x32 bf16
enum Op : uint32_t { Add = 0, Mul = 1, Sub = 2 };

float apply(Op op, float a, float b) {
  return op == Add ? a + b : op == Mul ? a * b : a - b;
}

/// C = A op B over `n` tiles on `cores` (each core does all n tiles of
/// its own copy: the program is the same on every core).
Program binaryProgram(const MeshBuffer &a, const MeshBuffer &b, const MeshBuffer &c,
                      Op op, uint32_t n, const CoreRangeSet &cores) {
  Program p = CreateProgram();
  for (uint8_t cb : {uint8_t(CBIndex::c_0), uint8_t(CBIndex::c_1), uint8_t(CBIndex::c_16)})
    CreateCircularBuffer(p, cores,
                         CircularBufferConfig(2 * kTileBytes, {{cb, DataFormat::Float16_b}})
                             .set_page_size(cb, kTileBytes));
  std::vector<uint32_t> writerCt = {CBIndex::c_16};
  TensorAccessorArgs(c).append_to(writerCt);
  auto reader = CreateKernel(p, kernelPath("dataflow/reader_binary.cpp"), cores,
                             ReaderDataMovementConfig());
  auto writer = CreateKernel(p, kernelPath("dataflow/writer_tiles.cpp"), cores,
                             WriterDataMovementConfig(writerCt));
  auto compute = CreateKernel(p, kernelPath("mesh/binary_op.cpp"), cores,
                              ComputeConfig{.compile_args = {op}});
  SetRuntimeArgs(p, reader, cores, {a.address(), b.address(), n});
  SetRuntimeArgs(p, writer, cores, {c.address(), n, 0u});
  SetRuntimeArgs(p, compute, cores, {n});
  return p;
}

/// A sum or difference of two bf16 values is rounded once to bf16: within
/// half a bf16 ulp (2^-8 relative). The FPU's product is not correctly
/// rounded (the numerics suites pin it down); it is within 2 ulps.
void expectOp(Op op, const std::vector<bfloat16> &a, const std::vector<bfloat16> &b,
              const std::vector<bfloat16> &got, const std::string &where) {
  ASSERT_EQ(got.size(), a.size()) << where;
  float rel = op == Mul ? 0x1p-6f : 0x1p-8f;
  for (size_t i = 0; i < got.size(); ++i) {
    float want = apply(op, a[i].to_float(), b[i].to_float());
    ASSERT_NEAR(got[i].to_float(), want, std::fabs(want) * rel + 1e-30)
        << where << " element " << i;
  }
}

/// Host transfer time over PCIe 4.0 x16 at 1 GHz, computed here
/// independently: 16 GT/s x 16 lanes x 128/130 / 8 bits = 31.51 GB/s.
uint64_t pcieCycles(uint64_t bytes) {
  double bytesPerNs = 16.0 * 16 * 128 / 130 / 8;
  return static_cast<uint64_t>(std::ceil(bytes / bytesPerNs));
}

DeviceLocalBufferConfig dramPages() {
  return {.page_size = kTileBytes, .buffer_type = BufferType::DRAM};
}

/// A 1x2 (n300) bf16 buffer of 128 rows x 64 columns, sharded by column
/// halves: chip (0, c) holds columns 32c..32c+31 of every row (4 pages).
distributed::ShardedBufferConfig columnHalves() {
  return {.global_size = 128 * 64 * 2,
          .global_buffer_shape = {128, 64},
          .shard_shape = {128, 32},
          .shard_orientation = ShardOrientation::ROW_MAJOR};
}

} // namespace

TEST(Mesh, ShapesOpenChipsWithTheirOwnMemory) {
  for (auto [rows, cols] : {std::pair{1u, 2u}, {2u, 4u}, {4u, 8u}}) {
    auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(rows, cols)));
    ASSERT_EQ(mesh->num_devices(), rows * cols);
    EXPECT_EQ(mesh->num_rows(), rows);
    EXPECT_EQ(mesh->num_cols(), cols);
    auto &cq = mesh->mesh_command_queue();
    // An L1 buffer on every chip, each chip given its own contents.
    auto buf = MeshBuffer::create(ReplicatedBufferConfig{.size = 2 * kTileBytes},
                                  {.page_size = kTileBytes, .buffer_type = BufferType::L1},
                                  mesh.get());
    for (const auto &coord : MeshCoordinateRange(mesh->shape())) {
      std::vector<uint32_t> v(2 * kTileBytes / 4);
      for (size_t i = 0; i < v.size(); ++i)
        v[i] = mesh->chipIndex(coord) * 100000 + static_cast<uint32_t>(i);
      WriteShard(cq, buf, v, coord);
    }
    std::set<IDevice *> chips;
    for (const auto &coord : MeshCoordinateRange(mesh->shape())) {
      std::vector<uint32_t> v;
      ReadShard(cq, v, buf, coord);
      ASSERT_EQ(v.size(), 2 * kTileBytes / 4);
      for (size_t i = 0; i < v.size(); ++i)
        ASSERT_EQ(v[i], mesh->chipIndex(coord) * 100000 + i) << coord.str();
      EXPECT_EQ(buf->get_device_buffer(coord)->address(), buf->address());
      chips.insert(mesh->get_device(coord));
    }
    EXPECT_EQ(chips.size(), rows * cols);
  }
  EXPECT_NE(errorOf([] { MeshDevice::create(MeshDeviceConfig(MeshShape(8, 8))); })
                .find("a mesh of 64 chips was requested"),
            std::string::npos);
}

// n300: two chips, a column-sharded buffer, one workload over both.
TEST(Mesh, ShardedBufferWorkloadOnN300MatchesHost) {
  auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(1, 2)));
  auto &cq = mesh->mesh_command_queue();
  auto a = MeshBuffer::create(columnHalves(), dramPages(), mesh.get());
  auto b = MeshBuffer::create(columnHalves(), dramPages(), mesh.get());
  auto c = MeshBuffer::create(columnHalves(), dramPages(), mesh.get());
  ASSERT_EQ(a->device_local_size(), 4 * kTileBytes);
  ASSERT_EQ(a->size(), 8 * kTileBytes);
  auto va = randomBf16(128 * 64, 11, -4, 4), vb = randomBf16(128 * 64, 12, -4, 4);
  EnqueueWriteMeshBuffer(cq, a, va);
  EnqueueWriteMeshBuffer(cq, b, vb);
  MeshWorkload w;
  w.add_program(MeshCoordinateRange(mesh->shape()),
                binaryProgram(*a, *b, *c, Add, 4, CoreRange({0, 0})));
  EnqueueMeshWorkload(cq, w, false);
  std::vector<bfloat16> vc;
  EnqueueReadMeshBuffer(cq, vc, c);
  expectOp(Add, va, vb, vc, "global C");

  // Chip (0, 1)'s shard is columns 32..63 of each row, in row order.
  std::vector<bfloat16> shard;
  ReadShard(cq, shard, c, MeshCoordinate(0, 1));
  ASSERT_EQ(shard.size(), 128u * 32);
  for (size_t r = 0; r < 128; ++r)
    for (size_t j = 0; j < 32; ++j) {
      size_t g = r * 64 + 32 + j;
      float want = va[g].to_float() + vb[g].to_float();
      ASSERT_NEAR(shard[r * 32 + j].to_float(), want, std::fabs(want) * 0x1p-8 + 1e-30)
          << "row " << r << " column " << 32 + j;
    }

  // Both chips ran, each after its two 8 KiB input writes over PCIe.
  auto s = ttemu::lastMeshRunStats();
  ASSERT_EQ(s.chips.size(), 2u);
  for (const auto &chip : s.chips) {
    EXPECT_EQ(chip.startCycle, 2 * pcieCycles(4 * kTileBytes));
    EXPECT_GT(chip.run.deviceCycles, 0u);
    EXPECT_EQ(chip.endCycle, chip.startCycle + chip.run.deviceCycles);
  }
  EXPECT_NE(errorOf([&] { EnqueueReadMeshBuffer(cq, vc, c, false); })
                .find("non-blocking reads are not supported"),
            std::string::npos);
}

// T3000: replicated inputs, a different program on each sub-range.
TEST(Mesh, ReplicatedBufferPerSubRangeProgramsOnT3000) {
  auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(2, 4)));
  auto &cq = mesh->mesh_command_queue();
  ReplicatedBufferConfig two{.size = 2 * kTileBytes};
  auto a = MeshBuffer::create(two, dramPages(), mesh.get());
  auto b = MeshBuffer::create(two, dramPages(), mesh.get());
  auto c = MeshBuffer::create(two, dramPages(), mesh.get());
  auto va = randomBf16(2 * 1024, 21, -4, 4), vb = randomBf16(2 * 1024, 22, -4, 4);
  EnqueueWriteMeshBuffer(cq, a, va);
  EnqueueWriteMeshBuffer(cq, b, vb);

  CoreRangeSet cores(CoreRange({0, 0}, {1, 0}));
  MeshCoordinateRange top({0, 0}, {0, 3}), bottomLeft({1, 0}, {1, 2}), corner(MeshCoordinate(1, 3));
  MeshWorkload w;
  w.add_program(top, binaryProgram(*a, *b, *c, Add, 2, cores));
  w.add_program(bottomLeft, binaryProgram(*a, *b, *c, Mul, 2, cores));
  AddProgramToMeshWorkload(w, binaryProgram(*a, *b, *c, Sub, 2, cores), corner);
  EXPECT_NE(errorOf([&] {
              w.add_program(MeshCoordinateRange({1, 2}, {1, 3}),
                            binaryProgram(*a, *b, *c, Add, 2, cores));
            }).find("overlaps range"),
            std::string::npos);
  EnqueueMeshWorkload(cq, w, true);
  for (const auto &coord : MeshCoordinateRange(mesh->shape())) {
    std::vector<bfloat16> got;
    ReadShard(cq, got, c, coord);
    Op op = top.contains(coord) ? Add : bottomLeft.contains(coord) ? Mul : Sub;
    expectOp(op, va, vb, got, coord.str());
  }
  EXPECT_EQ(ttemu::lastMeshRunStats().chips.size(), 8u);
  std::vector<bfloat16> whole;
  EXPECT_NE(errorOf([&] { EnqueueReadMeshBuffer(cq, whole, c); })
                .find("can only read a sharded MeshBuffer from a mesh of 8 devices"),
            std::string::npos);
  MeshWorkload outside;
  outside.add_program(MeshCoordinateRange({0, 0}, {2, 0}),
                      binaryProgram(*a, *b, *c, Add, 2, cores));
  EXPECT_NE(errorOf([&] { EnqueueMeshWorkload(cq, outside, true); })
                .find("is outside the 2x4 mesh"),
            std::string::npos);
}

TEST(Mesh, TraceReplaysTheCapturedWorkload) {
  auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(1, 2)));
  auto &cq = mesh->mesh_command_queue();
  auto a = MeshBuffer::create(columnHalves(), dramPages(), mesh.get());
  auto b = MeshBuffer::create(columnHalves(), dramPages(), mesh.get());
  auto c = MeshBuffer::create(columnHalves(), dramPages(), mesh.get());
  std::vector<bfloat16> zeros(128 * 64, bfloat16(0.0f));
  EnqueueWriteMeshBuffer(cq, c, zeros);
  MeshWorkload w;
  w.add_program(MeshCoordinateRange(mesh->shape()),
                binaryProgram(*a, *b, *c, Add, 4, CoreRange({0, 0})));

  auto trace = BeginTraceCapture(mesh.get(), 0);
  EnqueueMeshWorkload(cq, w, false);
  EXPECT_NE(errorOf([&] { EnqueueWriteMeshBuffer(cq, a, zeros); })
                .find("while it captures trace"),
            std::string::npos);
  EndTraceCapture(mesh.get(), 0, trace);
  std::vector<bfloat16> vc;
  EnqueueReadMeshBuffer(cq, vc, c);
  for (const auto &v : vc)
    ASSERT_EQ(v.to_float(), 0.0f) << "capturing ran the workload";

  auto va = randomBf16(128 * 64, 31, -4, 4), vb = randomBf16(128 * 64, 32, -4, 4);
  EnqueueWriteMeshBuffer(cq, a, va);
  EnqueueWriteMeshBuffer(cq, b, vb);
  ReplayTrace(mesh.get(), 0, trace, false);
  auto first = ttemu::lastMeshRunStats();
  EnqueueReadMeshBuffer(cq, vc, c);
  expectOp(Add, va, vb, vc, "first replay");
  ASSERT_EQ(first.workloads, 1u);
  ASSERT_EQ(first.chips.size(), 2u);
  EXPECT_GT(first.deviceCycles, 0u);

  // Replaying again runs the programs again, on new inputs, and reports
  // the same device cycles as the workload enqueued directly.
  auto vb2 = randomBf16(128 * 64, 33, -4, 4);
  EnqueueWriteMeshBuffer(cq, b, vb2);
  ReplayTrace(mesh.get(), 0, trace, true);
  auto second = ttemu::lastMeshRunStats();
  EnqueueReadMeshBuffer(cq, vc, c);
  expectOp(Add, va, vb2, vc, "second replay");
  EXPECT_GE(second.startCycle, first.endCycle);
  EnqueueMeshWorkload(cq, w, true);
  auto direct = ttemu::lastMeshRunStats();
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(second.chips[i].run.deviceCycles, first.chips[i].run.deviceCycles);
    EXPECT_EQ(direct.chips[i].run.deviceCycles, first.chips[i].run.deviceCycles);
  }
  ReleaseTrace(mesh.get(), trace);
  EXPECT_NE(errorOf([&] { ReplayTrace(mesh.get(), 0, trace, true); })
                .find("no captured trace"),
            std::string::npos);
}

// Two queues on one chip, as the distributed trace example uses them: IO on
// queue 1, compute on queue 0, events between them.
TEST(Mesh, EventsOrderTwoCommandQueues) {
  auto run = [](bool withEvents) {
    auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(1, 2)), 0, 0, 2);
    auto &io = mesh->mesh_command_queue(1);
    auto &compute = mesh->mesh_command_queue(0);
    ReplicatedBufferConfig four{.size = 4 * kTileBytes};
    auto a = MeshBuffer::create(four, dramPages(), mesh.get());
    auto b = MeshBuffer::create(four, dramPages(), mesh.get());
    auto c = MeshBuffer::create(four, dramPages(), mesh.get());
    auto va = randomBf16(4 * 1024, 41, -4, 4), vb = randomBf16(4 * 1024, 42, -4, 4);
    EnqueueWriteMeshBuffer(io, a, va);
    EnqueueWriteMeshBuffer(io, b, vb);
    if (withEvents)
      EnqueueWaitForEvent(compute, EnqueueRecordEvent(io));
    MeshWorkload w;
    w.add_program(MeshCoordinate(0, 0), binaryProgram(*a, *b, *c, Mul, 4, CoreRange({0, 0})));
    EnqueueMeshWorkload(compute, w, false);
    auto s = ttemu::lastMeshRunStats();
    if (withEvents)
      EnqueueWaitForEvent(io, EnqueueRecordEvent(compute));
    std::vector<bfloat16> got;
    ReadShard(io, got, c, MeshCoordinate(0, 0));
    expectOp(Mul, va, vb, got, "chip (0, 0)");
    return s;
  };
  auto ordered = run(true), unordered = run(false);
  // With the event, compute starts once both writes have crossed PCIe;
  // without it, at cycle 0 (on a device the workload would race the writes).
  ASSERT_EQ(ordered.chips.size(), 1u);
  EXPECT_EQ(ordered.chips[0].startCycle, 2 * pcieCycles(4 * kTileBytes));
  EXPECT_EQ(unordered.chips[0].startCycle, 0u);
  EXPECT_EQ(ordered.chips[0].run.deviceCycles, unordered.chips[0].run.deviceCycles);
}

// Programs on two sub-devices of one chip, from two queues, overlap in
// time; on the same cores they follow each other.
TEST(Mesh, SubDevicesLetTwoQueuesOverlap) {
  auto run = [](bool subDevices) {
    auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(1, 2)), 0, 0, 2);
    SubDevice first(std::array{CoreRangeSet(CoreRange({0, 0}, {0, 0}))});
    SubDevice second(std::array{CoreRangeSet(CoreRange({1, 1}, {1, 1}))});
    if (subDevices)
      mesh->load_sub_device_manager(mesh->create_sub_device_manager({first, second}, 3200));
    ReplicatedBufferConfig two{.size = 2 * kTileBytes};
    auto a = MeshBuffer::create(two, dramPages(), mesh.get());
    auto b = MeshBuffer::create(two, dramPages(), mesh.get());
    auto c = MeshBuffer::create(two, dramPages(), mesh.get());
    auto d = MeshBuffer::create(two, dramPages(), mesh.get());
    MeshWorkload w0, w1;
    w0.add_program(MeshCoordinate(0, 0), binaryProgram(*a, *b, *c, Add, 2, CoreRange({0, 0})));
    w1.add_program(MeshCoordinate(0, 0), binaryProgram(*a, *b, *d, Sub, 2, CoreRange({1, 1})));
    EnqueueMeshWorkload(mesh->mesh_command_queue(0), w0, false);
    auto s0 = ttemu::lastMeshRunStats();
    EnqueueMeshWorkload(mesh->mesh_command_queue(1), w1, false);
    auto s1 = ttemu::lastMeshRunStats();
    if (subDevices) {
      MeshWorkload both;
      both.add_program(MeshCoordinate(0, 1),
                       binaryProgram(*a, *b, *c, Add, 2, CoreRange({0, 0}, {1, 1})));
      EXPECT_NE(errorOf([&] { EnqueueMeshWorkload(mesh->mesh_command_queue(0), both, true); })
                    .find("not all in one sub-device"),
                std::string::npos);
    }
    return std::pair{s0, s1};
  };
  auto [o0, o1] = run(true);
  EXPECT_EQ(o0.chips[0].startCycle, 0u);
  EXPECT_EQ(o1.chips[0].startCycle, 0u);
  auto [s0, s1] = run(false);
  EXPECT_EQ(s1.chips[0].startCycle, s0.chips[0].endCycle);
}

namespace {

struct MeshOutcome {
  std::vector<uint64_t> cycles; // per chip run, then per processor
  std::vector<std::vector<bfloat16>> outputs;
};

MeshOutcome runT3000Mix() {
  auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(2, 4)));
  auto &cq = mesh->mesh_command_queue();
  ReplicatedBufferConfig eight{.size = 8 * kTileBytes};
  auto a = MeshBuffer::create(eight, dramPages(), mesh.get());
  auto b = MeshBuffer::create(eight, dramPages(), mesh.get());
  auto c = MeshBuffer::create(eight, dramPages(), mesh.get());
  EnqueueWriteMeshBuffer(cq, a, randomBf16(8 * 1024, 51, -2, 2));
  EnqueueWriteMeshBuffer(cq, b, randomBf16(8 * 1024, 52, -2, 2));
  CoreRangeSet cores(CoreRange({0, 0}, {3, 1}));
  MeshWorkload w;
  w.add_program(MeshCoordinateRange({0, 0}, {0, 3}), binaryProgram(*a, *b, *c, Mul, 8, cores));
  w.add_program(MeshCoordinateRange({1, 0}, {1, 3}), binaryProgram(*a, *b, *c, Add, 8, cores));
  EnqueueMeshWorkload(cq, w, true);
  MeshOutcome out;
  auto s = ttemu::lastMeshRunStats();
  out.cycles.push_back(s.deviceCycles);
  for (const auto &chip : s.chips) {
    out.cycles.push_back(chip.row * 10 + chip.col);
    out.cycles.push_back(chip.startCycle);
    out.cycles.push_back(chip.run.deviceCycles);
    for (const auto &t : chip.run.threads)
      out.cycles.push_back(t.endCycle);
  }
  for (const auto &coord : MeshCoordinateRange(mesh->shape())) {
    out.outputs.emplace_back();
    ReadShard(cq, out.outputs.back(), c, coord);
  }
  return out;
}

} // namespace

TEST(Mesh, CyclesDoNotDependOnHostThreads) {
  std::vector<MeshOutcome> runs;
  for (const char *threads : {"1", "3", "8"}) {
    setenv("TT_EMU_MESH_THREADS", threads, 1);
    runs.push_back(runT3000Mix());
  }
  unsetenv("TT_EMU_MESH_THREADS");
  for (size_t i = 1; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i].cycles, runs[0].cycles) << "run " << i;
    EXPECT_TRUE(runs[i].outputs == runs[0].outputs) << "run " << i;
  }
  EXPECT_GT(runs[0].cycles.size(), 8u * 3);
  setenv("TT_EMU_MESH_THREADS", "0", 1);
  EXPECT_NE(errorOf([] { runT3000Mix(); }).find("TT_EMU_MESH_THREADS='0'"),
            std::string::npos);
  unsetenv("TT_EMU_MESH_THREADS");
}
