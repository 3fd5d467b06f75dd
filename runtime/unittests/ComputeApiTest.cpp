// Unit tests of the compute-kernel API against a fake core (in-memory CBs).
#include "api/compute/bcast.h"
#include "api/compute/binary_max_min.h"
#include "api/compute/compute_kernel_api.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/eltwise_binary_sfpu.h"
#include "api/compute/eltwise_unary/sfpu_split_includes.h"
#include "api/compute/eltwise_unary/where.h"
#include "api/compute/matmul.h"
#include "api/compute/reduce.h"
#include "api/compute/tile_move_copy.h"
#include "api/compute/tilize.h"
#include "api/compute/transpose_wh.h"
#include "api/compute/untilize.h"
#include "ttemu/numerics.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <stdexcept>

using namespace ttemu;
using num::faceOrderIndex;
using num::kTileElems;

namespace {

struct FakeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// CBs as plain page arrays: front pages are the first `pages` entries of
/// `in`, back pages the entries of `out`.
struct FakeCb {
  num::DataFormat fmt = num::DataFormat::Float16_b;
  std::vector<std::vector<uint8_t>> in, out;
  uint32_t waited = 0, reserved = 0, packCounter = 0;
};

class FakeHost : public compute::Host {
public:
  ComputeSettings cfg;
  std::map<uint32_t, FakeCb> cbs;
  std::map<CostOp, uint32_t> charges;

  const ComputeSettings &settings() override { return cfg; }
  uint32_t pageSize(uint32_t cb) override { return num::tileSizeBytes(cbs.at(cb).fmt); }
  num::DataFormat dataFormat(uint32_t cb) override { return cbs.at(cb).fmt; }
  uint8_t *frontPage(uint32_t cb, uint32_t index) override {
    FakeCb &c = cbs.at(cb);
    if (index >= c.waited)
      fail("unpack from CB " + std::to_string(cb) + " page " +
           std::to_string(index) + " not waited for");
    return c.in.at(index).data();
  }
  uint8_t *backPage(uint32_t cb, uint32_t index) override {
    FakeCb &c = cbs.at(cb);
    if (index >= c.reserved)
      fail("pack into CB " + std::to_string(cb) + " page " +
           std::to_string(index) + " not reserved");
    return c.out.at(index).data();
  }
  uint32_t &packCounter(uint32_t cb) override { return cbs.at(cb).packCounter; }
  void charge(CostOp op, num::DataFormat, uint32_t count) override {
    charges[op] += count;
  }
  [[noreturn]] void fail(const std::string &message) override {
    throw FakeError(message);
  }
  void reserveBack(uint32_t cb, uint32_t pages) {
    FakeCb &c = cbs.at(cb);
    c.reserved = pages;
    c.out.assign(pages, std::vector<uint8_t>(pageSize(cb)));
  }
  void pushBack(uint32_t cb) { cbs.at(cb).packCounter = 0; }

  /// Puts face-order tiles into CB `cb` (format `fmt`) as waited-for pages.
  void feed(uint32_t cb, num::DataFormat fmt, const std::vector<std::vector<float>> &tiles) {
    FakeCb &c = cbs[cb];
    c.fmt = fmt;
    c.in.clear();
    for (const auto &t : tiles)
      c.in.push_back(num::packTiles(fmt, t));
    c.waited = uint32_t(tiles.size());
  }
  void output(uint32_t cb, num::DataFormat fmt) { cbs[cb].fmt = fmt; }
  std::vector<float> result(uint32_t cb, uint32_t page) {
    return num::unpackTiles(cbs.at(cb).fmt, cbs.at(cb).out.at(page));
  }
};

class ComputeApi : public ::testing::Test {
protected:
  FakeHost fake;
  void SetUp() override {
    compute::resetThreadState();
    compute::setHostForTesting(&fake);
  }
  void TearDown() override {
    compute::setHostForTesting(nullptr);
    compute::resetThreadState();
  }

