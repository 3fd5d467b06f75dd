//===- PlanRunnerTest.cpp - Plan-driven emulator runner, hand-written plan ===//
//
// Inputs/eltwise_add holds a hand-written plan and kernel set (C = A + B in
// bf16 over a 40x72 tensor padded to 2x3 tiles, split over two cores), so the
// runner is tested independently of the compiler.
//
//===----------------------------------------------------------------------===//

#include "tilett/Runner/PlanRunner.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

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
  /// The eltwise_add plan in a fresh directory `dir` with its reader kernel
  /// file renamed to `reader` (a JSON string literal), beside copies of the
  /// compute and writer kernels.
  void writePlanWithReader(llvm::SmallString<256> &dir, llvm::StringRef reader) {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("plan-runner-test", dir));
    auto plan = llvm::MemoryBuffer::getFile(inputs("eltwise_add/tt.plan.json"));
    ASSERT_TRUE(bool(plan));
    std::string text = (*plan)->getBuffer().str();
    size_t pos = text.find("\"reader.cpp\"");
    ASSERT_NE(pos, std::string::npos);
    text.replace(pos, 12, reader.str());
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, "tt.plan.json");
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os << text;
    for (const char *file : {"compute.cpp", "writer.cpp"}) {
      llvm::SmallString<256> to(dir);
      llvm::sys::path::append(to, file);
      ASSERT_FALSE(llvm::sys::fs::copy_file(
          inputs(std::string("eltwise_add/") + file), to));
    }
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
  ASSERT_EQ(c.size(), in["A"].data.size());
  for (size_t i = 0; i < c.size(); ++i) {
    double expect = in["A"].data[i] + in["B"].data[i];
    // One bf16 rounding of the sum: at most one unit step of its binade.
    ASSERT_NEAR(c.get(i), expect, std::ldexp(std::fabs(expect), -7) + 1e-30)
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

// The emulator reports misuse by throwing; the runner must turn that into an
// error (not a crash) that names the cause. A plan naming a kernel file that
// does not exist makes CreateKernel / the launch throw.
TEST_F(PlanRunnerTest, EmulatorErrorBecomesAnError) {
  llvm::SmallString<256> dir;
  writePlanWithReader(dir, "\"missing_reader.cpp\"");
  if (HasFatalFailure())
    return;
  llvm::StringMap<HostTensor> in;
  auto result = runCompiledKernel(dir, in);
  llvm::sys::fs::remove_directories(dir);
  ASSERT_FALSE(bool(result));
  std::string message = llvm::toString(result.takeError());
  EXPECT_NE(message.find("emulator: "), std::string::npos) << message;
  EXPECT_NE(message.find("missing_reader.cpp"), std::string::npos) << message;
}

// A plan of the wrong shape is the typed reader's error, at the JSON path
// of the offending value, before anything runs.
TEST_F(PlanRunnerTest, AMistypedPlanValueIsALocatedError) {
  llvm::SmallString<256> dir;
  writePlanWithReader(dir, "3");
  if (HasFatalFailure())
    return;
  llvm::StringMap<HostTensor> in;
  auto result = runCompiledKernel(dir, in);
  llvm::sys::fs::remove_directories(dir);
  ASSERT_FALSE(bool(result));
  EXPECT_EQ(llvm::toString(result.takeError()),
            "tt.plan.json: $.kernels[0].file: expected string.");
}

// The runner keeps kernel files inside the plan's directory, by the same
// rule as the validator (readRunnablePlan): an absolute path is not opened.
TEST_F(PlanRunnerTest, KernelFileOutsideThePlanIsAnError) {
  llvm::SmallString<256> dir;
  writePlanWithReader(dir, "\"/etc/passwd\"");
  if (HasFatalFailure())
    return;
  llvm::StringMap<HostTensor> in;
  auto result = runCompiledKernel(dir, in);
  llvm::sys::fs::remove_directories(dir);
  ASSERT_FALSE(bool(result));
  std::string message = llvm::toString(result.takeError());
  EXPECT_NE(message.find("must be relative to the plan's directory"),
            std::string::npos)
      << message;
}

} // namespace
