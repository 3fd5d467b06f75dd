//===- PlanRoundTripTest.cpp - The typed plan: write, read, locate errors -===//
//
// plan::RuntimePlan is the only reader and writer of tt.plan.json: a plan
// written with toJSON and printRuntimePlan reads back equal, field for
// field, and a plan of the wrong shape is rejected by the reader at the JSON
// path of the offending value.
//
//===----------------------------------------------------------------------===//

#include "tilett/Target/Metalium/PlanJSON.h"
#include "tilett/Target/Metalium/PlanSchema.h"
#include "tilett/Target/Metalium/RuntimePlan.h"

#include "llvm/Support/JSON.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace mlir::tilett;
namespace json = llvm::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

/// A plan with every field the schema has set, optional ones included, and
/// every kind of argument.
plan::RuntimePlan everyField() {
  plan::RuntimePlan p;
  p.schemaVersion = 1;
  p.backendVersion = "9.9.9";
  p.kernel = "mm";
  p.arch = "blackhole";
  p.coreGrid = std::vector<int64_t>{4, 2};
  p.coreRanges = std::vector<plan::CoreRange>{
      plan::CoreRange{std::vector<int64_t>{0, 0}, std::vector<int64_t>{4, 2}}};
  p.workPartition.emplace();
  (*p.workPartition)["(0,0)"] = {plan::WorkItem{0, 1, 8, 2, 2, "row_major"}};
  (*p.workPartition)["(3,1)"] = {plan::WorkItem{
      1, 0, std::nullopt, std::nullopt, std::nullopt, std::nullopt}};
  p.layouts.emplace();
  (*p.layouts)["A"] = plan::Layout{"DRAM", "row_major", true};
  (*p.layouts)["B"] = plan::Layout{};
  plan::Buffer a;
  a.name = "A";
  a.dtype = "f32";
  a.role = "inout";
  a.shape = {3, 40, 72};
  a.paddedShape = {3, 64, 96};
  a.pageSize = 4096;
  a.numPages = 18;
  a.argIndex = 0;
  a.memory = "l1";
  a.layout = "height_sharded";
  a.tileIdOrder = "row_major";
  a.tile = std::vector<int64_t>{32, 32};
  a.shardGrid = std::vector<int64_t>{2, 1};
  a.shardShape = std::vector<int64_t>{32, 96};
  plan::Buffer b;
  b.name = "B";
  b.dtype = "bf16";
  b.role = "unused";
  b.shape = {32};
  b.paddedShape = {32};
  b.pageSize = 2048;
  b.numPages = 1;
  p.buffers = std::vector<plan::Buffer>{a, b};
  p.circularBuffers = std::vector<plan::CircularBuffer>{
      plan::CircularBuffer{3, 4096, 2, "f32", "A_shared"},
      plan::CircularBuffer{16, 2048, 1, "bf16", std::nullopt}};
  p.semaphores = std::vector<plan::Semaphore>{plan::Semaphore{0, 0},
                                              plan::Semaphore{1, 7}};
  plan::Kernel reader;
  reader.kind = "reader";
  reader.file = "dm/reader.cpp";
  reader.processor = "riscv_1";
  reader.noc = 0;
  reader.compileTimeArgs = std::vector<plan::Arg>{
      plan::Arg(plan::Arg::Kind::Accessor, "A"), plan::Arg(5)};
  reader.defines = std::map<std::string, std::string>{{"OP", "add"}};
  reader.runtimeArgs.emplace();
  (*reader.runtimeArgs)["(0,0)"] = {plan::Arg(plan::Arg::Kind::Address, "A"),
                                    plan::Arg(plan::Arg::Kind::NocX, "(1,0)"),
                                    plan::Arg(plan::Arg::Kind::NocY, "(1,0)"),
                                    plan::Arg(4294967295)};
  plan::Kernel compute;
  compute.kind = "compute";
  compute.file = "compute.cpp";
  compute.processor = "compute";
  compute.mathFidelity = "LoFi";
  compute.fp32DestAccEn = true;
  compute.mathApproxMode = false;
  p.kernels = std::vector<plan::Kernel>{reader, compute};
  return p;
}

plan::RuntimePlan reread(const std::string &text) {
  llvm::Expected<json::Value> value = parsePlanJSON(text);
  if (!value) {
    ADD_FAILURE() << llvm::toString(value.takeError());
    return {};
  }
  llvm::Expected<plan::RuntimePlan> typed =
      plan::read<plan::RuntimePlan>(*value, "$");
  if (!typed) {
    ADD_FAILURE() << llvm::toString(typed.takeError());
    return {};
  }
  return std::move(*typed);
}

TEST(PlanRoundTrip, EveryFieldReadsBackEqual) {
  plan::RuntimePlan written = everyField();
  std::string text = plan::printRuntimePlan(written);
  plan::RuntimePlan read = reread(text);
  EXPECT_TRUE(read == written) << text;
  // And the reading is stable: writing what was read gives the same text.
  EXPECT_EQ(plan::printRuntimePlan(read), text);
}