  /// Runs one DST section: fn() does math, then DST[0..n) is packed to cb 16.
  template <class Fn> void section(Fn fn, uint32_t n = 1) {
    fake.reserveBack(16, n);
    tile_regs_acquire();
    fn();
    tile_regs_commit();
    tile_regs_wait();
    for (uint32_t i = 0; i < n; ++i)
      pack_tile(i, 16);
    tile_regs_release();
    fake.pushBack(16);
  }
};

std::vector<float> bf16Tile(uint32_t seed, float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> t(kTileElems);
  for (float &v : t)
    v = num::roundToFormat(dist(gen), num::DataFormat::Float16_b,
                           num::Rounding::NearestEven);
  return t;
}

std::vector<float> constTile(float v) { return std::vector<float>(kTileElems, v); }

uint32_t bits(float f) { return std::bit_cast<uint32_t>(f); }

} // namespace

TEST_F(ComputeApi, CopyAndPackRoundTrip) {
  std::vector<float> a = bf16Tile(1);
  fake.feed(0, num::DataFormat::Float16_b, {a});
  fake.output(16, num::DataFormat::Float16_b);
  copy_tile_init(0);
  section([] { copy_tile(0, 0, 0); });
  EXPECT_EQ(fake.result(16, 0), a);
  EXPECT_EQ(fake.charges[CostOp::CopyTile], 1u);
  EXPECT_EQ(fake.charges[CostOp::PackTile], 1u);
}

TEST_F(ComputeApi, PackSequentialAndOutOfOrder) {
  fake.feed(0, num::DataFormat::Float16_b, {constTile(1.0f), constTile(2.0f)});
  fake.output(16, num::DataFormat::Float32);
  fake.reserveBack(16, 3);
  tile_regs_acquire();
  copy_tile(0, 0, 0);
  copy_tile(0, 1, 1);
  tile_regs_commit();
  tile_regs_wait();
  pack_tile(0, 16);              // page 0
  pack_tile(1, 16);              // page 1
  pack_tile<true>(0, 16, 2);     // page 2, out of order
  tile_regs_release();
  EXPECT_EQ(fake.result(16, 0)[5], 1.0f);
  EXPECT_EQ(fake.result(16, 1)[5], 2.0f);
  EXPECT_EQ(fake.result(16, 2)[5], 1.0f);
  EXPECT_EQ(fake.cbs[16].packCounter, 2u);
}

TEST_F(ComputeApi, DstIndexOutOfRange16Bit) {
  fake.feed(0, num::DataFormat::Float16_b, {constTile(1.0f)});
  tile_regs_acquire();
  try {
    copy_tile(0, 0, 9);
    FAIL() << "no error";
  } catch (const FakeError &e) {
    EXPECT_STREQ(e.what(), "copy_tile: DST index 9 out of range: 8 tiles "
                           "available (16-bit DST, half-sync)");
  }
}

TEST_F(ComputeApi, DstIndexOutOfRangeFp32) {
  fake.cfg.fp32DestAccEn = true;
  fake.feed(0, num::DataFormat::Float32, {constTile(1.0f)});
  tile_regs_acquire();
  copy_tile(0, 0, 3); // fine
  EXPECT_THROW(
      {
        try {
          copy_tile(0, 0, 4);
        } catch (const FakeError &e) {
          EXPECT_STREQ(e.what(), "copy_tile: DST index 4 out of range: 4 "
                                 "tiles available (fp32 DST, half-sync)");
          throw;
        }
      },
      FakeError);
}

TEST_F(ComputeApi, SfpuErrorNamesTheOp) {
  tile_regs_acquire();
  try {
    exp_tile(8);
    FAIL() << "no error";
  } catch (const FakeError &e) {
    EXPECT_STREQ(e.what(), "exp_tile: DST index 8 out of range: 8 tiles "
                           "available (16-bit DST, half-sync)");
  }
}

TEST_F(ComputeApi, ProtocolMisuseFails) {
  fake.feed(0, num::DataFormat::Float16_b, {constTile(1.0f)});
  fake.output(16, num::DataFormat::Float16_b);
  EXPECT_THROW(copy_tile(0, 0, 0), FakeError); // math before acquire
  tile_regs_acquire();
  copy_tile(0, 0, 0);
  fake.reserveBack(16, 1);
  EXPECT_THROW(pack_tile(0, 16), FakeError); // pack before commit/wait
  tile_regs_commit();
  EXPECT_THROW(copy_tile(0, 0, 0), FakeError); // math after commit
  EXPECT_THROW(pack_tile(0, 16), FakeError);   // pack before wait
  tile_regs_wait();
  pack_tile(0, 16);
  tile_regs_release();
  EXPECT_THROW(tile_regs_release(), FakeError);
  // Unpacking a page that was not waited for is the core's error.
  EXPECT_THROW(
      {
        tile_regs_acquire();
        copy_tile(0, 1, 0);
      },
      FakeError);
}

