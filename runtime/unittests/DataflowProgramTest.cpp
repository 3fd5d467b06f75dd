// Data-movement programs in the tt-metal programming-example style: DRAM
// loopback (mesh and classic APIs), DPRINT, and multicast with semaphores.
#include <gtest/gtest.h>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>
#include <tt-metalium/work_split.hpp>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::kernelPath;

namespace {

constexpr uint32_t kTileBytes = 2048;

std::vector<uint32_t> randomWords(size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::vector<uint32_t> v(n);
  for (auto &x : v)
    x = gen();
  return v;
}

} // namespace

TEST(DataflowProgram, DramLoopbackThroughCircularBufferMeshApi) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto &cq = mesh->mesh_command_queue();
  constexpr uint32_t numTiles = 64;
  distributed::DeviceLocalBufferConfig dram{.page_size = kTileBytes,
                                            .buffer_type = BufferType::DRAM};
  distributed::ReplicatedBufferConfig size{.size = numTiles * kTileBytes};
  auto src = distributed::MeshBuffer::create(size, dram, mesh.get());
  auto dst = distributed::MeshBuffer::create(size, dram, mesh.get());

  Program program = CreateProgram();
  CoreCoord core{0, 0};
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(2 * kTileBytes,
                                            {{CBIndex::c_0, DataFormat::Float16_b}})
                           .set_page_size(CBIndex::c_0, kTileBytes));
  std::vector<uint32_t> readerCt, writerCt = {CBIndex::c_0};
  TensorAccessorArgs(*src).append_to(readerCt);
  TensorAccessorArgs(*dst).append_to(writerCt);
  KernelHandle reader = CreateKernel(
      program, kernelPath("dataflow/reader_tiles.cpp"), core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                         .noc = NOC::RISCV_1_default,
                         .compile_args = readerCt});
  KernelHandle writer = CreateKernel(
      program, kernelPath("dataflow/writer_tiles.cpp"), core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                         .noc = NOC::RISCV_0_default,
                         .compile_args = writerCt});
  SetRuntimeArgs(program, reader, core, {src->address(), numTiles, 0u});
  SetRuntimeArgs(program, writer, core, {dst->address(), numTiles, 0u});

  std::vector<uint32_t> input = randomWords(numTiles * kTileBytes / 4, 1);
  distributed::EnqueueWriteMeshBuffer(cq, src, input, false);
  distributed::MeshWorkload workload;
  distributed::AddProgramToMeshWorkload(
      workload, std::move(program), distributed::MeshCoordinateRange(mesh->shape()));
  distributed::EnqueueMeshWorkload(cq, workload, false);
  std::vector<uint32_t> output;
  distributed::EnqueueReadMeshBuffer(cq, output, dst, true);
  distributed::Finish(cq);
  EXPECT_EQ(output, input);
  EXPECT_TRUE(mesh->close());
}

TEST(DataflowProgram, DramLoopbackThroughL1BufferClassicApi) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  // An odd page size exercises the per-bank page alignment.
  constexpr uint32_t pageSize = 1000, numPages = 37;
  InterleavedBufferConfig dramCfg{.device = device,
                                  .size = pageSize * numPages,
                                  .page_size = pageSize,
                                  .buffer_type = BufferType::DRAM};
  InterleavedBufferConfig l1Cfg{.device = device,
                                .size = pageSize,
                                .page_size = pageSize,
                                .buffer_type = BufferType::L1};
  auto src = CreateBuffer(dramCfg);
  auto dst = CreateBuffer(dramCfg);
  auto l1 = CreateBuffer(l1Cfg);

  Program program = CreateProgram();
  CoreCoord core{0, 0}; // Page 0 of an L1 buffer lives on core (0,0).
  KernelHandle k = CreateKernel(
      program, kernelPath("dataflow/loopback_l1.cpp"), core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                         .noc = NOC::RISCV_0_default});
  SetRuntimeArgs(program, k, core,
                 {l1->address(), src->address(), dst->address(), numPages,
                  pageSize});
  std::vector<uint32_t> input = randomWords(pageSize * numPages / 4, 2);
  EnqueueWriteBuffer(cq, src, input, false);
  EnqueueProgram(cq, program, false);
  std::vector<uint32_t> output;
  EnqueueReadBuffer(cq, dst, output, true);
  Finish(cq);
  EXPECT_EQ(output, input);
  EXPECT_TRUE(CloseDevice(device));
}

