//===- PlanSchemaTest.cpp - Core keys, the typed plan reader, host layout -===//
//
// plan::parseCoreKey is the one "(x,y)" rule; readRunnablePlan the one way
// to read a plan for running it (what host.cpp and `tilett run` execute);
// the host library's layout maps logical elements to tile positions.
//
//===----------------------------------------------------------------------===//

#include "tilett/Target/Metalium/PlanSchema.h"
#include "tilett/Dialect/TT/IR/TTAttrs.h"
#include "tilett/Host/HostPlan.h"
#include "tilett/Target/Metalium/PlanJSON.h"
#include "tilett/Target/Metalium/RuntimePlan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace mlir::tilett;
namespace json = llvm::json;
namespace host = ::tilett_host;

namespace {

std::string coreKeyError(llvm::StringRef key) {
  auto core = plan::parseCoreKey(key);
  if (core) {
    ADD_FAILURE() << "accepted '" << key.str() << "'";
    return "";
  }
  return llvm::toString(core.takeError());
}

TEST(CoreKey, AcceptsSpacesAroundTheKeyAndEachCoordinate) {
  for (const char *key : {"(3,7)", " ( 3 , 7 ) ", "(3, 7)", "\t(03,7)\n"}) {
    auto core = plan::parseCoreKey(key);
    ASSERT_TRUE(bool(core)) << key << ": " << llvm::toString(core.takeError());
    EXPECT_EQ(*core, std::make_pair(3u, 7u)) << key;
  }
  auto widest = plan::parseCoreKey("(4294967295,0)");
  ASSERT_TRUE(bool(widest)) << llvm::toString(widest.takeError());
  EXPECT_EQ(widest->first, 4294967295u);
}

TEST(CoreKey, SaysWhyAKeyIsMalformed) {
  EXPECT_EQ(coreKeyError("(-1,0)"),
            "core key '(-1,0)': x '-1' is not an unsigned integer");
  EXPECT_EQ(coreKeyError("(0,+2)"),
            "core key '(0,+2)': y '+2' is not an unsigned integer");
  EXPECT_EQ(coreKeyError("(0,4294967296)"),
            "core key '(0,4294967296)': y 4294967296 does not fit 32 bits");
  EXPECT_EQ(coreKeyError("(99999999999999999999,0)"),
            "core key '(99999999999999999999,0)': x 99999999999999999999 "
            "does not fit 32 bits");
  EXPECT_EQ(coreKeyError("3,7)"), "core key '3,7)': expected '(' x ',' y ')' "
                                  "but it does not start with '('");
  EXPECT_EQ(coreKeyError("(3,7"), "core key '(3,7': expected '(' x ',' y ')' "
                                  "but it does not end with ')'");
  EXPECT_EQ(coreKeyError("(3;7)"),
            "core key '(3;7)': expected two coordinates separated by one ','");
  EXPECT_EQ(coreKeyError("(1,2,3)"),
            "core key '(1,2,3)': expected two coordinates separated by one ','");
  EXPECT_EQ(coreKeyError("( ,1)"),
            "core key '( ,1)': x '' is not an unsigned integer");
  EXPECT_EQ(coreKeyError("(1 2,3)"),
            "core key '(1 2,3)': x '1 2' is not an unsigned integer");
}

// The dialect's parser (work_partition keys) is the same rule.
TEST(CoreKey, TheDialectUsesTheSameRule) {
  for (const char *key : {"(3,7)", " ( 3 , 7 ) ", "(-1,0)", "(0,4294967296)",
                          "3,7)", "(3,7", "(3;7)", "(1,2,3)", "(+1,0)"})
    EXPECT_EQ(tt::parseCoreKey(key).has_value(),
              bool(llvm::expectedToOptional(plan::parseCoreKey(key))))
        << key;
  EXPECT_EQ(tt::formatCoreKey(3, 7), plan::formatCoreKey(3, 7));
}

/// A two-core element-wise plan; `edit` changes it before reading.
llvm::Expected<RunnablePlan>
readPlan(llvm::function_ref<void(json::Object &)> edit = {}) {
  llvm::Expected<json::Value> value = parsePlanJSON(R"json({
    "schema_version": 1, "kernel": "add", "arch": "wormhole_b0",
    "core_grid": [2, 1], "work_partition": {}, "layouts": {},
    "core_ranges": [{"start": [0, 0], "extent": [2, 1]}],
    "buffers": [
      {"name": "A", "arg_index": 0, "role": "input", "dtype": "bf16",
       "shape": [40, 72], "padded_shape": [64, 96], "page_size": 2048,
       "num_pages": 6},
      {"name": "C", "arg_index": 1, "role": "output", "dtype": "f32",
       "shape": [40, 72], "padded_shape": [64, 96], "page_size": 4096,
       "num_pages": 6, "memory": "l1"}],
    "circular_buffers": [
      {"index": 0, "dtype": "bf16", "page_size": 2048, "num_pages": 2}],
    "semaphores": [{"id": 0, "initial_value": 0}, {"id": 1, "initial_value": 5}],
    "kernels": [
      {"kind": "reader", "file": "reader.cpp",
       "compile_time_args": [{"accessor": "A"}, 7],
       "runtime_args": {"(1,0)": [{"addr": "A"}, {"noc_x": "(1,0)"}],
                        "(0,0)": [{"addr": "A"}, {"noc_y": "(0,0)"}]}},
      {"kind": "compute", "file": "compute.cpp", "processor": "compute",
       "defines": {"OP": "add"}},
      {"kind": "writer", "file": "writer.cpp",
       "runtime_args": {"(0,0)": [{"addr": "C"}, 3]}}]
  })json");
  if (!value)
    return value.takeError();
  if (edit)
    edit(*value->getAsObject());
  return readRunnablePlan(*value);
}