TEST_F(ComputeApi, ReleaseZeroesDst) {
  fake.feed(0, num::DataFormat::Float16_b, {constTile(3.0f)});
  fake.output(16, num::DataFormat::Float16_b);
  section([] { copy_tile(0, 0, 0); });
  // A new section starts from zero: matmul with zero B leaves zeros.
  fake.feed(1, num::DataFormat::Float16_b, {constTile(0.0f)});
  section([] { matmul_tiles(0, 1, 0, 0, 0); });
  EXPECT_EQ(fake.result(16, 0)[0], 0.0f);
}

TEST_F(ComputeApi, MatmulAccumulatesAndTransposes) {
  std::vector<float> a = bf16Tile(2), b = bf16Tile(3);
  fake.feed(0, num::DataFormat::Float16_b, {a, a});
  fake.feed(1, num::DataFormat::Float16_b, {b, b});
  fake.output(16, num::DataFormat::Float32);
  fake.cfg.fp32DestAccEn = true;
  mm_init(0, 1, 16);
  section([] {
    matmul_tiles(0, 1, 0, 0, 0, false);
    matmul_tiles(0, 1, 1, 1, 0); // accumulates: C = 2 * A * B
  });
  std::vector<float> c = fake.result(16, 0);
  // HiFi4 into fp32 DST: the error is fp32 rounding of 16 partial sums of
  // magnitude < 64: < 16 * 2^-18.
  for (uint32_t i = 0; i < 32; ++i)
    for (uint32_t j = 0; j < 32; ++j) {
      double ref = 0;
      for (uint32_t k = 0; k < 32; ++k)
        ref += 2.0 * a[faceOrderIndex(i, k)] * b[faceOrderIndex(k, j)];
      ASSERT_NEAR(c[faceOrderIndex(i, j)], ref, 16 * std::ldexp(1.0, -18));
    }
  // mm_init with transpose makes matmul_tiles use B^T.
  std::vector<float> eye(kTileElems, 0.0f);
  for (uint32_t i = 0; i < 32; ++i)
    eye[faceOrderIndex(i, i)] = 1.0f;
  fake.feed(0, num::DataFormat::Float16_b, {eye});
  mm_init(0, 1, 16, /*transpose=*/1);
  section([] { matmul_tiles(0, 1, 0, 0, 0); });
  EXPECT_EQ(fake.result(16, 0)[faceOrderIndex(2, 7)], b[faceOrderIndex(7, 2)]);
}

TEST_F(ComputeApi, MatmulBlockLayout) {
  // A: 2x1 tiles (rt=2, kt=1), B: 1x2 tiles (ct=2): C[r][c] = A[r] * B[c].
  fake.feed(0, num::DataFormat::Float16_b, {constTile(1.0f), constTile(2.0f)});
  fake.feed(1, num::DataFormat::Float16_b, {constTile(0.5f), constTile(0.25f)});
  fake.output(16, num::DataFormat::Float16_b);
  mm_block_init(0, 1, 16, 0, 2, 2, 1);
  section([] { matmul_block(0, 1, 0, 0, 0, false, 2, 2, 1); }, 4);
  EXPECT_EQ(fake.result(16, 0)[0], 32 * 1.0f * 0.5f);
  EXPECT_EQ(fake.result(16, 1)[0], 32 * 1.0f * 0.25f);
  EXPECT_EQ(fake.result(16, 2)[0], 32 * 2.0f * 0.5f);
  EXPECT_EQ(fake.result(16, 3)[0], 32 * 2.0f * 0.25f);
}

