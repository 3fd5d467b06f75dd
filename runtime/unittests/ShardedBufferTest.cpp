// Sharded L1 buffers (ShardedBufferConfig, BufferShardingArgs): host pages
// land in the shard slots tt-metal assigns them, on the cores of the shard
// grid in orientation order; circular buffers on such buffers
// (set_globally_allocated_address) see the shard in place.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/buffer.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using testing::HasSubstr;
using ttemu::test::errorOf;
using ttemu::test::kernelPath;

namespace {

// Row-major "sticks" of 16 words: a page is 1 x 16 elements of 4 bytes.
constexpr uint32_t kStickWords = 16;
constexpr uint32_t kStickBytes = kStickWords * 4;

struct Case {
  TensorMemoryLayout layout;
  ShardOrientation orientation;
  CoreRange grid;
  uint32_t tensorRows, tensorCols; // in pages
  uint32_t shardRows, shardCols;   // in pages
};

/// The host reference of tt-metal's placement, written out independently:
/// for each page, the core it lands on and its slot in that core's shard.
std::vector<std::pair<CoreCoord, uint32_t>> expectedPlacement(const Case &c) {
  std::vector<CoreCoord> cores;
  if (c.orientation == ShardOrientation::ROW_MAJOR) {
    for (auto y = c.grid.start_coord.y; y <= c.grid.end_coord.y; ++y)
      for (auto x = c.grid.start_coord.x; x <= c.grid.end_coord.x; ++x)
        cores.push_back({x, y});
  } else {
    for (auto x = c.grid.start_coord.x; x <= c.grid.end_coord.x; ++x)
      for (auto y = c.grid.start_coord.y; y <= c.grid.end_coord.y; ++y)
        cores.push_back({x, y});
  }
  uint32_t pages = c.tensorRows * c.tensorCols;
  uint32_t perShard = c.shardRows * c.shardCols;
  std::vector<std::pair<CoreCoord, uint32_t>> out(pages);
  for (uint32_t p = 0; p < pages; ++p) {
    if (c.layout == TensorMemoryLayout::HEIGHT_SHARDED) {
      out[p] = {cores[p / perShard], p % perShard};
      continue;
    }
    uint32_t r = p / c.tensorCols, col = p % c.tensorCols;
    uint32_t shardsPerRow = (c.tensorCols + c.shardCols - 1) / c.shardCols;
    uint32_t shard = (r / c.shardRows) * shardsPerRow + col / c.shardCols;
    out[p] = {cores[shard],
              (r % c.shardRows) * c.shardCols + col % c.shardCols};
  }
  return out;
}

ShardSpecBuffer specOf(const Case &c) {
  return ShardSpecBuffer(CoreRangeSet(c.grid),
                         {c.shardRows, c.shardCols * kStickWords},
                         c.orientation, {1, kStickWords},
                         {c.tensorRows, c.tensorCols});
}

/// Writes page p's words as p * 1000 + k, then checks every page in its
/// core's L1 slot and the round trip through EnqueueReadBuffer.
void checkPlacement(IDevice *device, const std::shared_ptr<Buffer> &buf,
                    const Case &c) {
  uint32_t pages = c.tensorRows * c.tensorCols;
  std::vector<uint32_t> host(pages * kStickWords);
  for (uint32_t i = 0; i < host.size(); ++i)
    host[i] = (i / kStickWords) * 1000 + i % kStickWords;
  CommandQueue &cq = device->command_queue();
  EnqueueWriteBuffer(cq, buf, host, true);

  auto where = expectedPlacement(c);
  for (uint32_t p = 0; p < pages; ++p) {
    auto [core, slot] = where[p];
    std::vector<uint32_t> l1;
    detail::ReadFromDeviceL1(device, core, buf->address() + slot * kStickBytes,
                             kStickBytes, l1);
    for (uint32_t k = 0; k < kStickWords; ++k)
      ASSERT_EQ(l1[k], p * 1000 + k)
          << "page " << p << " word " << k << " on core " << core.str()
          << " slot " << slot;
  }
  std::vector<uint32_t> back;
  EnqueueReadBuffer(cq, buf, back, true);
  EXPECT_EQ(back, host);
}

std::shared_ptr<Buffer> makeSharded(IDevice *device, const Case &c) {
  return CreateBuffer(ShardedBufferConfig{
      .device = device,
      .size = DeviceAddr(c.tensorRows) * c.tensorCols * kStickBytes,
      .page_size = kStickBytes,
      .buffer_type = BufferType::L1,
      .buffer_layout = c.layout,
      .shard_parameters = specOf(c)});
}

} // namespace

