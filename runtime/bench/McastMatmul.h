// A 2-D multicast matmul program in the style of tt-metal's
// matmul_multicore_reuse_mcast, shared by the validation benchmark (timing)
// and a unit test (numerics).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include <tt-metalium/host_api.hpp>
#include <ttemu/emulator.h>

namespace ttemu::bench {

using namespace tt;
using namespace tt::tt_metal;

inline std::string mcastKernel(const std::string &rel) {
  return std::string(TTEMU_BENCH_KERNEL_DIR) + "/" + rel;
}

/// Buffers of a run: A (M x K), B (K x N), C (M x N), tiled, in `fmt`.
struct MatmulBuffers {
  std::shared_ptr<Buffer> a, b, c;
};

inline uint32_t tileBytes(DataFormat f) {
  return f == DataFormat::Bfp8_b ? 1088 : f == DataFormat::Bfp4_b ? 576 : 2048;
}

inline uint32_t largestDivisor(uint32_t n, std::initializer_list<uint32_t> of) {
  for (uint32_t d : of)
    if (n % d == 0)
      return d;
  return 1;
}

/// Blocking of the published benchmark (tt-metal
/// tests/ttnn/unit_tests/benchmarks/test_benchmark.py, the program config of
/// test_matmul_2d_host_perf that GEMM_FLOPS.md's tables come from): the K
/// block is the width of a block-sharded in0 shard, Kt / cols, divided by
/// `in0BlockWDiv`; the output subblock is the largest h x w <= 8 tiles (one
/// DST half) dividing the core's Mb x Nb block, with h = 1 unless the
/// subblock spans the block's width. Shapes the rule does not divide fall
/// back to a K block of 4 or 2 tiles.
struct MatmulBlocking {
  uint32_t kb, subH, subW;
};

inline MatmulBlocking publishedBlocking(uint32_t Mb, uint32_t Nb, uint32_t Kt,
                                        uint32_t cols, uint32_t in0BlockWDiv) {
  MatmulBlocking b{};
  b.kb = Kt % (cols * in0BlockWDiv) == 0 ? Kt / cols / in0BlockWDiv
                                          : largestDivisor(Kt, {4, 2});
  uint32_t best = 0;
  b.subH = b.subW = 1;
  for (uint32_t h = 1; h <= Mb; ++h)
    for (uint32_t w = 1; Mb % h == 0 && w <= Nb; ++w)
      if (Nb % w == 0 && h * w <= 8 && h * w > best) {
        best = h * w;
        b.subH = h;
        b.subW = w;
      }
  if (Nb > b.subW)
    b.subH = 1;
  return b;
}

/// Device cycles of C = A (M x K) * B (K x N) on a rows x cols grid, 2-D
/// multicast: row 0 sends in1 down each column (mm_mcast_reader.cpp,
/// mm_mcast_compute.cpp), blocked as publishedBlocking(..., in0BlockWDiv).
/// With `in0InL1` A is block-sharded in L1 over the grid (core (x, y) holds
/// its Mb rows and the x-th of `cols` K slices), and the core holding a K
/// block sends it along its row (mm_mcast_in0_sharded.cpp), as tt-metal's
/// block-sharded 2-D matmul does; otherwise column 0 reads in0 from DRAM
/// and sends every block. With `outInL1` the output stays in L1 as its
/// shard (no DRAM writes), as the published configurations give them.
/// `fill`, if given, gets the buffers before the run (to write A and B,
/// and keep them: C holds the product afterwards unless `outInL1`).
inline uint64_t
mcastMatmul(IDevice *device, uint32_t M, uint32_t K, uint32_t N, uint32_t rows,
            uint32_t cols, DataFormat fmt, MathFidelity fidelity, bool in0InL1,
            bool outInL1,
            std::function<void(const MatmulBuffers &)> fill = {},
            uint32_t in0BlockWDiv = 1) {
  uint32_t Mt = M / 32, Kt = K / 32, Nt = N / 32;
  uint32_t Mb = Mt / rows, Nb = Nt / cols;
  MatmulBlocking blk = publishedBlocking(Mb, Nb, Kt, cols, in0BlockWDiv);
  uint32_t Kb = blk.kb, subH = blk.subH, subW = blk.subW;
  uint32_t tb = tileBytes(fmt);
  auto buffer = [&](uint32_t tiles) {
    return CreateBuffer(
        InterleavedBufferConfig{.device = device,
                                .size = tiles * tb,
                                .page_size = tb,
                                .buffer_type = BufferType::DRAM});
  };
  uint32_t Ks = Kt / cols; // the K tiles of an in0 shard
  bool sharded = in0InL1 && Kt % cols == 0 && Ks % Kb == 0;
  auto b = buffer(Kt * Nt), c = buffer(Mt * Nt);
  std::shared_ptr<Buffer> a;
  if (sharded)
    a = CreateBuffer(ShardedBufferConfig{
        .device = device,
        .size = Mt * Kt * tb,
        .page_size = tb,
        .buffer_type = BufferType::L1,
        .buffer_layout = TensorMemoryLayout::BLOCK_SHARDED,
        .shard_parameters = ShardSpecBuffer(
            CoreRangeSet(CoreRange({0, 0}, {cols - 1, rows - 1})),
            {Mb * 32, Ks * 32}, ShardOrientation::ROW_MAJOR, {32, 32},
            {Mt, Kt})});
  else
    a = buffer(Mt * Kt);
  Program program = CreateProgram();
  CoreRange all({0, 0}, {cols - 1, rows - 1});
  auto cb = [&](uint8_t index, uint32_t pages) {
    CreateCircularBuffer(program, all,
                         CircularBufferConfig(pages * tb, {{index, fmt}})
                             .set_page_size(index, tb));
  };
  if (sharded)
    CreateCircularBuffer(program, all,
                         CircularBufferConfig(Mb * Ks * tb, {{2, fmt}})
                             .set_page_size(2, tb)
                             .set_globally_allocated_address(*a));
  cb(0, 2 * Mb * Kb);
  cb(1, 2 * Kb * Nb);
  // Output and partials (compute's L1 accumulation) share their L1, as
  // tt-metal's factory gives them when both have the output's format.
  CreateCircularBuffer(
      program, all,
      CircularBufferConfig(Mb * Nb * tb, {{16, fmt}, {24, fmt}})
          .set_page_size(16, tb)
          .set_page_size(24, tb));
  uint32_t s0r = CreateSemaphore(program, all, 0);
  uint32_t s0v = CreateSemaphore(program, all, 0);
  uint32_t s1r = CreateSemaphore(program, all, 0);
  uint32_t s1v = CreateSemaphore(program, all, 0);
  // NOCs as tt-metal's 2-D multicast matmul chooses them: in1, the DRAM
  // reader, on the NOC preferred for DRAM reads (NOC 0), in0 on the other
  // (matmul_multicore_reuse_mcast_2d_program_factory: in0_noc =
  // GetPreferredNOCForDRAMWrite, in1_noc = GetPreferredNOCForDRAMRead).
  uint32_t s0src = CreateSemaphore(program, all, 0);
  auto in0 = CreateKernel(
      program,
      mcastKernel(sharded ? "mm_mcast_in0_sharded.cpp" : "mm_mcast_reader.cpp"),
      all,
      DataMovementConfig{
          .processor = DataMovementProcessor::RISCV_1,
          .noc = NOC::NOC_1,
          .compile_args = sharded ? std::vector<uint32_t>{0, 2, s0r, s0v, s0src}
                                  : std::vector<uint32_t>{0, s0r, s0v}});
  auto in1 = CreateKernel(program, mcastKernel("mm_mcast_reader.cpp"), all,
                          DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                             .noc = NOC::NOC_0,
                                             .compile_args = {1, s1r, s1v}});
  auto mm = CreateKernel(
      program, mcastKernel("mm_mcast_compute.cpp"), all,
      ComputeConfig{.math_fidelity = fidelity,
                    .compile_args = {Kt / Kb, Mb, Nb, Kb, subH, subW}});
  for (uint32_t y = 0; y < rows; ++y)
    for (uint32_t x = 0; x < cols; ++x) {
      CoreCoord core{x, y};
      uint32_t m0 = y * Mb, n0 = x * Nb;
      // in0: the block rows of A for this core's output rows.
      std::vector<uint32_t> r0 = {a->address(), x == 0, !in0InL1, Kt / Kb, Mb,
                                  Kb,           Kt,     m0 * Kt,  Kb};
      if (sharded) {
        CoreCoord lo = device->worker_core_from_logical_core({0, y});
        CoreCoord hi = device->worker_core_from_logical_core({cols - 1, y});
        r0 = {Kt / Kb,
              Mb,
              Kb,
              Ks,
              x,
              uint32_t(lo.x),
              uint32_t(lo.y),
              uint32_t(hi.x),
              uint32_t(hi.y),
              cols};
        for (uint32_t sx = 0; sx < cols; ++sx) {
          CoreCoord s = device->worker_core_from_logical_core({sx, y});
          r0.insert(r0.end(), {uint32_t(s.x), uint32_t(s.y)});
        }
      } else if (x == 0) {
        CoreCoord lo = device->worker_core_from_logical_core({1, y});
        CoreCoord hi = device->worker_core_from_logical_core({cols - 1, y});
        r0.insert(r0.end(), {uint32_t(lo.x), uint32_t(lo.y), uint32_t(hi.x),
                             uint32_t(hi.y), cols - 1});
      } else {
        CoreCoord s = device->worker_core_from_logical_core({0, y});
        r0.insert(r0.end(), {uint32_t(s.x), uint32_t(s.y)});
      }
      if (!sharded)
        r0.insert(r0.end(), {0u, 0u, 0u, 0u, 0u});
      // in1: the block columns of B, and this core's output tiles.
      std::vector<uint32_t> r1 = {b->address(), y == 0, 1,  Kt / Kb, Kb,
                                  Nb,           Nt,     n0, Kb * Nt};
      if (y == 0) {
        CoreCoord lo = device->worker_core_from_logical_core({x, 1});
        CoreCoord hi = device->worker_core_from_logical_core({x, rows - 1});
        r1.insert(r1.end(), {uint32_t(lo.x), uint32_t(lo.y), uint32_t(hi.x),
                             uint32_t(hi.y), rows - 1});
      } else {
        CoreCoord s = device->worker_core_from_logical_core({x, 0});
        r1.insert(r1.end(), {uint32_t(s.x), uint32_t(s.y)});
      }
      r1.insert(r1.end(),
                {c->address(), outInL1 ? 0 : Mb, Nb, Nt, m0 * Nt + n0});
      SetRuntimeArgs(program, in0, core, r0);
      SetRuntimeArgs(program, in1, core, r1);
    }
  (void)mm;
  if (fill)
    fill({a, b, c});
  EnqueueProgram(device->command_queue(), program, true);
  return ttemu::lastRunStats().deviceCycles;
}

} // namespace ttemu::bench