TEST_F(ComputeApi, EltwiseBinaryAndBroadcast) {
  std::vector<float> a = bf16Tile(4), b = bf16Tile(5);
  fake.feed(0, num::DataFormat::Float16_b, {a});
  fake.feed(1, num::DataFormat::Float16_b, {b});
  fake.output(16, num::DataFormat::Float32);
  fake.cfg.fp32DestAccEn = true;
  binary_op_init_common(0, 1, 16);
  add_tiles_init(0, 1);
  section([] { add_tiles(0, 1, 0, 0, 0); });
  sub_tiles_init(0, 1);
  section([] { sub_tiles(0, 1, 0, 0, 0); });
  mul_tiles_init(0, 1);
  section([] { mul_tiles(0, 1, 0, 0, 0); });
  std::vector<float> add = fake.result(16, 0);
  // Only the last section's page 0 survives in the fake, so recompute each.
  for (uint32_t i = 0; i < kTileElems; ++i)
    ASSERT_EQ(add[i], a[i] * b[i]); // bf16 x bf16 is exact in fp32 (HiFi4)
  add_tiles_init(0, 1);
  section([] { add_tiles(0, 1, 0, 0, 0); });
  for (uint32_t i = 0; i < kTileElems; ++i)
    ASSERT_EQ(fake.result(16, 0)[i], a[i] + b[i]);
  init_bcast<ELWADD, BroadcastType::ROW>(0, 1, 16);
  section([] { add_tiles_bcast<BroadcastType::ROW>(0, 1, 0, 0, 0); });
  EXPECT_EQ(fake.result(16, 0)[faceOrderIndex(20, 17)],
            a[faceOrderIndex(20, 17)] + b[faceOrderIndex(0, 17)]);
  mul_bcast_cols_init_short(0, 1);
  section([] { mul_tiles_bcast<BroadcastType::COL>(0, 1, 0, 0, 0); });
  EXPECT_EQ(fake.result(16, 0)[faceOrderIndex(20, 17)],
            a[faceOrderIndex(20, 17)] * b[faceOrderIndex(20, 0)]);
  mul_tiles_bcast_scalar_init_short(0, 1);
  section([] { mul_tiles_bcast_scalar(0, 1, 0, 0, 0); });
  EXPECT_EQ(fake.result(16, 0)[faceOrderIndex(9, 30)],
            a[faceOrderIndex(9, 30)] * b[0]);
}

TEST_F(ComputeApi, UnaryBcastRepeatsRowColumnOrScalar) {
  std::vector<float> a = bf16Tile(6);
  fake.feed(0, num::DataFormat::Float16_b, {a});
  fake.output(16, num::DataFormat::Float16_b);
  auto check = [&](auto expected) {
    std::vector<float> got = fake.result(16, 0);
    for (uint32_t r = 0; r < 32; ++r)
      for (uint32_t c = 0; c < 32; ++c)
        ASSERT_EQ(got[faceOrderIndex(r, c)], expected(r, c)) << r << "," << c;
  };
  unary_bcast_init<BroadcastType::COL>(0, 16);
  section([] { unary_bcast<BroadcastType::COL>(0, 0, 0); });
  check([&](uint32_t r, uint32_t) { return a[faceOrderIndex(r, 0)]; });
  unary_bcast_init<BroadcastType::ROW>(0, 16);
  section([] { unary_bcast<BroadcastType::ROW>(0, 0, 0); });
  check([&](uint32_t, uint32_t c) { return a[faceOrderIndex(0, c)]; });
  unary_bcast_init<BroadcastType::SCALAR>(0, 16);
  section([] { unary_bcast<BroadcastType::SCALAR>(0, 0, 0); });
  check([&](uint32_t, uint32_t) { return a[0]; });
}

TEST_F(ComputeApi, AccumulateToDest) {
  fake.feed(0, num::DataFormat::Float16_b, {constTile(1.0f)});
  fake.feed(1, num::DataFormat::Float16_b, {constTile(2.0f)});
  fake.output(16, num::DataFormat::Float16_b);
  add_tiles_init(0, 1, /*acc_to_dest=*/true);
  section([] {
    add_tiles(0, 1, 0, 0, 0);
    add_tiles(0, 1, 0, 0, 0);
  });
  EXPECT_EQ(fake.result(16, 0)[0], 6.0f);
}

TEST_F(ComputeApi, Bf16DstRoundsAndPackerRoundsAway) {
  // fp32 CB into a 16-bit DST: the unpacker truncates to bf16.
  fake.feed(0, num::DataFormat::Float32, {constTile(std::bit_cast<float>(0x3F80FFFFu))});
  fake.output(16, num::DataFormat::Float32);
  section([] { copy_tile(0, 0, 0); });
  EXPECT_EQ(bits(fake.result(16, 0)[0]), 0x3F800000u);
  // fp32 DST packed to bf16: ties round away from zero.
  fake.cfg.fp32DestAccEn = true;
  fake.feed(0, num::DataFormat::Float32, {constTile(std::bit_cast<float>(0x3F808000u))});
  fake.output(16, num::DataFormat::Float16_b);
  section([] { copy_tile(0, 0, 0); });
  EXPECT_EQ(bits(fake.result(16, 0)[0]), 0x3F810000u);
}

