//===- RuntimePlanFuzzTest.cpp - Mutated plans through the validator -----===//
//
// A fixed-seed fuzz run in CI: valid plans (tilett's, the original
// backend's) are mutated the way a hostile or careless user would — keys
// deleted, numbers made negative, huge, zero or strings, entries duplicated,
// values nested, text truncated or given repeated keys — and each is parsed
// with parsePlanJSON and validated in-process. No mutation may crash; every
// rejection must carry a JSON path; and every plan the validator accepts
// that has kernels must be one the host emitter can turn into a program.
//
//===----------------------------------------------------------------------===//

#include "tilett/Target/Metalium/HostEmitter.h"
#include "tilett/Target/Metalium/PlanJSON.h"
#include "tilett/Target/Metalium/RuntimePlan.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

#include <random>
#include <string>
#include <vector>

using namespace mlir::tilett;
namespace json = llvm::json;

namespace {

constexpr const char *kTilettPlan = R"json({
  "schema_version": 1, "backend_version": "0.1.0", "kernel": "matmul",
  "arch": "wormhole_b0", "core_grid": [8, 8],
  "core_ranges": [{"start": [0, 0], "extent": [2, 1]}],
  "work_partition": {
    "(0,0)": [{"io": 0, "jo": 0, "len_k": 2, "tile_order": "row_major",
               "len_m": 1, "len_n": 1}],
    "(1,0)": [{"io": 0, "jo": 1, "len_k": 2, "tile_order": "row_major",
               "len_m": 1, "len_n": 1}]},
  "layouts": {"A": {"shard": "DRAM", "interleave": true,
                    "tile_id_order": "row_major"}},
  "buffers": [
    {"name": "A", "arg_index": 0, "role": "input", "dtype": "bf16",
     "shape": [32, 64], "padded_shape": [32, 64], "tile": [32, 32],
     "page_size": 2048, "num_pages": 2, "memory": "dram",
     "layout": "interleaved", "tile_id_order": "row_major"},
    {"name": "C", "arg_index": 1, "role": "output", "dtype": "f32",
     "shape": [30, 64], "padded_shape": [32, 64], "tile": [32, 32],
     "page_size": 4096, "num_pages": 2, "memory": "dram",
     "layout": "interleaved", "tile_id_order": "row_major"}],
  "circular_buffers": [
    {"index": 0, "dtype": "bf16", "page_size": 2048, "num_pages": 2,
     "buffer": "A_shared"},
    {"index": 16, "dtype": "f32", "page_size": 4096, "num_pages": 1,
     "buffer": "C_local"}],
  "kernels": [
    {"kind": "reader", "file": "reader.cpp", "processor": "riscv_1", "noc": 1,
     "compile_time_args": [{"accessor": "A"}], "defines": {},
     "runtime_args": {"(0,0)": [{"addr": "A"}, 1, 0, 0],
                      "(1,0)": [{"addr": "A"}, 1, 1, 0]}},
    {"kind": "compute", "file": "compute.cpp", "processor": "compute",
     "math_fidelity": "HiFi4", "fp32_dest_acc_en": true,
     "math_approx_mode": false, "compile_time_args": [7], "defines": {},
     "runtime_args": {"(0,0)": [1, 0, 0], "(1,0)": [1, 1, 0]}},
    {"kind": "writer", "file": "kernels/writer.cpp", "processor": "riscv_0",
     "noc": 0, "compile_time_args": [{"accessor": "C"}], "defines": {"X": "1"},
     "runtime_args": {"(0,0)": [{"addr": "C"}, 1, 0, 0],
                      "(1,0)": [{"addr": "C"}, 1, 1, 0]}}]
})json";

/// The original backend's emit_tt_plan output (no runnable part).
constexpr const char *kOriginalBackendPlan = R"json({
  "core_grid": [8, 8],
  "core_ranges": [{"start": [0, 0], "extent": [8, 4]},
                  {"start": [0, 4], "extent": [2, 1]}],
  "work_partition": {
    "(0,0)": [{"io": 0, "jo": 0, "len_k": 8, "tile_order": "row_major"}],
    "(1,4)": [{"io": 7, "jo": 7, "len_k": null, "tile_order": "match_shard"}]},
  "layouts": {"A": {"shard": "DRAM", "interleave": true,
                    "tile_id_order": "row_major"}, "C": {}},
  "schema_version": 1, "backend_version": "0.1.0"
})json";

/// Counts of one fuzz run.
struct FuzzCounts {
  unsigned attempts = 0, valid = 0, rejected = 0, unparsable = 0;
};

class PlanMutator {
public:
  explicit PlanMutator(uint32_t seed) : rng(seed) {}

  /// A mutation of `plan` as text.
  std::string mutate(const json::Value &plan) {
    json::Value copy = plan;
    unsigned edits = 1 + pick(3);
    for (unsigned i = 0; i < edits; ++i)
      mutateValue(copy);
    std::string text = llvm::formatv("{0:2}", copy).str();
    switch (pick(8)) {
    case 0: // a torn write
      return text.substr(0, pick(text.size()));
    case 1: { // a key repeated in its object
      size_t brace = text.find('{', pick(text.size()));
      if (brace != std::string::npos) {
        size_t keyEnd = text.find("\":", brace);
        size_t keyStart = text.find('"', brace);
        if (keyEnd != std::string::npos && keyStart < keyEnd)
          text.insert(brace + 1,
                      text.substr(keyStart, keyEnd + 2 - keyStart) + " 0,");
      }
      return text;
    }
    case 2: { // deep nesting around the whole plan
      size_t depth = 100 + pick(200);
      return std::string(depth, '[') + text + std::string(depth, ']');
    }
    default:
      return text;
    }
  }

private:
  unsigned pick(size_t n) {
    return n ? std::uniform_int_distribution<size_t>(0, n - 1)(rng) : 0;
  }

