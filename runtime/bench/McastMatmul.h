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

/// Device cycles of C = A (M x K) * B (K x N) on a rows x cols grid, 2-D
/// multicast: column 0 sends in0 along each row, row 0 sends in1 down each
/// column (mm_mcast_reader.cpp, mm_mcast_compute.cpp).
/// With `in0InL1` in0 is sharded in L1 (no DRAM reads); with `outInL1` the
/// output stays in L1 as its shard (no DRAM writes), as the published
/// configurations give them.
/// `fill`, if given, gets the buffers before the run (to write A and B,
/// and keep them: C holds the product afterwards unless `outInL1`).
inline uint64_t
mcastMatmul(IDevice *device, uint32_t M, uint32_t K, uint32_t N, uint32_t rows,
            uint32_t cols, DataFormat fmt, MathFidelity fidelity, bool in0InL1,
            bool outInL1,
            std::function<void(const MatmulBuffers &)> fill = {}) {
  uint32_t Mt = M / 32, Kt = K / 32, Nt = N / 32;
  uint32_t Mb = Mt / rows, Nb = Nt / cols;
  uint32_t Kb = largestDivisor(Kt, {4, 2});
  uint32_t subH = largestDivisor(Mb, {4, 2}), subW = largestDivisor(Nb, {2});
  uint32_t tb = tileBytes(fmt);
  auto buffer = [&](uint32_t tiles) {
    return CreateBuffer(
        InterleavedBufferConfig{.device = device,
                                .size = tiles * tb,
                                .page_size = tb,
                                .buffer_type = BufferType::DRAM});
  };
  auto a = buffer(Mt * Kt), b = buffer(Kt * Nt), c = buffer(Mt * Nt);
  Program program = CreateProgram();
  CoreRange all({0, 0}, {cols - 1, rows - 1});
  auto cb = [&](uint8_t index, uint32_t pages) {
    CreateCircularBuffer(program, all,
                         CircularBufferConfig(pages * tb, {{index, fmt}})
                             .set_page_size(index, tb));
  };
  cb(0, 2 * Mb * Kb);
  cb(1, 2 * Kb * Nb);
  cb(16, Mb * Nb);
  uint32_t s0r = CreateSemaphore(program, all, 0);
  uint32_t s0v = CreateSemaphore(program, all, 0);
  uint32_t s1r = CreateSemaphore(program, all, 0);
  uint32_t s1v = CreateSemaphore(program, all, 0);
  auto in0 = CreateKernel(program, mcastKernel("mm_mcast_reader.cpp"), all,
                          ReaderDataMovementConfig({0, s0r, s0v}));
  auto in1 = CreateKernel(program, mcastKernel("mm_mcast_reader.cpp"), all,
                          WriterDataMovementConfig({1, s1r, s1v}));
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
      if (x == 0) {
        CoreCoord lo = device->worker_core_from_logical_core({1, y});
        CoreCoord hi = device->worker_core_from_logical_core({cols - 1, y});
        r0.insert(r0.end(), {uint32_t(lo.x), uint32_t(lo.y), uint32_t(hi.x),
                             uint32_t(hi.y), cols - 1});
      } else {
        CoreCoord s = device->worker_core_from_logical_core({0, y});
        r0.insert(r0.end(), {uint32_t(s.x), uint32_t(s.y)});
      }
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