TEST(DataflowProgram, L1BufferInterleavedOverEveryCore) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  // 70 pages over 64 cores: cores (0,0)..(5,0) hold two pages each.
  constexpr uint32_t numTiles = 70;
  auto src = CreateBuffer(InterleavedBufferConfig{.device = device,
                                                  .size = numTiles * kTileBytes,
                                                  .page_size = kTileBytes,
                                                  .buffer_type = BufferType::L1});
  auto dst = CreateBuffer(InterleavedBufferConfig{.device = device,
                                                  .size = numTiles * kTileBytes,
                                                  .page_size = kTileBytes,
                                                  .buffer_type = BufferType::DRAM});
  Program program = CreateProgram();
  CoreCoord core{7, 7};
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(2 * kTileBytes, {{0, DataFormat::Float16_b}})
                           .set_page_size(0, kTileBytes));
  std::vector<uint32_t> rct, wct = {0};
  TensorAccessorArgs(*src).append_to(rct);
  TensorAccessorArgs(*dst).append_to(wct);
  auto r = CreateKernel(program, kernelPath("dataflow/reader_tiles.cpp"), core,
                        ReaderDataMovementConfig(rct));
  auto w = CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"), core,
                        WriterDataMovementConfig(wct));
  SetRuntimeArgs(program, r, core, {src->address(), numTiles, 0u});
  SetRuntimeArgs(program, w, core, {dst->address(), numTiles, 0u});
  std::vector<uint32_t> input = randomWords(numTiles * kTileBytes / 4, 4);
  EnqueueWriteBuffer(cq, src, input, false);
  EnqueueProgram(cq, program, false);
  std::vector<uint32_t> out;
  EnqueueReadBuffer(cq, dst, out, true);
  EXPECT_EQ(out, input);
  CloseDevice(device);
}

TEST(DataflowProgram, DprintPrefixesCoreAndProcessor) {
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  CoreCoord core{1, 2};
  KernelHandle k = CreateKernel(
      program, kernelPath("dataflow/dprint_args.cpp"), core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                         .noc = NOC::RISCV_0_default,
                         .compile_args = {7},
                         .defines = {{"GREETING", "\"hi\""}}});
  SetRuntimeArgs(program, k, core, {6u});
  testing::internal::CaptureStdout();
  EnqueueProgram(device->command_queue(), program, true);
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("0:(x=1,y=2):BR: hi 42"), std::string::npos) << out;
  CloseDevice(device);
}

// CB page sizes reach the kernel at compile time, so get_tile_size is a
// constant expression, as tt-metal's generated descriptors make it; the
// printout also checks DEVICE_PRINT's placeholders and the typed DPRINTs.
TEST(DataflowProgram, ConstexprTileSizeAndDevicePrint) {
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  CoreCoord core{2, 1};
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(1024, {{CBIndex::c_0, DataFormat::Float16_b}})
                           .set_page_size(CBIndex::c_0, 512));
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(4096, {{CBIndex::c_16, DataFormat::Float32}})
                           .set_page_size(CBIndex::c_16, 4096));
  KernelHandle k = CreateKernel(program, kernelPath("dataflow/print_formats.cpp"),
                                core, WriterDataMovementConfig());
  SetRuntimeArgs(program, k, core, {9u});
  testing::internal::CaptureStdout();
  EnqueueProgram(device->command_queue(), program, true);
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("0:(x=2,y=1):BR: tiles 512 and 4096, arg 9; 4096 again "
                     "{literal}\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("BR: no newline, then 7\n"), std::string::npos) << out;
  EXPECT_NE(out.find("BR: 200 -3 1.5 3.14062\n"), std::string::npos) << out;
  CloseDevice(device);
}

