// The validation benchmark's 2-D multicast matmul computes the product: its
// timing figures come from a program that is right. Both ways of feeding
// in0 are checked: read from DRAM and sent by column 0, and block-sharded
// in L1 and sent by the core holding each K block (the published runs).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tilize_utils.hpp>

#include "EmuTestUtil.h"
#include "McastMatmul.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::randomBf16;

namespace {

/// Largest error of the emulated product against a double-precision host
/// product, relative to the largest magnitude of the product.
double relativeError(uint32_t rows, uint32_t cols, uint32_t M, uint32_t K,
                     uint32_t N, bool in0InL1, uint32_t in0BlockWDiv) {
  IDevice *device = CreateDevice(0);
  auto a = randomBf16(M * K, 11, -1, 1), b = randomBf16(K * N, 12, -1, 1);
  ttemu::bench::MatmulBuffers bufs;
  ttemu::bench::mcastMatmul(
      device, M, K, N, rows, cols, DataFormat::Float16_b, MathFidelity::HiFi4,
      in0InL1, /*outInL1=*/false,
      [&](const ttemu::bench::MatmulBuffers &b0) {
        bufs = b0;
        EnqueueWriteBuffer(device->command_queue(), b0.a,
                           tilize_nfaces(a, M, K), true);
        EnqueueWriteBuffer(device->command_queue(), b0.b,
                           tilize_nfaces(b, K, N), true);
      },
      in0BlockWDiv);
  std::vector<bfloat16> got;
  EnqueueReadBuffer(device->command_queue(), bufs.c, got, true);
  got = untilize_nfaces(got, M, N);
  double worst = 0, scale = 0;
  for (uint32_t i = 0; i < M; ++i)
    for (uint32_t j = 0; j < N; ++j) {
      double want = 0;
      for (uint32_t k = 0; k < K; ++k)
        want += double(a[i * K + k].to_float()) * b[k * N + j].to_float();
      worst = std::max(worst, std::fabs(got[i * N + j].to_float() - want));
      scale = std::max(scale, std::fabs(want));
    }
  CloseDevice(device);
  return worst / scale;
}

} // namespace

TEST(McastMatmul, TwoDimensionalMulticastMatchesHost) {
  // 3 x 4 cores, 2 x 2 output tiles each, K in 3 blocks of 2 tiles.
  EXPECT_LT(relativeError(3, 4, 192, 192, 256, /*in0InL1=*/false, 1), 0.02);
}

TEST(McastMatmul, BlockShardedIn0SentByItsHoldersMatchesHost) {
  // K = 8 tiles over 4 columns: each core holds a 2 x 2-tile slice of A and
  // sends it along its row as one K block (multicast to itself too).
  EXPECT_LT(relativeError(3, 4, 192, 256, 256, /*in0InL1=*/true, 1), 0.02);
}

TEST(McastMatmul, BlockShardedIn0WithSeveralBlocksPerShardMatchesHost) {
  // in0_block_w_div 2: each 2 x 4-tile shard holds two K blocks, which its
  // core gathers row by row before sending them to the rest of its row.
  EXPECT_LT(relativeError(3, 4, 192, 512, 256, /*in0InL1=*/true, 2), 0.02);
}

TEST(McastMatmul, BlockShardedIn0MatchesHostOnBlackhole) {
  // Blackhole senders flush their writes before sending the flag.
  setenv("TT_EMU_ARCH", "blackhole", 1);
  double err = relativeError(4, 5, 256, 320, 320, /*in0InL1=*/true, 1);
  unsetenv("TT_EMU_ARCH");
  EXPECT_LT(err, 0.02);
}