TEST_F(ComputeApi, PackToBfp8) {
  std::vector<float> a = bf16Tile(6);
  fake.feed(0, num::DataFormat::Float16_b, {a});
  fake.output(16, num::DataFormat::Bfp8_b);
  section([] { copy_tile(0, 0, 0); });
  std::vector<float> ref =
      num::unpackTiles(num::DataFormat::Bfp8_b, num::packTiles(num::DataFormat::Bfp8_b, a));
  EXPECT_EQ(fake.result(16, 0), ref);
  EXPECT_EQ(fake.cbs[16].out[0].size(), 1088u);
}

namespace {

struct SfpuCase {
  const char *name;
  void (*init)();
  void (*op)(uint32_t);
  double (*ref)(double);
  float lo, hi;
};

void runSfpu(FakeHost &fake, const SfpuCase &c, bool fp32) {
  std::vector<float> a = bf16Tile(7, c.lo, c.hi);
  fake.feed(0, num::DataFormat::Float16_b, {a});
  fake.output(16, num::DataFormat::Float32);
  fake.cfg.fp32DestAccEn = fp32;
  init_sfpu(0, 16);
  c.init();
  fake.reserveBack(16, 1);
  tile_regs_acquire();
  copy_tile(0, 0, 0);
  c.op(0);
  tile_regs_commit();
  tile_regs_wait();
  pack_tile(0, 16);
  tile_regs_release();
  fake.pushBack(16);
  std::vector<float> out = fake.result(16, 0);
  // fp32 DST: within 2 fp32 ulps (double -> fp32 rounding of a correctly
  // rounded function). 16-bit DST: the SFPU store truncates to bf16, so the
  // result is within one bf16 ulp below |ref| (relative 2^-7).
  for (uint32_t i = 0; i < kTileElems; ++i) {
    double ref = c.ref(a[i]);
    double tol = fp32 ? 2 * std::ldexp(std::fabs(ref), -23) + 1e-30
                      : std::ldexp(std::fabs(ref), -7) + 1e-30;
    ASSERT_NEAR(out[i], ref, tol) << c.name << "(" << a[i] << ")";
  }
}

double refGelu(double x) { return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x))); }

} // namespace

TEST_F(ComputeApi, SfpuUnaryOpsMatchStdMath) {
  const SfpuCase cases[] = {
      {"exp", [] { exp_tile_init(); }, [](uint32_t d) { exp_tile(d); },
       [](double x) { return std::exp(x); }, -4, 4},
      {"relu", [] { relu_tile_init(); }, [](uint32_t d) { relu_tile(d); },
       [](double x) { return x > 0 ? x : 0.0; }, -2, 2},
      {"recip", [] { recip_tile_init(); }, [](uint32_t d) { recip_tile(d); },
       [](double x) { return 1 / x; }, 0.1f, 4},
      {"sqrt", [] { sqrt_tile_init(); }, [](uint32_t d) { sqrt_tile(d); },
       [](double x) { return std::sqrt(x); }, 0, 9},
      {"sigmoid", [] { sigmoid_tile_init(); }, [](uint32_t d) { sigmoid_tile(d); },
       [](double x) { return 1 / (1 + std::exp(-x)); }, -6, 6},
      {"gelu", [] { gelu_tile_init(); }, [](uint32_t d) { gelu_tile(d); },
       refGelu, -3, 3},
      {"tanh", [] { tanh_tile_init(); }, [](uint32_t d) { tanh_tile(d); },
       [](double x) { return std::tanh(x); }, -3, 3},
      {"log", [] { log_tile_init(); }, [](uint32_t d) { log_tile(d); },
       [](double x) { return std::log(x); }, 0.01f, 10},
      {"abs", [] { abs_tile_init(); }, [](uint32_t d) { abs_tile(d); },
       [](double x) { return std::fabs(x); }, -2, 2},
      {"negative", [] { negative_tile_init(); }, [](uint32_t d) { negative_tile(d); },
       [](double x) { return -x; }, -2, 2},
      {"add_unary", [] { binop_with_scalar_tile_init(); },
       [](uint32_t d) { add_unary_tile(d, bits(0.5f)); },
       [](double x) { return double(float(x) + 0.5f); }, -2, 2},
      {"mul_unary", [] { binop_with_scalar_tile_init(); },
       [](uint32_t d) { mul_unary_tile(d, bits(3.0f)); },
       [](double x) { return 3 * x; }, -2, 2},
      {"sub_unary", [] { binop_with_scalar_tile_init(); },
       [](uint32_t d) { sub_unary_tile(d, bits(1.0f)); },
       [](double x) { return double(float(x) - 1.0f); }, -2, 2},
      {"div_unary", [] { binop_with_scalar_tile_init(); },
       [](uint32_t d) { div_unary_tile(d, bits(4.0f)); },
       [](double x) { return x / 4; }, -2, 2},
      {"fill", [] { fill_tile_init(); }, [](uint32_t d) { fill_tile(d, 1.25f); },
       [](double) { return 1.25; }, -2, 2},
  };
  for (bool fp32 : {true, false})
    for (const SfpuCase &c : cases)
      runSfpu(fake, c, fp32);
}