TEST(ShardedBuffer, HeightShardsAreRunsOfPagesWithAPartialLastShard) {
  IDevice *device = CreateDevice(0);
  // 10 pages in shards of 4: the third core gets 2.
  Case c{TensorMemoryLayout::HEIGHT_SHARDED, ShardOrientation::ROW_MAJOR,
         CoreRange({0, 0}, {2, 0}), 10, 1, 4, 1};
  auto buf = makeSharded(device, c);
  EXPECT_TRUE(buf->is_sharded());
  EXPECT_EQ(buf->num_cores(), 3u);
  EXPECT_EQ(buf->aligned_size_per_bank(), 4u * kStickBytes);
  checkPlacement(device, buf, c);
  CloseDevice(device);
}

TEST(ShardedBuffer, WidthShardsSplitTheColumns) {
  IDevice *device = CreateDevice(0);
  Case c{TensorMemoryLayout::WIDTH_SHARDED, ShardOrientation::ROW_MAJOR,
         CoreRange({1, 1}, {3, 1}), 2, 6, 2, 2};
  checkPlacement(device, makeSharded(device, c), c);
  CloseDevice(device);
}

TEST(ShardedBuffer, BlockShardsColumnMajorWithPartialEdgeShards) {
  IDevice *device = CreateDevice(0);
  // 5x5 pages in 2x2 shards: 3x3 shards, the last row and column partial,
  // laid onto a 3x3 grid column by column.
  Case c{TensorMemoryLayout::BLOCK_SHARDED, ShardOrientation::COL_MAJOR,
         CoreRange({0, 0}, {2, 2}), 5, 5, 2, 2};
  checkPlacement(device, makeSharded(device, c), c);
  CloseDevice(device);
}

TEST(ShardedBuffer, MeshBufferTakesShardingArgs) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  Case c{TensorMemoryLayout::BLOCK_SHARDED, ShardOrientation::ROW_MAJOR,
         CoreRange({0, 0}, {1, 1}), 4, 4, 2, 2};
  distributed::DeviceLocalBufferConfig local{
      .page_size = kStickBytes,
      .buffer_type = BufferType::L1,
      .sharding_args = BufferShardingArgs(specOf(c), c.layout)};
  auto mb = distributed::MeshBuffer::create(
      distributed::ReplicatedBufferConfig{.size = 16 * kStickBytes}, local,
      mesh.get());
  EXPECT_EQ(mb->get_device_buffer()->buffer_layout(),
            TensorMemoryLayout::BLOCK_SHARDED);
  std::vector<uint32_t> host(16 * kStickWords);
  for (uint32_t i = 0; i < host.size(); ++i)
    host[i] = (i / kStickWords) * 1000 + i % kStickWords;
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), mb, host,
                                      true);
  auto where = expectedPlacement(c);
  for (uint32_t p = 0; p < 16; ++p) {
    std::vector<uint32_t> l1;
    detail::ReadFromDeviceL1(mesh.get(), where[p].first,
                             mb->address() + where[p].second * kStickBytes,
                             kStickBytes, l1);
    EXPECT_EQ(l1[3], p * 1000 + 3) << "page " << p;
  }
}

