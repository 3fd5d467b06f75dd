//===- RuntimePlanTest.cpp - Unit tests for validateRuntimePlan -----------===//
//
// Each rejection the validator promises (IR_CONTRACTS.md, "tt.plan.json") is
// asserted by its message, and plans in tilett's and in the original
// TileLang-TT backend's shape must pass.
//
//===----------------------------------------------------------------------===//

#include "tilett/Target/Metalium/RuntimePlan.h"
#include "tilett/Dialect/TT/IR/TTAttrs.h"
#include "tilett/Target/Metalium/PlanJSON.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace mlir::tilett;
namespace json = llvm::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Contains;

namespace {

/// A complete tilett plan, as in IR_CONTRACTS.md.
constexpr const char *kTilettPlan = R"json({
  "schema_version": 1,
  "backend_version": "0.1.0",
  "kernel": "matmul",
  "arch": "wormhole_b0",
  "core_grid": [8, 8],
  "core_ranges": [{"start": [0, 0], "extent": [4, 2]}],
  "work_partition": {"(0,0)": [{"io": 0, "jo": 0, "len_k": 8,
                                "tile_order": "row_major", "len_m": 2,
                                "len_n": 2}]},
  "layouts": {"A": {"shard": "DRAM", "interleave": true,
                    "tile_id_order": "row_major"}},
  "buffers": [
    {"name": "A", "arg_index": 0, "role": "input", "dtype": "bf16",
     "shape": [256, 256], "padded_shape": [256, 256], "tile": [32, 32],
     "page_size": 2048, "num_pages": 64, "memory": "dram",
     "layout": "interleaved", "tile_id_order": "row_major"},
    {"name": "B", "arg_index": 1, "role": "input", "dtype": "bf16",
     "shape": [256, 256], "padded_shape": [256, 256], "tile": [32, 32],
     "page_size": 2048, "num_pages": 64, "memory": "dram",
     "layout": "interleaved", "tile_id_order": "row_major"},
    {"name": "C", "arg_index": 2, "role": "output", "dtype": "bf16",
     "shape": [256, 256], "padded_shape": [256, 256], "tile": [32, 32],
     "page_size": 2048, "num_pages": 64, "memory": "dram",
     "layout": "interleaved", "tile_id_order": "row_major"}],
  "circular_buffers": [{"index": 0, "dtype": "bf16", "page_size": 2048,
                        "num_pages": 6, "buffer": "A_shared"}],
  "kernels": [
    {"kind": "reader", "file": "reader.cpp", "processor": "riscv_1", "noc": 1,
     "compile_time_args": [{"accessor": "A"}, {"accessor": "B"}],
     "defines": {},
     "runtime_args": {"(0,0)": [{"addr": "A"}, {"addr": "B"}, 1, 0, 0]}},
    {"kind": "compute", "file": "compute.cpp", "processor": "compute",
     "math_fidelity": "HiFi4", "fp32_dest_acc_en": true,
     "math_approx_mode": false, "compile_time_args": [], "defines": {},
     "runtime_args": {"(0,0)": [1, 0, 0]}},
    {"kind": "writer", "file": "writer.cpp", "processor": "riscv_0", "noc": 0,
     "compile_time_args": [{"accessor": "C"}], "defines": {},
     "runtime_args": {"(0,0)": [{"addr": "C"}, 1, 0, 0]}}
  ]
})json";

/// A plan as the original backend's emit_tt_plan writes it: plan_dict()
/// (core_grid, core_ranges, work_partition of WorkItem.to_json(), layouts as
/// the user wrote them) plus schema_version and backend_version. WorkItem
/// drops len_k and tile_order when they are None, and its core keys are
/// "(cx,cy)".
constexpr const char *kOriginalBackendPlan = R"json({
  "core_grid": [8, 8],
  "core_ranges": [
    {"start": [0, 0], "extent": [8, 4]},
    {"start": [0, 4], "extent": [2, 1]}
  ],
  "work_partition": {
    "(0,0)": [{"io": 0, "jo": 0, "len_k": 8, "tile_order": "row_major"},
              {"io": 0, "jo": 1, "len_k": 8, "tile_order": "row_major"}],
    "(1,0)": [{"io": 0, "jo": 2}],
    "(1,4)": [{"io": 7, "jo": 7, "len_k": null, "tile_order": "match_shard"}]
  },
  "layouts": {
    "A": {"shard": "DRAM", "interleave": true, "tile_id_order": "row_major"},
    "B": {"shard": "L1", "interleave": false,
          "tile_id_order": "match_shard"},
    "C": {}
  },
  "schema_version": 1,
  "backend_version": "0.1.0"
})json";