// DPRINT << TSLICE prints rows of a CB tile as on the device: the element
// at (r, c) of a tilized tile, one line per slice row.
TEST(DataflowProgram, TileSlicePrintsRowsOfACbTile) {
  IDevice *device = CreateDevice(0);
  auto src = CreateBuffer(InterleavedBufferConfig{.device = device,
                                                  .size = kTileBytes,
                                                  .page_size = kTileBytes,
                                                  .buffer_type = BufferType::DRAM});
  std::vector<bfloat16> tile(32 * 32);
  for (uint32_t r = 0; r < 32; ++r)
    for (uint32_t c = 0; c < 32; ++c)
      tile[r * 32 + c] = bfloat16(float(r * 4 + (c % 4)) + (c >= 16 ? 0.5f : 0.f));
  EnqueueWriteBuffer(device->command_queue(), src, tilize_nfaces(tile, 32, 32), true);
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(kTileBytes, {{0, DataFormat::Float16_b}})
                           .set_page_size(0, kTileBytes));
  std::vector<uint32_t> ct;
  TensorAccessorArgs(*src).append_to(ct);
  KernelHandle k = CreateKernel(program, kernelPath("dataflow/print_tile_slice.cpp"),
                                core, WriterDataMovementConfig(ct));
  SetRuntimeArgs(program, k, core, {src->address()});
  testing::internal::CaptureStdout();
  EnqueueProgram(device->command_queue(), program, true);
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("BR: 0 1 2 3\n0:(x=0,y=0):BR: 4 5 6 7\n0:(x=0,y=0):BR: 8 9 10 11\n"
                     "0:(x=0,y=0):BR: 12 13 14 15\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("BR: 8 8.5\n"), std::string::npos) << out;
  CloseDevice(device);
}

TEST(DataflowProgram, NamedCompileTimeArgs) {
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  CreateKernel(program, kernelPath("dataflow/dprint_named.cpp"), core,
               DataMovementConfig{.named_compile_args = {{"cb_in", 3},
                                                         {"num_tiles", 11}}});
  testing::internal::CaptureStdout();
  EnqueueProgram(device->command_queue(), program, true);
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("BR: named 3 11"), std::string::npos) << out;
  CloseDevice(device);
}

TEST(DataflowProgram, MulticastWithSemaphores) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  InterleavedBufferConfig cfg{.device = device,
                              .size = kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  auto src = CreateBuffer(cfg);
  cfg.size = 4 * kTileBytes;
  auto dst = CreateBuffer(cfg);

  Program program = CreateProgram();
  CoreCoord sender{0, 0};
  CoreRange receivers({1, 0}, {3, 0});
  CoreRange all({0, 0}, {3, 0});
  CreateCircularBuffer(program, all,
                       CircularBufferConfig(kTileBytes, {{0, DataFormat::Float16_b}})
                           .set_page_size(0, kTileBytes));
  uint32_t ready = CreateSemaphore(program, all, 0);
  uint32_t valid = CreateSemaphore(program, all, 0);
  KernelHandle s = CreateKernel(program, kernelPath("dataflow/mcast_sender.cpp"),
                                sender, WriterDataMovementConfig({ready, valid}));
  KernelHandle r = CreateKernel(program, kernelPath("dataflow/mcast_receiver.cpp"),
                                receivers, WriterDataMovementConfig({ready, valid}));
  CoreCoord first = device->worker_core_from_logical_core(receivers.start_coord);
  CoreCoord last = device->worker_core_from_logical_core(receivers.end_coord);
  CoreCoord senderNoc = device->worker_core_from_logical_core(sender);
  SetRuntimeArgs(program, s, sender,
                 {src->address(), dst->address(), uint32_t(first.x),
                  uint32_t(first.y), uint32_t(last.x), uint32_t(last.y),
                  uint32_t(receivers.size())});
  for (const CoreCoord &c : receivers)
    SetRuntimeArgs(program, r, c,
                   {dst->address(), uint32_t(senderNoc.x), uint32_t(senderNoc.y),
                    uint32_t(c.x)});

  std::vector<uint32_t> tile = randomWords(kTileBytes / 4, 3);
  EnqueueWriteBuffer(cq, src, tile, false);
  EnqueueProgram(cq, program, false);
  std::vector<uint32_t> out;
  EnqueueReadBuffer(cq, dst, out, true);
  ASSERT_EQ(out.size(), 4 * tile.size());
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(std::equal(tile.begin(), tile.end(), out.begin() + i * tile.size()))
        << "copy " << i;
  CloseDevice(device);
}