std::string readError(llvm::function_ref<void(json::Object &)> edit) {
  auto p = readPlan(edit);
  if (p) {
    ADD_FAILURE() << "the plan was accepted";
    return "";
  }
  return llvm::toString(p.takeError());
}

json::Object &kernel(json::Object &plan, size_t i) {
  return *(*plan.getArray("kernels"))[i].getAsObject();
}

TEST(RuntimePlanReader, ResolvesEveryDefault) {
  auto p = readPlan();
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  const host::Plan &h = p->host;
  EXPECT_EQ(p->plan.arch, "wormhole_b0");
  EXPECT_EQ(h.kernel, "add");
  ASSERT_EQ(h.buffers.size(), 2u);
  EXPECT_EQ(h.buffers[1].dtype, host::DType::F32);
  EXPECT_EQ(h.buffers[1].role, host::Role::Output);
  EXPECT_TRUE(h.buffers[1].l1);
  EXPECT_FALSE(h.buffers[0].l1);
  EXPECT_EQ((*p->plan.buffers)[1].argIndex, 1);
  EXPECT_EQ(h.semaphores, (std::vector<uint32_t>{0, 5}));
  ASSERT_EQ(h.kernels.size(), 3u);
  // Reader and writer: the tt-metal convention, NOC of the processor.
  EXPECT_EQ(h.kernels[0].processor, 1u);
  EXPECT_EQ(h.kernels[0].noc, 1u);
  EXPECT_EQ(h.kernels[2].processor, 0u);
  EXPECT_EQ(h.kernels[2].noc, 0u);
  // Compute: tt-metal's ComputeConfig defaults.
  EXPECT_EQ(h.kernels[1].fidelity, host::Fidelity::HiFi4);
  EXPECT_FALSE(h.kernels[1].fp32DestAccEn);
  EXPECT_FALSE(h.kernels[1].mathApproxMode);
  EXPECT_EQ(h.kernels[1].defines.at("OP"), "add");
  // Arguments, with runtime arguments listed core by core in grid order.
  const host::Kernel &reader = h.kernels[0];
  ASSERT_EQ(reader.compileArgs.size(), 2u);
  EXPECT_EQ(reader.compileArgs[0].kind, host::Arg::Kind::Accessor);
  EXPECT_EQ(reader.compileArgs[0].buffer, "A");
  EXPECT_EQ(reader.compileArgs[1].value, 7u);
  ASSERT_EQ(reader.runtimeArgs.size(), 2u);
  EXPECT_EQ(reader.runtimeArgs[0].x, 0u);
  EXPECT_EQ(reader.runtimeArgs[1].x, 1u);
  EXPECT_EQ(reader.runtimeArgs[1].args[1].kind, host::Arg::Kind::NocX);
  EXPECT_EQ(reader.runtimeArgs[1].args[1].x, 1u);
  EXPECT_EQ(reader.runtimeArgs[0].args[1].kind, host::Arg::Kind::NocY);
}