TEST(ShardedBuffer, ComputeAddsShardsInPlaceThroughGloballyAllocatedCbs) {
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  // 4x4 tiles block-sharded 2x2 per core over a 2x2 grid.
  constexpr uint32_t tileBytes = 2048, tilesPerCore = 4;
  CoreRange cores({0, 0}, {1, 1});
  ShardSpecBuffer spec(CoreRangeSet(cores), {64, 64},
                       ShardOrientation::ROW_MAJOR, {32, 32}, {4, 4});
  auto make = [&] {
    return CreateBuffer(ShardedBufferConfig{
        .device = device,
        .size = 16 * tileBytes,
        .page_size = tileBytes,
        .buffer_layout = TensorMemoryLayout::BLOCK_SHARDED,
        .shard_parameters = spec});
  };
  auto a = make(), b = make(), out = make();
  auto cbOn = [&](uint8_t index, const std::shared_ptr<Buffer> &buf) {
    CreateCircularBuffer(
        program, cores,
        CircularBufferConfig(tilesPerCore * tileBytes,
                             {{index, DataFormat::Float16_b}})
            .set_page_size(index, tileBytes)
            .set_globally_allocated_address(*buf));
  };
  cbOn(CBIndex::c_0, a);
  cbOn(CBIndex::c_1, b);
  cbOn(CBIndex::c_16, out);
  KernelHandle reader = CreateKernel(
      program, kernelPath("dataflow/publish_resident.cpp"), cores,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                         .noc = NOC::RISCV_1_default,
                         .compile_args = {CBIndex::c_0}});
  KernelHandle compute = CreateKernel(
      program, kernelPath("compute/add_resident.cpp"), cores,
      ComputeConfig{.compile_args = {CBIndex::c_0, CBIndex::c_1,
                                     CBIndex::c_16}});
  SetRuntimeArgs(program, reader, cores, {tilesPerCore});
  SetRuntimeArgs(program, compute, cores, {tilesPerCore});

  auto va = ttemu::test::randomBf16(16 * 1024, 7, -4.0f, 4.0f);
  auto vb = ttemu::test::randomBf16(16 * 1024, 8, -4.0f, 4.0f);
  CommandQueue &cq = device->command_queue();
  EnqueueWriteBuffer(cq, a, va, false);
  EnqueueWriteBuffer(cq, b, vb, false);
  EnqueueProgram(cq, program, true);
  std::vector<bfloat16> vc;
  EnqueueReadBuffer(cq, out, vc, true);
  ASSERT_EQ(vc.size(), va.size());
  // bf16 operands, bf16 result: within half a bf16 ulp of the exact sum.
  for (size_t i = 0; i < vc.size(); ++i) {
    float want = va[i].to_float() + vb[i].to_float();
    ASSERT_NEAR(vc[i].to_float(), want, std::fabs(want) * 0x1p-8 + 1e-30)
        << "element " << i;
  }
  CloseDevice(device);
}

TEST(ShardedBuffer, TypesPrintAsTtMetalNamesThem) {
  EXPECT_EQ(fmt::format("{}", TensorMemoryLayout::WIDTH_SHARDED),
            "TensorMemoryLayout::WIDTH_SHARDED");
  EXPECT_EQ(tt::align(33u, 32u), 64u);
  IDevice *device = CreateDevice(0);
  EXPECT_EQ(device->allocator()->get_alignment(BufferType::L1), 16u);
  CloseDevice(device);
}

TEST(Misuse, ShardedBufferNeedingMoreCoresThanItsGrid) {
  IDevice *device = CreateDevice(0);
  Case c{TensorMemoryLayout::HEIGHT_SHARDED, ShardOrientation::ROW_MAJOR,
         CoreRange({0, 0}, {1, 0}), 10, 1, 4, 1};
  EXPECT_THAT(errorOf([&] { makeSharded(device, c); }),
              HasSubstr("needs 3 cores but the shard grid"));
  CloseDevice(device);
}

TEST(Misuse, TensorAccessorArgsOfAShardedBuffer) {
  IDevice *device = CreateDevice(0);
  Case c{TensorMemoryLayout::HEIGHT_SHARDED, ShardOrientation::ROW_MAJOR,
         CoreRange({0, 0}, {2, 0}), 12, 1, 4, 1};
  auto buf = makeSharded(device, c);
  EXPECT_THAT(errorOf([&] { TensorAccessorArgs args(*buf); }),
              HasSubstr("sharded buffer"));
  CloseDevice(device);
}

namespace {

/// A 2-core height-sharded buffer of 2 tiles per core and a CB of
/// `cbTiles` tiles on it; `kernel` pops it.
std::string runOnResidentCb(uint32_t cbTiles, uint32_t pops) {
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  CoreRange cores({0, 0}, {1, 0});
  auto buf = CreateBuffer(ShardedBufferConfig{
      .device = device,
      .size = 4 * 2048,
      .page_size = 2048,
      .shard_parameters = ShardSpecBuffer(CoreRangeSet(cores), {64, 32},
                                          ShardOrientation::ROW_MAJOR,
                                          {32, 32}, {4, 1})});
  std::string err = errorOf([&] {
    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(cbTiles * 2048,
                                              {{0, DataFormat::Float16_b}})
                             .set_page_size(0, 2048)
                             .set_globally_allocated_address(*buf));
    KernelHandle k = CreateKernel(
        program, kernelPath("misuse/pop_resident.cpp"), cores,
        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                           .noc = NOC::RISCV_0_default});
    SetRuntimeArgs(program, k, cores, {pops});
    EnqueueProgram(device->command_queue(), program, true);
  });
  CloseDevice(device);
  return err;
}

} // namespace