// TensorAccessor(args, addr) takes the page size from the host's
// TensorAccessorArgs: the aligned page size (100-byte pages step by 128 in
// DRAM), so pages land where the host's interleaving put them.
TEST(DataflowProgram, TensorAccessorWithoutPageSizeUsesTheAlignedPage) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  constexpr uint32_t pageBytes = 100, n = 30; // more pages than DRAM banks
  InterleavedBufferConfig cfg{.device = device,
                              .size = n * pageBytes,
                              .page_size = pageBytes,
                              .buffer_type = BufferType::DRAM};
  auto src = CreateBuffer(cfg), dst = CreateBuffer(cfg);
  ASSERT_EQ(src->aligned_page_size(), 128u);
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(128, {{CBIndex::c_0, DataFormat::UInt32}})
                           .set_page_size(CBIndex::c_0, 128));
  std::vector<uint32_t> ct;
  TensorAccessorArgs(*src).append_to(ct);
  TensorAccessorArgs(*dst).append_to(ct);
  ct.push_back(128); // what the kernel expects get_aligned_page_size() to be
  KernelHandle k = CreateKernel(program, kernelPath("dataflow/copy_pages.cpp"),
                                core, ReaderDataMovementConfig(ct));
  SetRuntimeArgs(program, k, core, {src->address(), dst->address(), n});
  std::vector<uint32_t> in = randomWords(n * pageBytes / 4, 11);
  EnqueueWriteBuffer(cq, src, in, false);
  EnqueueProgram(cq, program, false);
  std::vector<uint32_t> out;
  EnqueueReadBuffer(cq, dst, out, true);
  EXPECT_EQ(out, in);
  CloseDevice(device);
}

TEST(DataflowProgram, AddIntegersOnTheRiscvThroughL1Pointers) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  InterleavedBufferConfig cfg{.device = device,
                              .size = kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  auto a = CreateBuffer(cfg), b = CreateBuffer(cfg), c = CreateBuffer(cfg);
  // Page 0 of every one-page buffer sits in bank 0.
  EXPECT_EQ(a->noc_coordinates(), c->noc_coordinates());
  Program program = CreateScopedProgram();
  CoreCoord core{0, 0};
  for (uint8_t cb : {CB::c_in0, CB::c_in1})
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(kTileBytes, {{cb, DataFormat::Float16_b}})
                             .set_page_size(cb, kTileBytes));
  KernelHandle k = CreateKernel(
      program, kernelPath("dataflow/add_in_riscv.cpp"), core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                         .noc = NOC::RISCV_0_default});
  CoreCoord noc = a->noc_coordinates();
  SetRuntimeArgs(program, k, core,
                 {a->address(), b->address(), c->address(), uint32_t(noc.x),
                  uint32_t(noc.y)});
  // A one-word vector writes one word (the rest of the page stays as is).
  EnqueueWriteBuffer(cq, a, std::vector<uint32_t>(1, 14), false);
  EnqueueWriteBuffer(cq, b, std::vector<uint32_t>(1, 7), false);
  EnqueueProgram(cq, program, false);
  Finish(cq);
  std::vector<uint32_t> out;
  EnqueueReadBuffer(cq, c, out, true);
  EXPECT_EQ(out.at(0), 21u);
  CloseDevice(device);
}