  /// Walks down from `v` to a random descendant (or stops early) and edits.
  void mutateValue(json::Value &v) {
    json::Value *node = &v;
    json::Object *parent = nullptr;
    std::string parentKey;
    json::Array *parentArray = nullptr;
    size_t parentIndex = 0;
    for (unsigned depth = 0; depth < 8 && pick(4) != 0; ++depth) {
      if (json::Object *o = node->getAsObject(); o && !o->empty()) {
        auto it = o->begin();
        std::advance(it, pick(o->size()));
        parent = o;
        parentArray = nullptr;
        parentKey = it->first.str();
        node = &it->second;
      } else if (json::Array *a = node->getAsArray(); a && !a->empty()) {
        parentArray = a;
        parent = nullptr;
        parentIndex = pick(a->size());
        node = &(*a)[parentIndex];
      } else {
        break;
      }
    }
    static const json::Value kReplacements[] = {
        -1,      0,    int64_t(1) << 32, int64_t(1) << 62, INT64_MAX,
        INT64_MIN, 2.5,  "x",              "",               "../../x.cpp",
        "/etc/passwd", "riscv_5", nullptr, true, json::Array{},
        json::Object{}, 40, 1536 * 1024, 99, "(99,99)"};
    switch (pick(6)) {
    case 0: // delete the key or the entry
      if (parent)
        parent->erase(parentKey);
      else if (parentArray)
        parentArray->erase(parentArray->begin() + parentIndex);
      return;
    case 1: // duplicate the entry
      if (json::Value copy = *node; parentArray)
        parentArray->insert(parentArray->begin() + parentIndex,
                            std::move(copy));
      else if (parent)
        (*parent)[parentKey + "_"] = std::move(copy);
      return;
    case 2: // nest it
      *node = json::Array{std::move(*node)};
      return;
    case 3: // a number of the same sign flipped or scaled
      if (std::optional<int64_t> i = node->getAsInteger()) {
        *node = pick(2) ? -*i : *i * 1000003;
        return;
      }
      [[fallthrough]];
    default:
      *node = kReplacements[pick(std::size(kReplacements))];
      return;
    }
  }

  std::mt19937 rng;
};

/// Whether `error` starts with a JSON path: "$", then ".", "[" or ":".
bool hasJsonPath(llvm::StringRef error) {
  return error.starts_with("$") && error.contains(": ") &&
         (error.size() > 1 && llvm::StringRef(".[:").contains(error[1]));
}

TEST(RuntimePlanFuzz, MutatedPlansAreValidOrRejectedWithAPath) {
  constexpr unsigned kAttempts = 1600;
  std::vector<json::Value> seeds;
  for (const char *text : {kTilettPlan, kOriginalBackendPlan}) {
    llvm::Expected<json::Value> plan = parsePlanJSON(text);
    ASSERT_TRUE(bool(plan)) << llvm::toString(plan.takeError());
    ASSERT_TRUE(validateRuntimePlan(*plan).empty());
    seeds.push_back(std::move(*plan));
  }

  PlanMutator mutator(/*seed=*/20261201);
  FuzzCounts counts;
  for (unsigned i = 0; i < kAttempts; ++i) {
    std::string text = mutator.mutate(seeds[i % seeds.size()]);
    ++counts.attempts;
    llvm::Expected<json::Value> plan = parsePlanJSON(text);
    if (!plan) {
      std::string error = llvm::toString(plan.takeError());
      EXPECT_TRUE(hasJsonPath(error) || llvm::StringRef(error).starts_with(
                                            "not JSON: "))
          << error << "\nplan:\n" << text;
      ++counts.unparsable;
      continue;
    }
    std::vector<std::string> errors = validateRuntimePlan(*plan);
    if (!errors.empty()) {
      ++counts.rejected;
      for (const std::string &error : errors)
        EXPECT_TRUE(hasJsonPath(error)) << error << "\nplan:\n" << text;
      continue;
    }
    ++counts.valid;
    // A plan with kernels that validates must be one a runner can run; the
    // host emitter is the strictest reader of what a runner needs.
    const json::Object *object = plan->getAsObject();
    ASSERT_NE(object, nullptr);
    if (!object->get("kernels"))
      continue;
    plan::RuntimePlan typed;
    ASSERT_TRUE(validateRuntimePlan(*plan, &typed).empty());
    std::string host;
    llvm::raw_string_ostream os(host);
    if (llvm::Error error =
            metalium::emitHostProgram(typed, metalium::HostApi::Current, os))
      ADD_FAILURE() << "valid plan the host emitter rejects: "
                    << llvm::toString(std::move(error)) << "\nplan:\n"
                    << text;
  }
  std::printf("plan fuzz: %u attempts, %u valid, %u rejected by the "
              "validator, %u by the parser, 0 crashes\n",
              counts.attempts, counts.valid, counts.rejected,
              counts.unparsable);
  EXPECT_EQ(counts.attempts, kAttempts);
  // The mutations must exercise both outcomes.
  EXPECT_GT(counts.valid, 0u);
  EXPECT_GT(counts.rejected, counts.valid);
}

} // namespace