TEST_F(ComputeApi, FillTileTakesTheDstFormat) {
  // A fresh DST tile is fp32 under fp32_dest_acc_en: the fill is exact.
  fake.output(16, num::DataFormat::Float32);
  fake.cfg.fp32DestAccEn = true;
  fill_tile_init();
  section([] { fill_tile(0, 0.37f); });
  EXPECT_EQ(fake.result(16, 0), constTile(0.37f));
  // 16-bit DST: the value is rounded to bf16 on the way in.
  fake.cfg.fp32DestAccEn = false;
  section([] { fill_tile(0, 0.37f); });
  EXPECT_EQ(fake.result(16, 0)[5],
            num::roundToFormat(0.37f, num::DataFormat::Float16_b,
                               num::Rounding::TowardZero));
}

TEST_F(ComputeApi, ZeroComparisonsAndWhere) {
  // a in [-1, 1] with some exact zeros; where picks b where a > 0, else c.
  std::vector<float> a = bf16Tile(10), b = bf16Tile(11), c = bf16Tile(12);
  for (uint32_t i = 0; i < kTileElems; i += 7)
    a[i] = 0.0f;
  fake.feed(0, num::DataFormat::Float16_b, {a});
  fake.feed(1, num::DataFormat::Float16_b, {b});
  fake.feed(2, num::DataFormat::Float16_b, {c});
  fake.output(16, num::DataFormat::Float32);
  fake.cfg.fp32DestAccEn = true;
  struct Case {
    void (*op)();
    bool (*ref)(float);
  } cases[] = {
      {[] { gtz_tile_init(); gtz_tile(0); }, [](float x) { return x > 0; }},
      {[] { ltz_tile_init(); ltz_tile(0); }, [](float x) { return x < 0; }},
      {[] { gez_tile_init(); gez_tile(0); }, [](float x) { return x >= 0; }},
      {[] { lez_tile_init(); lez_tile(0); }, [](float x) { return x <= 0; }},
      {[] { eqz_tile_init(); eqz_tile(0); }, [](float x) { return x == 0; }},
      {[] { nez_tile_init(); nez_tile(0); }, [](float x) { return x != 0; }},
  };
  for (const Case &k : cases) {
    copy_tile_init(0);
    section([&] {
      copy_tile(0, 0, 0);
      k.op();
    });
    std::vector<float> out = fake.result(16, 0);
    for (uint32_t i = 0; i < kTileElems; ++i)
      ASSERT_EQ(out[i], k.ref(a[i]) ? 1.0f : 0.0f) << i;
  }
  section([] {
    copy_tile(0, 0, 0);
    gtz_tile(0);
    copy_tile(1, 0, 1);
    copy_tile(2, 0, 2);
    where_tile_init();
    where_tile<DataFormat::Float32>(0, 1, 2, 0);
  });
  std::vector<float> out = fake.result(16, 0);
  for (uint32_t i = 0; i < kTileElems; ++i)
    ASSERT_EQ(out[i], a[i] > 0 ? b[i] : c[i]) << i;
}