// A kernel may dereference a device L1 address (add_2_integers_in_riscv does);
// eight cores doing so at once each reach their own L1. A "\n" in DPRINT
// text ends the line.
TEST(DataflowProgram, RawL1AddressesReachTheRunningCoresL1) {
  IDevice *device = CreateDevice(0);
  constexpr uint32_t n = 300;
  auto l1 = CreateBuffer(InterleavedBufferConfig{.device = device,
                                                 .size = (n + 1) * 4,
                                                 .page_size = (n + 1) * 4,
                                                 .buffer_type = BufferType::L1});
  Program program = CreateProgram();
  CoreRange cores({0, 0}, {3, 1});
  KernelHandle k = CreateKernel(program, kernelPath("dataflow/raw_l1_fill.cpp"),
                                cores, WriterDataMovementConfig());
  SetRuntimeArgs(program, k, cores, {l1->address(), n});
  testing::internal::CaptureStdout();
  EnqueueProgram(device->command_queue(), program, true);
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("0:(x=0,y=0):BR: sum 44850\n"), std::string::npos) << out;
  for (const CoreCoord &c : corerange_to_cores(CoreRangeSet(cores))) {
    std::vector<uint32_t> got;
    detail::ReadFromDeviceL1(device, c, l1->address(), (n + 1) * 4, got);
    uint32_t tag = c.x * 16 + c.y, sum = 0;
    ASSERT_EQ(got.size(), n + 1);
    for (uint32_t i = 0; i < n; ++i) {
      ASSERT_EQ(got[i], tag * 100000u + i) << "core " << c.str() << " word " << i;
      sum += got[i];
    }
    EXPECT_EQ(got[n], sum) << "core " << c.str();
  }
  CloseDevice(device);
}

TEST(DataflowProgram, NocAddrFromLiteralCoordinates) {
  IDevice *device = CreateDevice(0);
  auto dst = CreateBuffer(InterleavedBufferConfig{.device = device,
                                                  .size = 32,
                                                  .page_size = 32,
                                                  .buffer_type = BufferType::DRAM});
  ASSERT_EQ(dst->noc_coordinates(), (CoreCoord{0, 1}));
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(32, {{0, DataFormat::UInt32}})
                           .set_page_size(0, 32));
  KernelHandle k = CreateKernel(program, kernelPath("dataflow/noc_literal_coords.cpp"),
                                core, WriterDataMovementConfig());
  SetRuntimeArgs(program, k, core, {dst->address()});
  EnqueueProgram(device->command_queue(), program, true);
  std::vector<uint32_t> out;
  EnqueueReadBuffer(device->command_queue(), dst, out, true);
  ASSERT_EQ(out.size(), 8u);
  for (uint32_t i = 0; i < 8; ++i)
    EXPECT_EQ(out[i], 0xC0DE0000u + i);
  CloseDevice(device);
}

// The Device 2.0 Noc / CircularBuffer objects move pages bit-exactly.
TEST(DataflowProgram, NocAndCircularBufferObjects) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  constexpr uint32_t n = 20;
  InterleavedBufferConfig cfg{.device = device,
                              .size = n * kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  auto src = CreateBuffer(cfg), dst = CreateBuffer(cfg);
  Program program = CreateProgram();
  CoreCoord core{1, 1};
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(2 * kTileBytes, {{0, DataFormat::Float16_b}})
                           .set_page_size(0, kTileBytes));
  std::vector<uint32_t> ct;
  TensorAccessorArgs(*src).append_to(ct);
  TensorAccessorArgs(*dst).append_to(ct);
  KernelHandle k = CreateKernel(program, kernelPath("dataflow/noc_object_copy.cpp"),
                                core, ReaderDataMovementConfig(ct));
  SetRuntimeArgs(program, k, core, {src->address(), dst->address(), n});
  std::vector<uint32_t> in = randomWords(n * kTileBytes / 4, 21);
  EnqueueWriteBuffer(cq, src, in, false);
  EnqueueProgram(cq, program, false);
  std::vector<uint32_t> out;
  EnqueueReadBuffer(cq, dst, out, true);
  EXPECT_EQ(out, in);
  CloseDevice(device);
}

