// The validation benchmark's 2-D multicast matmul computes the product: its
// timing figures come from a program that is right.
#include <gtest/gtest.h>

#include <cmath>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tilize_utils.hpp>

#include "EmuTestUtil.h"
#include "McastMatmul.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::randomBf16;

TEST(McastMatmul, TwoDimensionalMulticastMatchesHost) {
  IDevice *device = CreateDevice(0);
  // 3 x 4 cores, 2 x 2 output tiles each, K in 3 blocks of 2 tiles.
  constexpr uint32_t rows = 3, cols = 4, M = 192, N = 256, K = 192;
  auto a = randomBf16(M * K, 11, -1, 1), b = randomBf16(K * N, 12, -1, 1);
  ttemu::bench::MatmulBuffers bufs;
  ttemu::bench::mcastMatmul(device, M, K, N, rows, cols, DataFormat::Float16_b,
                            MathFidelity::HiFi4,
                            /*in0InL1=*/false, /*outInL1=*/false,
                            [&](const ttemu::bench::MatmulBuffers &b0) {
                              bufs = b0;
                              EnqueueWriteBuffer(device->command_queue(), b0.a,
                                                 tilize_nfaces(a, M, K), true);
                              EnqueueWriteBuffer(device->command_queue(), b0.b,
                                                 tilize_nfaces(b, K, N), true);
                            });
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
  EXPECT_LT(worst / scale, 0.02);
  CloseDevice(device);
}