TEST(RuntimePlanReader, ReportsTheFieldOfABadValue) {
  EXPECT_EQ(readError([](json::Object &p) {
              (*(*p.getArray("buffers"))[0].getAsObject())["dtype"] = "f64";
            }),
            "$.buffers[0].dtype: unknown dtype 'f64'; expected bf16, f16, "
            "f32 or i32.");
  EXPECT_EQ(readError([](json::Object &p) {
              (*(*p.getArray("buffers"))[0].getAsObject())["shape"] =
                  json::Array{40, -72};
            }),
            "$.buffers[0].shape[1]: a dimension must be positive but is "
            "-72.");
  EXPECT_EQ(readError([](json::Object &p) {
              (*(*p.getArray("circular_buffers"))[0].getAsObject())["index"] =
                  32;
            }),
            "$.circular_buffers[0].index: circular buffer index 32 is not in "
            "0..31.");
  EXPECT_EQ(readError([](json::Object &p) { kernel(p, 0)["noc"] = 2; }),
            "$.kernels[0].noc: noc must be 0 or 1.");
  EXPECT_EQ(readError([](json::Object &p) {
              kernel(p, 1)["math_fidelity"] = "HiFi5";
            }),
            "$.kernels[1].math_fidelity: unknown math_fidelity 'HiFi5'; "
            "expected LoFi, HiFi2, HiFi3 or HiFi4.");
  EXPECT_EQ(readError([](json::Object &p) {
              (*(*p.getArray("semaphores"))[1].getAsObject())["id"] = 3;
            }),
            "$.semaphores[1].id: semaphore ids are their creation order: "
            "expected 1 but got 3.");
  EXPECT_EQ(readError([](json::Object &p) { p.erase("kernels"); }),
            "$.kernels: missing required field kernels (a plan with any of "
            "buffers, circular_buffers and kernels needs all three).");
  // A schedule-only plan (the original backend's) is valid but not runnable.
  EXPECT_EQ(readError([](json::Object &p) {
              p.erase("kernels");
              p.erase("buffers");
              p.erase("circular_buffers");
            }),
            "$.buffers: missing value.");
}

TEST(RuntimePlanReader, ChecksArgumentsByPosition) {
  EXPECT_EQ(readError([](json::Object &p) {
              kernel(p, 0)["compile_time_args"] =
                  json::Array{json::Object{{"addr", "A"}}};
            }),
            "$.kernels[0].compile_time_args[0]: the \"accessor\" argument "
            "must name a buffer.");
  EXPECT_EQ(readError([](json::Object &p) {
              kernel(p, 2)["runtime_args"] = json::Object{
                  {"(0,0)", json::Array{json::Object{{"accessor", "C"}}}}};
            }),
            "$.kernels[2].runtime_args[\"(0,0)\"][0]: the \"addr\" argument "
            "must name a buffer.");
  EXPECT_EQ(readError([](json::Object &p) {
              kernel(p, 2)["runtime_args"] =
                  json::Object{{"(0,0)", json::Array{-1}}};
            }),
            "$.kernels[2].runtime_args[\"(0,0)\"][0]: an argument word must "
            "be in 0..4294967295 but is -1.");
  EXPECT_EQ(readError([](json::Object &p) {
              kernel(p, 2)["runtime_args"] = json::Object{
                  {"(0,0)", json::Array{json::Object{{"addr", "Z"}}}}};
            }),
            "$.kernels[2].runtime_args[\"(0,0)\"][0]: the argument names "
            "unknown buffer 'Z'.");
  EXPECT_EQ(readError([](json::Object &p) {
              kernel(p, 2)["runtime_args"] =
                  json::Object{{"(-1,0)", json::Array{}}};
            }),
            "$.kernels[2].runtime_args[\"(-1,0)\"]: invalid runtime_args key "
            "format: \"(-1,0)\" is not of the form \"(x,y)\".");
  EXPECT_EQ(readError([](json::Object &p) {
              kernel(p, 0)["file"] = "../reader.cpp";
            }),
            "$.kernels[0].file: the kernel file '../reader.cpp' leaves the "
            "plan's directory.");
}

