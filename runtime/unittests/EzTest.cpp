// tt-metal's experimental "ez" layer (<tt-metalium/experimental/ez/ez.hpp>),
// as its newest examples use it: a DeviceContext with DRAM tile buffers,
// a ProgramBuilder with CBs, a reader and writer whose compile-time args
// are (CB index, TensorAccessorArgs), a compute kernel, per-core runtime
// args from a lambda, defines for the next kernel. Checked: the copy
// through DST of 8 tiles split over 4 cores is exact.
#include <gtest/gtest.h>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/experimental/ez/ez.hpp>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using namespace tt::tt_metal::experimental::ez;
using ttemu::test::kernelPath;

TEST(Ez, ProgramBuilderCopiesTilesOnSeveralCores) {
  constexpr uint32_t tilesPerCore = 2, cores = 4, n = tilesPerCore * cores;
  DeviceContext ctx(0);
  auto src = ctx.dram_tile_buffer(n), dst = ctx.dram_tile_buffer(n);
  std::vector<bfloat16> in = ttemu::test::randomBf16(n * 1024, 41, -8, 8);
  ctx.write(src, in);

  CoreRange range({0, 0}, {cores - 1, 0});
  auto start = [](const CoreCoord &c) { return uint32_t(c.x) * tilesPerCore; };
  auto program =
      ProgramBuilder(range)
          .cb(tt::CBIndex::c_0)
          .cb(tt::CBIndex::c_16, tt::DataFormat::Float16_b, 2, 2048)
          .reader(kernelPath("dataflow/ez_reader.cpp"), {src}, {uint32_t(tt::CBIndex::c_0)})
          .runtime_args([&](const CoreCoord &c) -> std::vector<uint32_t> {
            return {uint32_t(src->address()), start(c), tilesPerCore};
          })
          .writer(kernelPath("dataflow/ez_writer.cpp"), {dst}, {uint32_t(tt::CBIndex::c_16)})
          .runtime_args([&](const CoreCoord &c) -> std::vector<uint32_t> {
            return {uint32_t(dst->address()), start(c), tilesPerCore};
          })
          .compute(kernelPath("profiler/zones_compute.cpp"))
          .runtime_args({tilesPerCore})
          .done() // back to the builder, as the newest examples end a kernel
          .build();
  ctx.run(std::move(program));
  auto out = ctx.read<bfloat16>(dst);
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < out.size(); ++i)
    ASSERT_EQ(out[i].to_uint16(), in[i].to_uint16()) << i;
  // Logical (1,0) is NOC (2,1), as on a Wormhole.
  EXPECT_EQ(ctx.physical_core({1, 0}), (CoreCoord{2, 1}));
}

TEST(Ez, ShardedL1BufferBacksCbs) {
  // 2x2 tiles block-sharded over 2x2 cores, one tile per core; a compute
  // kernel copies each core's tile of A (a CB on A's L1) into a CB on C's,
  // as the newest vecadd_sharding does with sharded_l1_buffer.
  DeviceContext ctx(0);
  CoreRange cores({0, 0}, {1, 1});
  ShardConfig config{.cores = CoreRangeSet(cores),
                     .shard_shape = {32, 32},
                     .tensor2d_shape_in_pages = {2, 2},
                     .layout = TensorMemoryLayout::BLOCK_SHARDED};
  auto a = ctx.sharded_l1_buffer(config), c = ctx.sharded_l1_buffer(config);
  EXPECT_EQ(a->size(), 4u * 2048);
  std::vector<bfloat16> in = ttemu::test::randomBf16(4 * 1024, 42, -2, 2);
  ctx.write(a, in);
  ctx.run(ProgramBuilder(cores)
              .cb(tt::CBIndex::c_0, a, 1)
              .cb(tt::CBIndex::c_16, c, 1)
              .compute(kernelPath("compute/copy_resident.cpp"))
              .runtime_args({1u})
              .done()
              .build());
  auto out = ctx.read<bfloat16>(c);
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i)
    ASSERT_EQ(out[i].to_uint16(), in[i].to_uint16()) << i;
}