TEST(Misuse, GloballyAllocatedCbLargerThanItsShard) {
  EXPECT_THAT(runOnResidentCb(4, 1),
              HasSubstr("holds only 4096 bytes per core"));
}

TEST(Misuse, PopBeyondAGloballyAllocatedCbsCapacity) {
  EXPECT_EQ(runOnResidentCb(2, 2), "<no error>");
  EXPECT_THAT(runOnResidentCb(2, 3), HasSubstr("beyond its capacity of 2 pages"));
}

TEST(ShardedBuffer, KernelWritesItsShardThroughTheCbWritePointer) {
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  // 6 pages of 64 bytes height-sharded 2 per core over (1,0)-(1,2),
  // column-major order (a single column, so core y = shard index).
  CoreRange cores({1, 0}, {1, 2});
  auto buf = CreateBuffer(ShardedBufferConfig{
      .device = device,
      .size = 6 * kStickBytes,
      .page_size = kStickBytes,
      .buffer_layout = TensorMemoryLayout::HEIGHT_SHARDED,
      .shard_parameters = ShardSpecBuffer(CoreRangeSet(cores), {2, kStickWords},
                                          ShardOrientation::COL_MAJOR,
                                          {1, kStickWords}, {6, 1})});
  CreateCircularBuffer(program, cores,
                       CircularBufferConfig(2 * kStickBytes,
                                            {{0, DataFormat::UInt32}})
                           .set_page_size(0, kStickBytes)
                           .set_globally_allocated_address(*buf));
  KernelHandle k = CreateKernel(
      program, kernelPath("dataflow/stamp_shard.cpp"), cores,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                         .noc = NOC::RISCV_0_default});
  SetRuntimeArgs(program, k, cores, {2u, kStickBytes});
  EnqueueProgram(device->command_queue(), program, true);
  std::vector<uint32_t> got;
  EnqueueReadBuffer(device->command_queue(), buf, got, true);
  ASSERT_EQ(got.size(), 6 * kStickWords);
  for (uint32_t p = 0; p < 6; ++p) {
    const uint32_t *w = got.data() + p * kStickWords;
    EXPECT_EQ(w[0], 1u) << "page " << p;
    EXPECT_EQ(w[1], 0u) << "page " << p;
    EXPECT_EQ(w[2], 1u * 16 + p / 2) << "page " << p;
    EXPECT_EQ(w[3], p % 2) << "page " << p;
  }
  CloseDevice(device);
}

TEST(ShardedBuffer, BlockShardsStopAtTheGridsCoreCount) {
  // As tt-metal: one shard per grid core, even when tensor2d_shape_in_pages
  // describes more rows than the buffer holds (an older vecadd_sharding
  // passes {8, 4} for 16 pages); the 4 shards cover the first 4 rows.
  IDevice *device = CreateDevice(0);
  Case c{TensorMemoryLayout::BLOCK_SHARDED, ShardOrientation::ROW_MAJOR,
         CoreRange({0, 0}, {1, 1}), 4, 4, 2, 2};
  auto buf = CreateBuffer(ShardedBufferConfig{
      .device = device,
      .size = 16 * kStickBytes,
      .page_size = kStickBytes,
      .buffer_layout = c.layout,
      .shard_parameters = ShardSpecBuffer(CoreRangeSet(c.grid),
                                          {2, 2 * kStickWords},
                                          c.orientation, {1, kStickWords},
                                          {8, 4})});
  checkPlacement(device, buf, c);
  CloseDevice(device);
}

TEST(Misuse, ShardedBufferPagesInNoShard) {
  IDevice *device = CreateDevice(0);
  // 4x4 pages in 2x2 shards need 4 cores; a 2-core grid leaves 8 out.
  Case c{TensorMemoryLayout::BLOCK_SHARDED, ShardOrientation::ROW_MAJOR,
         CoreRange({0, 0}, {1, 0}), 4, 4, 2, 2};
  EXPECT_THAT(errorOf([&] { makeSharded(device, c); }),
              HasSubstr("page 8 of 16 lies in no shard"));
  CloseDevice(device);
}