/// The tile position of element (batch, r, c) by the device's layout rule,
/// written out independently of forEachElement: tiles row-major over the
/// padded matrix, each 32x32 tile four 16x16 faces (0 1 / 2 3), row-major.
uint64_t tilePosition(uint64_t batch, uint64_t r, uint64_t c, uint64_t rows,
                      uint64_t cols) {
  uint64_t tile = batch * (rows / 32) * (cols / 32) + (r / 32) * (cols / 32) +
                  c / 32;
  uint64_t fr = r % 32, fc = c % 32;
  uint64_t face = (fr < 16 ? 0 : 2) + (fc < 16 ? 0 : 1);
  return tile * 1024 + face * 256 + (fr % 16) * 16 + fc % 16;
}

TEST(HostLayout, PlacesElementsOfPaddedBatchedBuffers) {
  host::Buffer b;
  b.name = "X";
  b.shape = {2, 3, 40, 33};
  b.paddedShape = {2, 4, 64, 64};
  ASSERT_EQ(host::checkLayout(b), "");
  std::vector<uint64_t> positions;
  host::forEachElement(b, [&](uint64_t logical, uint64_t tiled) {
    EXPECT_EQ(logical, positions.size());
    positions.push_back(tiled);
  });
  ASSERT_EQ(positions.size(), 2u * 3 * 40 * 33);
  size_t i = 0;
  for (uint64_t n0 = 0; n0 < 2; ++n0)
    for (uint64_t n1 = 0; n1 < 3; ++n1)
      for (uint64_t r = 0; r < 40; ++r)
        for (uint64_t c = 0; c < 33; ++c, ++i)
          ASSERT_EQ(positions[i], tilePosition(n0 * 4 + n1, r, c, 64, 64))
              << n0 << " " << n1 << " " << r << " " << c;
}

TEST(HostLayout, ARankOneBufferIsAColumn) {
  host::Buffer b;
  b.name = "v";
  b.dtype = host::DType::I32;
  b.shape = {40};
  b.paddedShape = {64};
  ASSERT_EQ(host::checkLayout(b), "");
  std::vector<uint8_t> logical(40 * 4);
  for (size_t i = 0; i < logical.size(); ++i)
    logical[i] = uint8_t(i + 1);
  std::vector<uint8_t> tiled = host::tilize(b, logical.data());
  ASSERT_EQ(tiled.size(), 2u * 1024 * 4);
  for (uint64_t r = 0; r < 40; ++r)
    EXPECT_EQ(tiled[tilePosition(0, r, 0, 64, 32) * 4], uint8_t(r * 4 + 1));
  EXPECT_EQ(host::untilize(b, tiled), logical);
}

TEST(HostLayout, RejectsWhatTheHostCannotLayOut) {
  host::Buffer b;
  b.name = "X";
  b.shape = {40, 72};
  b.paddedShape = {64, 80};
  EXPECT_EQ(host::checkLayout(b), "buffer 'X': expected a padded shape of "
                                  "whole 32x32 tiles but got 64x80");
  b.paddedShape = {64, 96};
  b.numPages = 5;
  EXPECT_EQ(host::checkLayout(b), "buffer 'X': expected num_pages = 6 (one "
                                  "tile per page) but got 5");
  b.numPages = 6;
  b.pageSize = 4096;
  EXPECT_EQ(host::checkLayout(b), "buffer 'X': expected page_size 2048 (one "
                                  "bf16 tile) but got 4096");
}

TEST(DTypeTable, IsIndexedByDType) {
  for (const host::DTypeInfo &d : host::kDTypes) {
    EXPECT_EQ(&host::info(d.dtype), &d);
    EXPECT_EQ(host::findDType(d.name), &d);
  }
  EXPECT_EQ(host::findDType("f64"), nullptr);
  EXPECT_EQ(host::info(host::DType::BF16).bytes, 2u);
  EXPECT_EQ(host::info(host::DType::I32).bytes, 4u);
}

} // namespace