TEST(HostApi, DirectL1AccessSeesL1Buffers) {
  IDevice *device = CreateDevice(0);
  auto l1 = CreateBuffer(InterleavedBufferConfig{.device = device,
                                                 .size = 64,
                                                 .page_size = 64,
                                                 .buffer_type = BufferType::L1});
  std::vector<uint32_t> in = {1, 2, 3, 4};
  detail::WriteToDeviceL1(device, CoreCoord{0, 0}, l1->address(), in);
  std::vector<uint32_t> back;
  detail::ReadFromBuffer(l1, back); // page 0 lives on core (0,0)
  EXPECT_TRUE(std::equal(in.begin(), in.end(), back.begin()));
  std::vector<uint32_t> again;
  detail::ReadFromDeviceL1(device, CoreCoord{0, 0}, l1->address(), 16, again);
  EXPECT_EQ(again, in);
  CloseDevice(device);
}

TEST(HostApi, CoreCoordFormatsLikeTtMetal) {
  EXPECT_EQ(fmt::format("Core {}:", CoreCoord{0, 3}), "Core (x=0,y=3):");
}

TEST(HostApi, SplitWorkToCoresFavoursGroupOne) {
  auto [n, all, g1, g2, w1, w2] = split_work_to_cores(CoreCoord{8, 8}, 400);
  EXPECT_EQ(n, 64u);
  EXPECT_EQ(all.num_cores(), 64u);
  EXPECT_EQ(g1.num_cores(), 16u);
  EXPECT_EQ(w1, 7u);
  EXPECT_EQ(g2.num_cores(), 48u);
  EXPECT_EQ(w2, 6u);
  auto [n2, all2, h1, h2, v1, v2] = split_work_to_cores(CoreCoord{8, 8}, 10);
  EXPECT_EQ(n2, 10u);
  EXPECT_EQ(h1.num_cores(), 10u);
  EXPECT_EQ(v1, 1u);
  EXPECT_TRUE(h2.empty());
}

TEST(HostApi, CoreRangeSetFromBracedRange) {
  CoreRange all({0, 0}, {2, 1});
  CoreRangeSet set({all});
  EXPECT_EQ(set.num_cores(), 6u);
  EXPECT_TRUE(set.contains(CoreCoord{2, 1}));
  EXPECT_EQ(set.merge(CoreRangeSet(CoreRange({3, 0}, {3, 1}))).num_cores(), 8u);
}

TEST(HostApi, CoreRangeIteratesRowMajor) {
  std::vector<CoreCoord> cores;
  for (const CoreCoord &c : CoreRange({1, 1}, {2, 2}))
    cores.push_back(c);
  std::vector<CoreCoord> want = {{1, 1}, {2, 1}, {1, 2}, {2, 2}};
  EXPECT_EQ(cores, want);
}

TEST(HostApi, TilizeRoundTripsAndPlacesFaces) {
  std::vector<bfloat16> m(64 * 32);
  for (size_t i = 0; i < m.size(); ++i)
    m[i] = bfloat16(static_cast<float>(i));
  auto t = tilize_nfaces(m, 64, 32);
  // Row 0, column 16 is the first element of face 1 of tile 0.
  EXPECT_EQ(t[256].to_float(), 16.0f);
  // Row 32 starts tile 1 (the second tile row).
  EXPECT_EQ(t[1024].to_float(), static_cast<float>(32 * 32));
  EXPECT_EQ(untilize_nfaces(t, 64, 32), m);
}