json::Value parse(llvm::StringRef text) {
  llvm::Expected<json::Value> value = parsePlanJSON(text);
  if (!value) {
    ADD_FAILURE() << "fixture is not JSON: " << llvm::toString(value.takeError());
    return json::Value(nullptr);
  }
  return std::move(*value);
}

/// The plan of `text`, editable.
json::Object planOf(llvm::StringRef text) {
  json::Value value = parse(text);
  json::Object *object = value.getAsObject();
  return object ? std::move(*object) : json::Object();
}

std::vector<std::string> errorsOf(json::Object plan) {
  return validateRuntimePlan(json::Value(std::move(plan)));
}

json::Object &kernel(json::Object &plan, size_t index) {
  return *(*plan.getArray("kernels"))[index].getAsObject();
}

TEST(RuntimePlanValidate, TilettPlanPasses) {
  EXPECT_THAT(errorsOf(planOf(kTilettPlan)), IsEmpty());
}

TEST(RuntimePlanValidate, OriginalBackendPlanPasses) {
  EXPECT_THAT(errorsOf(planOf(kOriginalBackendPlan)), IsEmpty());
}

TEST(RuntimePlanValidate, OriginalBackendMinimalPlanPasses) {
  // The original's own schema test: empty work and layouts are valid.
  EXPECT_THAT(errorsOf(planOf(R"json({"schema_version": 1,
      "backend_version": "0.0.0", "core_grid": [2, 3],
      "core_ranges": [{"start": [0, 0], "extent": [2, 3]}],
      "work_partition": {}, "layouts": {}})json")),
              IsEmpty());
}

TEST(RuntimePlanValidate, RejectsANonObject) {
  EXPECT_THAT(validateRuntimePlan(parse("[1, 2]")),
              ElementsAre("$: the plan must be a JSON object."));
}

TEST(RuntimePlanValidate, RejectsEachMissingRequiredField) {
  for (const char *field : {"schema_version", "core_grid", "core_ranges",
                            "work_partition", "layouts"}) {
    json::Object plan = planOf(kOriginalBackendPlan);
    plan.erase(field);
    EXPECT_THAT(errorsOf(std::move(plan)),
                ElementsAre(std::string("$.") + field +
                            ": missing required field " + field + "."))
        << "without " << field;
  }
}

TEST(RuntimePlanValidate, RejectsBadVersions) {
  json::Object plan = planOf(kTilettPlan);
  plan["schema_version"] = 0;
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.schema_version: schema_version must be at least "
                          "1."));
  // A mistyped field is the reader's error; the rest is still checked.
  plan = planOf(kTilettPlan);
  plan["schema_version"] = 0;
  plan["backend_version"] = 1;
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.backend_version: expected string.",
                          "$.schema_version: schema_version must be at least "
                          "1."));
  plan = planOf(kTilettPlan);
  plan["schema_version"] = 2;
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.schema_version: schema_version 2 is newer than "
                          "this tilett reads (1)."));
}

// A value of the wrong JSON type is reported by the typed reader, at the
// value's own path, once: its top-level field is left unread, and not also
// reported missing.
TEST(RuntimePlanValidate, ReportsAMistypedFieldAtItsPath) {
  auto errorsWith = [](llvm::function_ref<void(json::Object &)> edit) {
    json::Object plan = planOf(kTilettPlan);
    edit(plan);
    return errorsOf(std::move(plan));
  };
  EXPECT_THAT(errorsWith([](json::Object &p) { p["backend_version"] = 1; }),
              ElementsAre("$.backend_version: expected string."));
  EXPECT_THAT(errorsWith([](json::Object &p) { p["schema_version"] = "1"; }),
              ElementsAre("$.schema_version: expected integer."));
  EXPECT_THAT(errorsWith([](json::Object &p) { p["layouts"] = 3; }),
              ElementsAre("$.layouts: expected object."));
  EXPECT_THAT(errorsWith([](json::Object &p) {
                kernel(p, 2)["runtime_args"] = json::Object{
                    {"(0,0)", json::Array{json::Object{{"addr", "C"}}, "1"}}};
              }),
              ElementsAre("$.kernels[2].runtime_args[\"(0,0)\"][1]: expected "
                          "an integer, {\"addr\"|\"accessor\": <buffer>} or "
                          "{\"noc_x\"|\"noc_y\": \"(x,y)\"}."));
  EXPECT_THAT(errorsWith([](json::Object &p) {
                (*(*p.getArray("buffers"))[1].getAsObject())["shape"] =
                    json::Array{256, 2.5};
              }),
              ElementsAre("$.buffers[1].shape[1]: expected integer."));
}