TEST_F(ComputeApi, SfpuBinaryOps) {
  std::vector<float> a = bf16Tile(8, 0.5f, 2), b = bf16Tile(9, 0.5f, 2);
  fake.feed(0, num::DataFormat::Float16_b, {a});
  fake.feed(1, num::DataFormat::Float16_b, {b});
  fake.output(16, num::DataFormat::Float32);
  fake.cfg.fp32DestAccEn = true;
  struct Case {
    void (*op)();
    float (*ref)(float, float);
  } cases[] = {
      {[] { add_binary_tile_init(); add_binary_tile(0, 1, 2); },
       [](float x, float y) { return x + y; }},
      {[] { sub_binary_tile_init(); sub_binary_tile(0, 1, 2); },
       [](float x, float y) { return x - y; }},
      {[] { mul_binary_tile_init(); mul_binary_tile(0, 1, 2); },
       [](float x, float y) { return x * y; }},
      {[] { div_binary_tile_init(); div_binary_tile(0, 1, 2); },
       [](float x, float y) { return x / y; }},
      {[] { binary_max_tile_init(); binary_max_tile(0, 1, 2); },
       [](float x, float y) { return std::fmax(x, y); }},
      {[] { binary_min_tile_init(); binary_min_tile(0, 1, 2); },
       [](float x, float y) { return std::fmin(x, y); }},
  };
  for (const Case &c : cases) {
    fake.reserveBack(16, 1);
    tile_regs_acquire();
    copy_tile(0, 0, 0);
    copy_tile(1, 0, 1);
    c.op();
    tile_regs_commit();
    tile_regs_wait();
    pack_tile(2, 16);
    tile_regs_release();
    fake.pushBack(16);
    std::vector<float> out = fake.result(16, 0);
    for (uint32_t i = 0; i < kTileElems; ++i)
      ASSERT_EQ(out[i], c.ref(a[i], b[i]));
  }
  // The older two-argument form writes into its first operand.
  fake.reserveBack(16, 1);
  tile_regs_acquire();
  copy_tile(0, 0, 0);
  copy_tile(1, 0, 1);
  add_binary_tile(0, 1);
  tile_regs_commit();
  tile_regs_wait();
  pack_tile(0, 16);
  tile_regs_release();
  EXPECT_EQ(fake.result(16, 0)[3], a[3] + b[3]);
  tile_regs_acquire();
  EXPECT_THROW(add_binary_tile(0, 1, 4), FakeError); // 4 tiles in fp32 DST
}

TEST_F(ComputeApi, ReduceRowColScalar) {
  std::vector<float> a(kTileElems), scaler(kTileElems, 0.0f);
  for (uint32_t r = 0; r < 32; ++r)
    for (uint32_t c = 0; c < 32; ++c)
      a[faceOrderIndex(r, c)] = float(r) - float(c) / 4; // exact in bf16
  for (uint32_t c = 0; c < 32; ++c)
    scaler[faceOrderIndex(0, c)] = 1.0f;
  fake.feed(0, num::DataFormat::Float16_b, {a});
  fake.feed(2, num::DataFormat::Float16_b, {scaler});
  fake.output(16, num::DataFormat::Float32);
  fake.cfg.fp32DestAccEn = true;
  reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(0, 2, 16);
  section([] { reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>(0, 2, 0, 0, 0); });
  std::vector<float> out = fake.result(16, 0);
  for (uint32_t r = 0; r < 32; ++r)
    ASSERT_EQ(out[faceOrderIndex(r, 0)], 32.0f * r - 31 * 32 / 8.0f);
  EXPECT_EQ(out[faceOrderIndex(0, 1)], 0.0f);
  section([] { reduce_tile<PoolType::MAX, ReduceDim::REDUCE_COL>(0, 2, 0, 0, 0); });
  out = fake.result(16, 0);
  for (uint32_t c = 0; c < 32; ++c)
    ASSERT_EQ(out[faceOrderIndex(0, c)], 31.0f - c / 4.0f);
  // MAX over all-negative values is not clamped by the zeroed DST.
  for (float &v : a)
    v = -std::fabs(v) - 1;
  fake.feed(0, num::DataFormat::Float16_b, {a});
  section([] { reduce_tile<PoolType::MAX, ReduceDim::REDUCE_SCALAR>(0, 2, 0, 0, 0); });
  EXPECT_EQ(fake.result(16, 0)[0], -1.0f);
  // SUM with a 0.5 scaler, accumulated over two calls.
  for (uint32_t c = 0; c < 32; ++c)
    scaler[faceOrderIndex(0, c)] = 0.5f;
  fake.feed(2, num::DataFormat::Float16_b, {scaler});
  fake.feed(0, num::DataFormat::Float16_b, {constTile(1.0f)});
  section([] {
    reduce_tile<PoolType::SUM, ReduceDim::REDUCE_SCALAR>(0, 2, 0, 0, 0);
    reduce_tile<PoolType::SUM, ReduceDim::REDUCE_SCALAR>(0, 2, 0, 0, 0);
  });
  EXPECT_EQ(fake.result(16, 0)[0], 1024.0f);
  reduce_uninit();
}