TEST(PlanRoundTrip, AbsentOptionalsStayAbsent) {
  plan::RuntimePlan written;
  written.schemaVersion = 1;
  written.coreGrid = std::vector<int64_t>{1, 1};
  written.coreRanges.emplace();
  written.workPartition.emplace();
  written.layouts.emplace();
  std::string text = plan::printRuntimePlan(written);
  EXPECT_EQ(text, "{\n  \"core_grid\": [\n    1,\n    1\n  ],\n"
                  "  \"core_ranges\": [],\n  \"layouts\": {},\n"
                  "  \"schema_version\": 1,\n  \"work_partition\": {}\n}\n");
  plan::RuntimePlan read = reread(text);
  EXPECT_TRUE(read == written);
  EXPECT_FALSE(read.buffers.has_value());
  EXPECT_FALSE(read.kernel.has_value());
}

TEST(PlanRoundTrip, AWrittenPlanValidates) {
  // The fixture is a valid plan: what the writer writes, the validator
  // takes as it is.
  EXPECT_THAT(validateRuntimePlan(everyField()), IsEmpty());
  llvm::Expected<json::Value> value =
      parsePlanJSON(plan::printRuntimePlan(everyField()));
  ASSERT_TRUE(bool(value)) << llvm::toString(value.takeError());
  EXPECT_THAT(validateRuntimePlan(*value), IsEmpty());
}

/// The typed reader's error for plan text `text`.
std::string readError(llvm::StringRef text) {
  llvm::Expected<json::Value> value = parsePlanJSON(text);
  if (!value)
    return "not JSON: " + llvm::toString(value.takeError());
  llvm::Expected<plan::RuntimePlan> typed =
      plan::read<plan::RuntimePlan>(*value, "$");
  if (typed) {
    ADD_FAILURE() << "read " << text.str();
    return "";
  }
  return llvm::toString(typed.takeError());
}

TEST(PlanRoundTrip, LocatesAValueOfTheWrongType) {
  EXPECT_EQ(readError(R"j({"kernels": [{"file": "a.cpp"}, {"file": "b.cpp"},
      {"file": "c.cpp", "runtime_args": {"(0,0)": ["x"]}}]})j"),
            "$.kernels[2].runtime_args[\"(0,0)\"][0]: expected an integer, "
            "{\"addr\"|\"accessor\": <buffer>} or {\"noc_x\"|\"noc_y\": "
            "\"(x,y)\"}.");
  EXPECT_EQ(readError(R"j({"kernels": [{"file": 3}]})j"),
            "$.kernels[0].file: expected string.");
  EXPECT_EQ(readError(R"j({"kernels": [{"kind": "reader"}]})j"),
            "$.kernels[0].file: missing value.");
  EXPECT_EQ(readError(R"j({"buffers": [{"name": "A", "dtype": "bf16",
      "role": "input", "shape": [32, "32"]}]})j"),
            "$.buffers[0].shape[1]: expected integer.");
  EXPECT_EQ(readError(R"j({"work_partition": {"(1,0)": [{"io": true}]}})j"),
            "$.work_partition[\"(1,0)\"][0].io: expected integer.");
  EXPECT_EQ(readError(R"j({"layouts": {"A": {"interleave": "yes"}}})j"),
            "$.layouts.A.interleave: expected boolean.");
  EXPECT_EQ(readError(R"j({"core_ranges": [{"start": {}}]})j"),
            "$.core_ranges[0].start: expected array.");
  EXPECT_EQ(readError(R"j({"kernels": [{"file": "a.cpp",
      "compile_time_args": [{"accessor": ["A"]}]}]})j"),
            "$.kernels[0].compile_time_args[0].accessor: expected string.");
  EXPECT_EQ(readError(R"j({"kernels": [{"file": "a.cpp",
      "defines": {"N": 4}}]})j"),
            "$.kernels[0].defines.N: expected string.");
  EXPECT_EQ(readError("[]"), "$: expected object.");
}

// The validator reports the reader's error as its only one, and the rules
// on the values (here, two of them) all at once.
TEST(PlanRoundTrip, TheValidatorReportsTheReadersError) {
  plan::RuntimePlan p = everyField();
  json::Value value = plan::toJSON(p);
  (*(*value.getAsObject()->getArray("kernels"))[1].getAsObject())["noc"] = "1";
  EXPECT_THAT(validateRuntimePlan(value),
              ElementsAre("$.kernels[1].noc: expected integer."));
  p.kernels->at(0).noc = 2;
  (*p.buffers)[1].role = "scratch";
  EXPECT_THAT(validateRuntimePlan(p),
              ElementsAre("$.buffers[1].role: unknown role 'scratch'; "
                          "expected input, output, inout or unused.",
                          "$.kernels[0].noc: noc must be 0 or 1."));
}

} // namespace