TEST(RuntimePlanValidate, RejectsACoreGridThatIsNotTwoIntegers) {
  for (json::Value grid :
       {json::Value(json::Array{8}), json::Value(json::Array{8, 8, 1}),
        json::Value(json::Array{})}) {
    json::Object plan = planOf(kOriginalBackendPlan);
    plan["core_grid"] = grid;
    std::vector<std::string> errors = errorsOf(std::move(plan));
    EXPECT_THAT(errors, Contains("$.core_grid: core_grid must be a list of 2 "
                                 "integers."))
        << "core_grid " << llvm::formatv("{0}", grid).str();
  }
  // Not integers at all: the typed reader's error, at the element.
  for (json::Value grid :
       {json::Value(json::Array{8, "8"}), json::Value(json::Array{8, 2.5})}) {
    json::Object plan = planOf(kOriginalBackendPlan);
    plan["core_grid"] = grid;
    EXPECT_THAT(errorsOf(std::move(plan)),
                ElementsAre("$.core_grid[1]: expected integer."))
        << "core_grid " << llvm::formatv("{0}", grid).str();
  }
  json::Object plan = planOf(kOriginalBackendPlan);
  plan["core_grid"] = "8x8";
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.core_grid: expected array."));
}

TEST(RuntimePlanValidate, RejectsARangeWithoutStartOrExtent) {
  for (const char *missing : {"start", "extent"}) {
    json::Object plan = planOf(kOriginalBackendPlan);
    json::Object *range =
        (*plan.getArray("core_ranges"))[1].getAsObject();
    range->erase(missing);
    EXPECT_THAT(errorsOf(std::move(plan)),
                ElementsAre("$.core_ranges[1]: a core range needs both start "
                            "and extent."))
        << "without " << missing;
  }
}

TEST(RuntimePlanValidate, RejectsARangeWithANegativeStart) {
  json::Object plan = planOf(kOriginalBackendPlan);
  (*(*plan.getArray("core_ranges"))[0].getAsObject())["start"] =
      json::Array{-1, 0};
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.core_ranges[0].start: the core range has a "
                          "negative start."));
}

TEST(RuntimePlanValidate, RejectsARangePastTheGrid) {
  json::Object plan = planOf(kOriginalBackendPlan);
  // Starts inside the 8x8 grid, ends one core past it in x.
  (*(*plan.getArray("core_ranges"))[1].getAsObject())["start"] =
      json::Array{7, 4};
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.core_ranges[1]: the core range exceeds the core "
                          "grid bounds."));
}

TEST(RuntimePlanValidate, RejectsARangeWithAnEmptyExtent) {
  json::Object plan = planOf(kOriginalBackendPlan);
  (*(*plan.getArray("core_ranges"))[0].getAsObject())["extent"] =
      json::Array{0, 4};
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.core_ranges[0].extent: the core range extent "
                          "must be positive."));
}

TEST(RuntimePlanValidate, RejectsAWorkPartitionKeyNotXY) {
  for (const char *key : {"0,0", "(0;0)", "core0", "(a,b)", "(-1,0)", "()"}) {
    json::Object plan = planOf(kOriginalBackendPlan);
    plan.getObject("work_partition")->try_emplace(key, json::Array{});
    EXPECT_THAT(errorsOf(std::move(plan)),
                ElementsAre(std::string("$.work_partition[\"") + key +
                            "\"]: invalid work_partition key format: \"" +
                            key + "\" is not of the form \"(x,y)\"."))
        << "key " << key;
  }
}

TEST(RuntimePlanValidate, RejectsACoreOutsideTheGrid) {
  json::Object plan = planOf(kOriginalBackendPlan);
  plan.getObject("work_partition")->try_emplace("(8,0)", json::Array{});
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.work_partition[\"(8,0)\"]: the core lies outside "
                          "the core grid."));
}