TEST_F(ComputeApi, TransposeTilizeUntilize) {
  std::vector<float> a = bf16Tile(10);
  fake.feed(0, num::DataFormat::Float16_b, {a});
  fake.output(16, num::DataFormat::Float16_b);
  transpose_wh_init(0, 16);
  section([] { transpose_wh_tile(0, 0, 0); });
  EXPECT_EQ(fake.result(16, 0)[faceOrderIndex(3, 29)], a[faceOrderIndex(29, 3)]);

  // Two tiles side by side as a row-major strip of 32 x 64 bf16 values, in
  // two 2048-byte pages.
  std::vector<float> strip(2 * kTileElems);
  for (uint32_t i = 0; i < strip.size(); ++i)
    strip[i] = float(i % 251);
  std::vector<uint8_t> bytes(strip.size() * 2);
  for (uint32_t i = 0; i < strip.size(); ++i) {
    uint16_t h = num::floatToBf16(strip[i]);
    std::memcpy(&bytes[2 * i], &h, 2);
  }
  FakeCb &in = fake.cbs[0];
  in.fmt = num::DataFormat::Float16_b;
  in.in = {std::vector<uint8_t>(bytes.begin(), bytes.begin() + 2048),
           std::vector<uint8_t>(bytes.begin() + 2048, bytes.end())};
  in.waited = 2;
  fake.reserveBack(16, 2);
  tilize_init(0, 2, 16);
  tilize_block(0, 2, 16);
  std::vector<float> expect = num::tilize<float>(strip, 32, 64);
  // tilize over a 32x64 matrix gives its two tiles in order.
  EXPECT_EQ(fake.result(16, 0), std::vector<float>(expect.begin(), expect.begin() + 1024));
  EXPECT_EQ(fake.result(16, 1), std::vector<float>(expect.begin() + 1024, expect.end()));

  // And back: untilize the two tiles into a row-major strip.
  fake.feed(0, num::DataFormat::Float16_b,
            {std::vector<float>(expect.begin(), expect.begin() + 1024),
             std::vector<float>(expect.begin() + 1024, expect.end())});
  fake.pushBack(16);
  fake.reserveBack(16, 2);
  untilize_init(0);
  untilize_block(0, 2, 16);
  std::vector<uint8_t> outBytes = fake.cbs[16].out[0];
  outBytes.insert(outBytes.end(), fake.cbs[16].out[1].begin(), fake.cbs[16].out[1].end());
  EXPECT_EQ(outBytes, bytes);
}

TEST_F(ComputeApi, MathFidelityAffectsMatmul) {
  // 1.0078125 = 1 + 2^-7 has a low significand bit that LoFi drops for A.
  float x = 1.0078125f;
  fake.feed(0, num::DataFormat::Float16_b, {constTile(x)});
  fake.feed(1, num::DataFormat::Float16_b, {constTile(1.0f)});
  fake.output(16, num::DataFormat::Float32);
  fake.cfg.fp32DestAccEn = true;
  fake.cfg.mathFidelity = num::MathFidelity::LoFi;
  section([] { matmul_tiles(0, 1, 0, 0, 0); });
  EXPECT_EQ(fake.result(16, 0)[0], 32.0f);
  fake.cfg.mathFidelity = num::MathFidelity::HiFi2;
  section([] { matmul_tiles(0, 1, 0, 0, 0); });
  EXPECT_EQ(fake.result(16, 0)[0], 32.0f * x);
}
