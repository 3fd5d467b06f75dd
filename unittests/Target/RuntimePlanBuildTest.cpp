//===- RuntimePlanBuildTest.cpp - Unit tests for buildRuntimePlan ---------===//
//
// Builds plans from hand-written IR in the form GridToPersistentTT leaves
// (IR_CONTRACTS.md, "After GridToPersistentTT") and checks each field the
// host relies on, then that the result passes the validator.
//
//===----------------------------------------------------------------------===//

#include "tilett/Target/Metalium/PlanSchema.h"
#include "tilett/Target/Metalium/RuntimePlan.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::tilett;
namespace json = llvm::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace {

/// A 256x256x256 bf16 GEMM after the whole pipeline: 64x64 blocks, two
/// cores; core (0,0) has two work items, core (1,0) one. The kernel bodies
/// do not matter to the plan.
constexpr const char *kLoweredGemm = R"mlir(
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  func.func private @gemm(memref<256x256xbf16> {tl.name = "A"},
                          memref<256x256xbf16> {tl.name = "B"},
                          memref<256x256xf32>) attributes {
      tt.core_grid = #tt.core_grid<8, 8>,
      tt.core_ranges = [#tt.core_range<start = (0, 0), extent = (2, 1)>],
      tt.layout_desc = {
        A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [256, 256], padded_shape = [256, 256], page_size = 2048>,
        B = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = column_major, dtype = bf16, tile = [32, 32], shape = [256, 256], padded_shape = [256, 256], page_size = 2048>,
        arg2 = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [200, 256], padded_shape = [256, 256], page_size = 4096>},
      tt.cb_desc = [
        #tt.cb_desc<index = 0, dtype = bf16, page_size = 2048, num_pages = 6, buffer = "A_shared">,
        #tt.cb_desc<index = 1, dtype = bf16, page_size = 2048, num_pages = 6, buffer = "B_shared">,
        #tt.cb_desc<index = 16, dtype = f32, page_size = 4096, num_pages = 4, buffer = "C_local">],
      tt.work_partition = {
        "(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 8, tile_order = row_major, len_m = 2, len_n = 2>,
                   #tt.work_item<io = 0, jo = 2, len_k = 8, tile_order = row_major, len_m = 2, len_n = 2>],
        "(1,0)" = [#tt.work_item<io = 2, jo = 6, len_k = 8, tile_order = row_major, len_m = 2, len_n = 2>]},
      tt.kernels = [@gemm_reader, @gemm_compute, @gemm_writer],
      tt.kernel_args = {reader = ["addr:A", "addr:B", "num_items", "items:bx,by"],
                        compute = ["num_items", "items:bx,by"],
                        writer = ["addr:arg2", "num_items", "items:bx,by"]},
      tt.compile_args = {reader = ["accessor:A", "accessor:B"],
                         compute = [],
                         writer = ["accessor:arg2"]}}
  func.func @gemm_reader() attributes {tt.kernel_kind = #tt.kernel_kind<reader>} {
    return
  }
  func.func @gemm_compute() attributes {tt.kernel_kind = #tt.kernel_kind<compute>} {
    return
  }
  func.func @gemm_writer() attributes {tt.kernel_kind = #tt.kernel_kind<writer>} {
    return
  }
}
)mlir";

class RuntimePlanBuild : public ::testing::Test {
protected:
  RuntimePlanBuild() {
    context.loadDialect<func::FuncDialect, tl::TLDialect, tt::TTDialect>();
  }

  OwningOpRef<ModuleOp> parse(llvm::StringRef text) {
    OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
    EXPECT_TRUE(module) << "fixture does not parse";
    return module;
  }

  /// The typed plan of `text`, or an empty plan after a test failure.
  plan::RuntimePlan typedPlanOf(llvm::StringRef text,
                                llvm::StringRef kernel = "") {
    OwningOpRef<ModuleOp> module = parse(text);
    if (!module)
      return {};
    llvm::Expected<plan::RuntimePlan> plan = buildRuntimePlan(*module, kernel);
    if (!plan) {
      ADD_FAILURE() << llvm::toString(plan.takeError());
      return {};
    }
    return std::move(*plan);
  }

  /// The plan of `text` as tt.plan.json holds it.
  json::Object planOf(llvm::StringRef text, llvm::StringRef kernel = "") {
    json::Value value = plan::toJSON(typedPlanOf(text, kernel));
    return std::move(*value.getAsObject());
  }

  /// The error buildRuntimePlan reports for `text`.
  std::string errorOf(llvm::StringRef text, llvm::StringRef kernel = "") {
    OwningOpRef<ModuleOp> module = parse(text);
    if (!module)
      return "";
    llvm::Expected<plan::RuntimePlan> plan = buildRuntimePlan(*module, kernel);
    if (plan) {
      ADD_FAILURE() << "expected buildRuntimePlan to fail";
      return "";
    }
    return llvm::toString(plan.takeError());
  }

  static std::string str(const json::Value *value) {
    return value ? llvm::formatv("{0}", *value).str() : "<missing>";
  }

  MLIRContext context;
};

TEST_F(RuntimePlanBuild, CoreFieldsKeepTheOriginalSchema) {
  json::Object plan = planOf(kLoweredGemm);
  EXPECT_EQ(plan.getInteger("schema_version"), kPlanSchemaVersion);
  EXPECT_TRUE(plan.getString("backend_version").has_value());
  EXPECT_EQ(plan.getString("kernel"), "gemm");
  EXPECT_EQ(plan.getString("arch"), "wormhole_b0");
  EXPECT_EQ(str(plan.get("core_grid")), "[8,8]");
  EXPECT_EQ(str(plan.get("core_ranges")),
            R"j([{"extent":[2,1],"start":[0,0]}])j");
  EXPECT_EQ(str(plan.get("work_partition")),
            R"j({"(0,0)":[{"io":0,"jo":0,"len_k":8,"len_m":2,"len_n":2,)j"
            R"j("tile_order":"row_major"},{"io":0,"jo":2,"len_k":8,"len_m":2,)j"
            R"j("len_n":2,"tile_order":"row_major"}],"(1,0)":[{"io":2,"jo":6,)j"
            R"j("len_k":8,"len_m":2,"len_n":2,"tile_order":"row_major"}]})j");
  // The original backend's user-level triple, per global buffer.
  EXPECT_EQ(str(plan.get("layouts")),
            R"j({"A":{"interleave":true,"shard":"DRAM",)j"
            R"j("tile_id_order":"row_major"},"B":{"interleave":true,)j"
            R"j("shard":"DRAM","tile_id_order":"column_major"},)j"
            R"j("arg2":{"interleave":true,"shard":"DRAM",)j"
            R"j("tile_id_order":"row_major"}})j");
}

TEST_F(RuntimePlanBuild, BuffersCarryTheirLayoutAndDataflowRole) {
  json::Object plan = planOf(kLoweredGemm);
  const json::Array *buffers = plan.getArray("buffers");
  ASSERT_TRUE(buffers);
  ASSERT_EQ(buffers->size(), 3u);
  const json::Object &a = *(*buffers)[0].getAsObject();
  EXPECT_EQ(a.getString("name"), "A");
  EXPECT_EQ(a.getInteger("arg_index"), 0);
  EXPECT_EQ(a.getString("role"), "input");
  EXPECT_EQ(a.getString("dtype"), "bf16");
  EXPECT_EQ(a.getInteger("page_size"), 2048);
  EXPECT_EQ(a.getInteger("num_pages"), 64);
  EXPECT_EQ(a.getString("memory"), "dram");
  EXPECT_EQ(a.getString("layout"), "interleaved");
  EXPECT_EQ(a.getString("tile_id_order"), "row_major");
  EXPECT_EQ(a.get("shard_grid"), nullptr);
  // An unnamed argument is arg<i>; its role comes from the writer's
  // arguments, its padded shape from the layout.
  const json::Object &c = *(*buffers)[2].getAsObject();
  EXPECT_EQ(c.getString("name"), "arg2");
  EXPECT_EQ(c.getInteger("arg_index"), 2);
  EXPECT_EQ(c.getString("role"), "output");
  EXPECT_EQ(c.getString("dtype"), "f32");
  EXPECT_EQ(str(c.get("shape")), "[200,256]");
  EXPECT_EQ(str(c.get("padded_shape")), "[256,256]");
  EXPECT_EQ(str(c.get("tile")), "[32,32]");
  EXPECT_EQ(c.getInteger("page_size"), 4096);
  EXPECT_EQ(c.getInteger("num_pages"), 64);
}

TEST_F(RuntimePlanBuild, CircularBuffersFollowCBDesc) {
  json::Object plan = planOf(kLoweredGemm);
  EXPECT_EQ(str(plan.get("circular_buffers")),
            R"j([{"buffer":"A_shared","dtype":"bf16","index":0,"num_pages":6,)j"
            R"j("page_size":2048},{"buffer":"B_shared","dtype":"bf16",)j"
            R"j("index":1,"num_pages":6,"page_size":2048},{"buffer":)j"
            R"j("C_local","dtype":"f32","index":16,"num_pages":4,)j"
            R"j("page_size":4096}])j");
}

TEST_F(RuntimePlanBuild, KernelsGetProcessorsArgsAndPerCoreRuntimeArgs) {
  json::Object plan = planOf(kLoweredGemm);
  const json::Array *kernels = plan.getArray("kernels");
  ASSERT_TRUE(kernels);
  ASSERT_EQ(kernels->size(), 3u);
  const json::Object &reader = *(*kernels)[0].getAsObject();
  EXPECT_EQ(reader.getString("kind"), "reader");
  EXPECT_EQ(reader.getString("file"), "reader.cpp");
  EXPECT_EQ(reader.getString("processor"), "riscv_1");
  EXPECT_EQ(reader.getInteger("noc"), 0);
  EXPECT_EQ(str(reader.get("compile_time_args")),
            R"j([{"accessor":"A"},{"accessor":"B"}])j");
  // Addresses, the item count, then (bx, by) = (jo/len_n, io/len_m) per item.
  EXPECT_EQ(str(reader.get("runtime_args")),
            R"j({"(0,0)":[{"addr":"A"},{"addr":"B"},2,0,0,1,0],)j"
            R"j("(1,0)":[{"addr":"A"},{"addr":"B"},1,3,1]})j");

  const json::Object &compute = *(*kernels)[1].getAsObject();
  EXPECT_EQ(compute.getString("kind"), "compute");
  EXPECT_EQ(compute.getString("processor"), "compute");
  EXPECT_EQ(compute.getString("math_fidelity"), "HiFi4");
  // An f32 buffer or CB asks for fp32 accumulation in DST.
  EXPECT_EQ(compute.getBoolean("fp32_dest_acc_en"), true);
  EXPECT_EQ(compute.getBoolean("math_approx_mode"), false);
  EXPECT_EQ(str(compute.get("compile_time_args")), "[]");
  EXPECT_EQ(str(compute.get("runtime_args")),
            R"j({"(0,0)":[2,0,0,1,0],"(1,0)":[1,3,1]})j");

  const json::Object &writer = *(*kernels)[2].getAsObject();
  EXPECT_EQ(writer.getString("kind"), "writer");
  EXPECT_EQ(writer.getString("processor"), "riscv_0");
  EXPECT_EQ(writer.getInteger("noc"), 1);
  EXPECT_EQ(str(writer.get("compile_time_args")), R"j([{"accessor":"arg2"}])j");
  EXPECT_EQ(str(writer.get("runtime_args")),
            R"j({"(0,0)":[{"addr":"arg2"},2,0,0,1,0],)j"
            R"j("(1,0)":[{"addr":"arg2"},1,3,1]})j");
}

// What tilett compile writes (printRuntimePlan) is the plan's JSON, reads
// back as the plan that was built, and validates.
TEST_F(RuntimePlanBuild, BuiltPlanValidatesAndReadsBackEqual) {
  plan::RuntimePlan typed = typedPlanOf(kLoweredGemm);
  EXPECT_THAT(validateRuntimePlan(typed), IsEmpty());
  llvm::Expected<json::Value> reread =
      json::parse(plan::printRuntimePlan(typed));
  ASSERT_TRUE(bool(reread)) << llvm::toString(reread.takeError());
  EXPECT_EQ(*reread, json::Value(planOf(kLoweredGemm)));
  EXPECT_THAT(validateRuntimePlan(*reread), IsEmpty());
  llvm::Expected<plan::RuntimePlan> back =
      plan::read<plan::RuntimePlan>(*reread, "$");
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_TRUE(*back == typed);
}

// The writer and the one reader of the runnable part agree: every built
// plan reads back, with the values the builder wrote.
TEST_F(RuntimePlanBuild, BuiltPlanReadsBackThroughTheTypedReader) {
  json::Object plan = planOf(kLoweredGemm);
  llvm::Expected<RunnablePlan> typed =
      readRunnablePlan(json::Value(json::Object(plan)));
  ASSERT_TRUE(bool(typed)) << llvm::toString(typed.takeError());
  const ::tilett_host::Plan &h = typed->host;
  ASSERT_EQ(h.buffers.size(), plan.getArray("buffers")->size());
  for (auto [b, v] : llvm::zip_equal(h.buffers, *plan.getArray("buffers"))) {
    const json::Object &o = *v.getAsObject();
    EXPECT_EQ(b.name, o.getString("name"));
    EXPECT_EQ(::tilett_host::info(b.dtype).name, o.getString("dtype"));
    EXPECT_EQ(b.pageSize, o.getInteger("page_size"));
    EXPECT_EQ(b.numPages, o.getInteger("num_pages"));
  }
  ASSERT_EQ(h.kernels.size(), 3u);
  EXPECT_EQ(h.kernels[0].kind, ::tilett_host::KernelKind::Reader);
  EXPECT_EQ(h.kernels[0].processor, 1u);
  EXPECT_EQ(h.kernels[0].noc, 0u);
  EXPECT_TRUE(h.kernels[1].fp32DestAccEn);
  EXPECT_EQ(h.kernels[2].processor, 0u);
  // Cores in grid order, arguments as written: {"addr": "A"}, ..., 2, 0, ...
  ASSERT_EQ(h.kernels[0].runtimeArgs.size(), 2u);
  const ::tilett_host::CoreArgs &first = h.kernels[0].runtimeArgs[0];
  EXPECT_EQ(std::make_pair(first.x, first.y), std::make_pair(0u, 0u));
  ASSERT_EQ(first.args.size(), 7u);
  EXPECT_EQ(first.args[0].kind, ::tilett_host::Arg::Kind::Address);
  EXPECT_EQ(first.args[0].buffer, "A");
  EXPECT_EQ(first.args[2].value, 2u);
}

TEST_F(RuntimePlanBuild, PicksTheNamedKernel) {
  EXPECT_EQ(planOf(kLoweredGemm, "gemm").getString("kernel"), "gemm");
  EXPECT_THAT(errorOf(kLoweredGemm, "matmul"),
              HasSubstr("no kernel named 'matmul' with tt.kernels"));
}

TEST_F(RuntimePlanBuild, RejectsAModuleBeforeTheWholePipeline) {
  EXPECT_THAT(errorOf(R"mlir(
    module attributes {tt.arch = #tt.arch<wormhole_b0>} {
      func.func @k(%A: memref<64x64xbf16>) { return }
    })mlir"),
              HasSubstr("expected a kernel declaration with tt.kernels"));
}

TEST_F(RuntimePlanBuild, RejectsMissingMetadata) {
  EXPECT_THAT(errorOf(R"mlir(
    module {
      func.func private @k(memref<64x64xbf16>) attributes {tt.kernels = []}
    })mlir"),
              HasSubstr("kernel 'k' lacks pipeline metadata"));
}

// fp32_dest_acc_en is the lowering's record of it (tt.compute_config) when
// the module has one; only without it does the builder infer it from the
// f32 data (which is what the lowering records).
TEST_F(RuntimePlanBuild, Fp32DestAccEnFollowsTheComputeConfig) {
  auto fp32Of = [&](llvm::StringRef config) {
    std::string text = kLoweredGemm;
    std::string kernel = "func.func @gemm_compute() attributes {"
                         "tt.kernel_kind = #tt.kernel_kind<compute>";
    size_t at = text.find(kernel);
    EXPECT_NE(at, std::string::npos);
    if (at == std::string::npos)
      return std::optional<bool>();
    text.insert(at + kernel.size(), config.str());
    plan::RuntimePlan p = typedPlanOf(text);
    if (!p.kernels || p.kernels->size() != 3) {
      ADD_FAILURE() << "no kernels";
      return std::optional<bool>();
    }
    return (*p.kernels)[1].fp32DestAccEn;
  };
  // The fixture has an f32 output and CB.
  EXPECT_EQ(fp32Of(""), true);
  EXPECT_EQ(fp32Of(", tt.compute_config = {fp32_dest_acc_en = false, "
                   "math_approx_mode = false, math_fidelity = \"HiFi4\"}"),
            false);
  EXPECT_EQ(fp32Of(", tt.compute_config = {math_fidelity = \"LoFi\"}"), true);
}

TEST_F(RuntimePlanBuild, RejectsAnUnknownRuntimeArgument) {
  std::string text = kLoweredGemm;
  size_t at = text.find("compute = [\"num_items\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 22, "compute = [\"num_tiles\"");
  EXPECT_THAT(errorOf(text),
              HasSubstr("unknown runtime argument 'num_tiles' of the compute "
                        "kernel"));
}

TEST_F(RuntimePlanBuild, RejectsAKernelWithoutKind) {
  std::string text = kLoweredGemm;
  size_t at = text.find(
      "func.func @gemm_compute() attributes {tt.kernel_kind = "
      "#tt.kernel_kind<compute>}");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string("func.func @gemm_compute() attributes "
                               "{tt.kernel_kind = #tt.kernel_kind<compute>}")
                       .size(),
               "func.func @gemm_compute()");
  EXPECT_THAT(errorOf(text),
              HasSubstr("kernel function 'gemm_compute' has no "
                        "tt.kernel_kind"));
}

} // namespace
