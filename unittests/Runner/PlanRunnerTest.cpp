//===- PlanRunnerTest.cpp - Plan-driven emulator runner, hand-written plan ===//
//
// Inputs/eltwise_add holds a hand-written plan and kernel set (C = A + B in
// bf16 over a 40x72 tensor padded to 2x3 tiles, split over two cores), so the
// runner is tested independently of the compiler.
//
//===----------------------------------------------------------------------===//

#include "tilett/Runner/PlanRunner.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

using namespace mlir::tilett::runner;

namespace {

class PlanRunnerTest : public ::testing::Test {
protected:
  void SetUp() override { setenv("TT_EMU_CACHE_DIR", RUNNER_CACHE_DIR, 0); }
  std::string inputs(llvm::StringRef name) {
    llvm::SmallString<256> p(RUNNER_INPUTS_DIR);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }
};

HostTensor pattern(double scale, double offset) {
  HostTensor t({40, 72});
  for (size_t i = 0; i < t.data.size(); ++i)
    t.data[i] = roundToPlanDtype(offset + scale * double(int(i % 23) - 11),
                                 "bf16");
  return t;
}

TEST_F(PlanRunnerTest, ReadsPlanBuffers) {
  auto buffers = readPlanBuffers(inputs("eltwise_add/tt.plan.json"));
  ASSERT_TRUE(bool(buffers)) << llvm::toString(buffers.takeError());
  ASSERT_EQ(buffers->size(), 3u);
  EXPECT_EQ((*buffers)[2].name, "C");
  EXPECT_TRUE((*buffers)[2].isOutput());
  EXPECT_FALSE((*buffers)[0].isOutput());
  EXPECT_EQ((*buffers)[0].paddedShape, (llvm::SmallVector<int64_t>{64, 96}));
}

TEST_F(PlanRunnerTest, EltwiseAddOnTwoCoresWithPadding) {
  llvm::StringMap<HostTensor> in;
  in["A"] = pattern(0.125, 0.3);
  in["B"] = pattern(-0.0625, 1.7);
  auto result = runCompiledKernel(inputs("eltwise_add"), in);
  ASSERT_TRUE(bool(result)) << llvm::toString(result.takeError());
  ASSERT_EQ(result->outputs.count("C"), 1u);
  const HostTensor &c = result->outputs["C"];
  ASSERT_EQ(c.shape, (llvm::SmallVector<int64_t>{40, 72}));
  for (size_t i = 0; i < c.data.size(); ++i) {
    double expect = in["A"].data[i] + in["B"].data[i];
    // One bf16 rounding of the sum: at most one unit step of its binade.
    ASSERT_NEAR(c.data[i], expect, std::ldexp(std::fabs(expect), -7) + 1e-30)
        << "at " << i;
  }
}

TEST_F(PlanRunnerTest, MissingPlanIsAnError) {
  llvm::StringMap<HostTensor> in;
  auto result = runCompiledKernel(inputs("does_not_exist"), in);
  ASSERT_FALSE(bool(result));
  EXPECT_NE(llvm::toString(result.takeError()).find("cannot read"),
            std::string::npos);
}

TEST_F(PlanRunnerTest, WrongHostShapeIsAnError) {
  llvm::StringMap<HostTensor> in;
  in["A"] = HostTensor({41, 72});
  auto result = runCompiledKernel(inputs("eltwise_add"), in);
  ASSERT_FALSE(bool(result));
  EXPECT_NE(llvm::toString(result.takeError()).find("buffer 'A'"),
            std::string::npos);
}

} // namespace