TEST(RuntimePlanValidate, RejectsMalformedWorkItems) {
  json::Object plan = planOf(kOriginalBackendPlan);
  (*plan.getObject("work_partition"))["(1,0)"] =
      json::Array{json::Object{{"jo", 0}}, json::Object{{"io", 0}, {"jo", -1}},
                  json::Object{{"io", 0}, {"jo", 0}, {"len_k", -8}}};
  EXPECT_THAT(
      errorsOf(std::move(plan)),
      ElementsAre(
          "$.work_partition[\"(1,0)\"][0]: a work item needs an integer io.",
          "$.work_partition[\"(1,0)\"][1].jo: jo must be non-negative.",
          "$.work_partition[\"(1,0)\"][2].len_k: len_k must be "
          "non-negative."));
  // Values of the wrong type: the typed reader's error at the field.
  for (auto [item, error] :
       {std::pair(
            json::Value(json::Object{{"io", 0}, {"jo", 0}, {"len_k", "8"}}),
            "[0].len_k: expected integer."),
        std::pair(
            json::Value(json::Object{{"io", 0}, {"jo", 0}, {"tile_order", 3}}),
            "[0].tile_order: expected string."),
        std::pair(json::Value(5), "[0]: expected object.")}) {
    json::Object plan = planOf(kOriginalBackendPlan);
    (*plan.getObject("work_partition"))["(1,0)"] = json::Array{item};
    EXPECT_THAT(
        errorsOf(std::move(plan)),
        ElementsAre(std::string("$.work_partition[\"(1,0)\"]") + error));
  }
}

TEST(RuntimePlanValidate, RejectsAnUnknownKernelKind) {
  json::Object plan = planOf(kTilettPlan);
  kernel(plan, 1)["kind"] = "math";
  kernel(plan, 2).erase("kind");
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.kernels[1].kind: unknown kernel kind 'math'; "
                          "expected reader, compute or writer.",
                          "$.kernels[2].kind: unknown kernel kind "
                          "'<missing>'; expected reader, compute or writer."));
}

TEST(RuntimePlanValidate, RejectsMoreThan256RuntimeArgs) {
  auto withArgs = [](size_t count) {
    json::Object plan = planOf(kTilettPlan);
    json::Array args;
    for (size_t i = 0; i < count; ++i)
      args.push_back(static_cast<int64_t>(i));
    (*kernel(plan, 1).getObject("runtime_args"))["(0,0)"] = std::move(args);
    return errorsOf(std::move(plan));
  };
  EXPECT_THAT(withArgs(tt::kMaxRuntimeArgs), IsEmpty());
  EXPECT_THAT(withArgs(tt::kMaxRuntimeArgs + 1),
              ElementsAre("$.kernels[1].runtime_args[\"(0,0)\"]: the kernel "
                          "has 257 runtime arguments on this core but at most "
                          "256 are allowed."));
}

TEST(RuntimePlanValidate, RejectsARuntimeArgsKeyNotXY) {
  json::Object plan = planOf(kTilettPlan);
  (*kernel(plan, 1).getObject("runtime_args"))["core1"] = json::Array{1};
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.kernels[1].runtime_args[\"core1\"]: invalid "
                          "runtime_args key format: \"core1\" is not of the "
                          "form \"(x,y)\"."));
}

TEST(RuntimePlanValidate, RejectsAnAddrNamingAnUnknownBuffer) {
  json::Object plan = planOf(kTilettPlan);
  (*kernel(plan, 2).getObject("runtime_args"))["(0,0)"] =
      json::Array{json::Object{{"addr", "D"}}, 1, 0, 0};
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.kernels[2].runtime_args[\"(0,0)\"][0]: the "
                          "argument names unknown buffer 'D'."));
}

TEST(RuntimePlanValidate, RejectsAnAccessorNamingAnUnknownBuffer) {
  json::Object plan = planOf(kTilettPlan);
  kernel(plan, 0)["compile_time_args"] =
      json::Array{json::Object{{"accessor", "A"}},
                  json::Object{{"accessor", "Z"}}, json::Object{{"addr", "A"}}};
  EXPECT_THAT(
      errorsOf(std::move(plan)),
      ElementsAre("$.kernels[0].compile_time_args[1]: the argument names "
                  "unknown buffer 'Z'.",
                  "$.kernels[0].compile_time_args[2]: the \"accessor\" "
                  "argument must name a buffer."));
  plan = planOf(kTilettPlan);
  kernel(plan, 0)["compile_time_args"] =
      json::Array{json::Object{{"accessor", 3}}};
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.kernels[0].compile_time_args[0].accessor: "
                          "expected string."));
}

TEST(RuntimePlanValidate, ReportsMistypedFieldsWithTheOtherErrors) {
  json::Object plan = planOf(kTilettPlan);
  plan["core_grid"] = "8x8";
  plan["layouts"] = json::Array{};
  (*(*plan.getArray("buffers"))[1].getAsObject())["page_size"] = "2048";
  kernel(plan, 0)["kind"] = "dma";
  kernel(plan, 2)["noc"] = 3;
  // core_grid, layouts and buffers are unread: neither reported missing nor
  // checked further (the kernels' buffer names included).
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.core_grid: expected array.",
                          "$.layouts: expected object.",
                          "$.buffers[1].page_size: expected integer.",
                          "$.kernels[0].kind: unknown kernel kind 'dma'; "
                          "expected reader, compute or writer.",
                          "$.kernels[2].noc: noc must be 0 or 1."));
}

TEST(RuntimePlanValidate, ReportsEveryErrorAtOnce) {
  json::Object plan = planOf(kTilettPlan);
  plan["core_grid"] = json::Array{8};
  plan.erase("layouts");
  kernel(plan, 0)["kind"] = "dma";
  std::vector<std::string> errors = errorsOf(std::move(plan));
  EXPECT_EQ(errors.size(), 3u);
  EXPECT_THAT(errors, Contains(HasSubstr("missing required field layouts")));
  EXPECT_THAT(errors, Contains(HasSubstr("core_grid must be a list")));
  EXPECT_THAT(errors, Contains(HasSubstr("unknown kernel kind 'dma'")));
}

TEST(RuntimePlanValidate, ReportsADuplicateBufferAsADuplicate) {
  json::Object plan = planOf(kTilettPlan);
  json::Array *buffers = plan.getArray("buffers");
  json::Value copy = (*buffers)[0];
  (*copy.getAsObject())["arg_index"] = 3;
  buffers->push_back(std::move(copy));
  EXPECT_THAT(errorsOf(std::move(plan)),
              ElementsAre("$.buffers[3].name: duplicate buffer name 'A' "
                          "(also $.buffers[0])."));
}

TEST(RuntimePlanValidate, OriginalBackendPlansNeedNoRunnablePart) {
  // Either none of buffers, circular_buffers and kernels, or all three.
  json::Object plan = planOf(kOriginalBackendPlan);
  plan["circular_buffers"] = json::Array{};
  std::vector<std::string> errors = errorsOf(std::move(plan));
  EXPECT_THAT(errors, ElementsAre(HasSubstr("$.buffers: missing required "
                                            "field buffers"),
                                  HasSubstr("$.kernels: missing required "
                                            "field kernels")));
}

TEST(RuntimePlanValidate, StopsAfterAHundredErrors) {
  json::Object plan = planOf(kTilettPlan);
  json::Array args;
  for (int i = 0; i < 200; ++i)
    args.push_back(-1);
  (*kernel(plan, 1).getObject("runtime_args"))["(0,0)"] = std::move(args);
  std::vector<std::string> errors = errorsOf(std::move(plan));
  ASSERT_EQ(errors.size(), 101u);
  EXPECT_EQ(errors.back(), "$: more than 100 errors; the rest are not "
                           "reported.");
}

TEST(PlanJSON, RejectsNestingPastTheLimit) {
  auto nested = [](unsigned depth) {
    return std::string(depth, '[') + std::string(depth, ']');
  };
  EXPECT_TRUE(bool(parsePlanJSON(nested(kMaxPlanDepth))));
  llvm::Expected<json::Value> deep = parsePlanJSON(nested(50000));
  ASSERT_FALSE(bool(deep));
  EXPECT_THAT(llvm::toString(deep.takeError()),
              HasSubstr("deeper than 128 levels (line 1, column 129)"));
}

TEST(PlanJSON, RejectsADuplicateKeyWithItsPath) {
  // Keys compare decoded: "\u006b" is "k".
  llvm::Expected<json::Value> plan =
      parsePlanJSON("{\"a\": [{\"k\": 1,\n  \"\\u006b\": 2}]}");
  ASSERT_FALSE(bool(plan));
  EXPECT_EQ(llvm::toString(plan.takeError()),
            "$.a[0].k: duplicate key \"k\" (line 2, column 3; first at "
            "line 1, column 9)");
  // Equal keys in different objects, and brackets inside strings, are fine.
  EXPECT_TRUE(bool(parsePlanJSON(
      "{\"a\": {\"k\": \"[{\"}, \"b\": {\"k\": \"\\\"\"}}")));
}

TEST(PlanJSON, ReportsSyntaxErrorsAsNotJSON) {
  llvm::Expected<json::Value> plan = parsePlanJSON("{\"a\": [1, 2");
  ASSERT_FALSE(bool(plan));
  EXPECT_THAT(llvm::toString(plan.takeError()), HasSubstr("not JSON: "));
}

} // namespace
