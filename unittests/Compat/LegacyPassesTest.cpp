//===- LegacyPassesTest.cpp - TT_USE_NEW_PIPELINE and the legacy aliases --===//

#include "tilett/Transforms/LegacyPasses.h"
#include "tilett/Transforms/LegacyAttributes.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace mlir;
using namespace mlir::tilett;

namespace {

/// Sets an environment variable for the lifetime of the object.
class ScopedEnv {
public:
  ScopedEnv(const char *name, const char *value) : name(name) {
    if (const char *old = std::getenv(name))
      saved = old;
    if (value)
      setenv(name, value, 1);
    else
      unsetenv(name);
  }
  ~ScopedEnv() {
    if (saved)
      setenv(name, saved->c_str(), 1);
    else
      unsetenv(name);
  }

private:
  const char *name;
  std::optional<std::string> saved;
};

TEST(LegacyPasses, NewPipelineIsTheDefault) {
  ScopedEnv env("TT_USE_NEW_PIPELINE", nullptr);
  EXPECT_TRUE(useNewPipeline());
}

TEST(LegacyPasses, FalseOrZeroSelectsTheLegacySequence) {
  for (const char *off : {"0", "false", "FALSE", "False", " false "}) {
    ScopedEnv env("TT_USE_NEW_PIPELINE", off);
    EXPECT_FALSE(useNewPipeline()) << "value '" << off << "'";
  }
  for (const char *on : {"1", "true", "TRUE", "yes", ""}) {
    ScopedEnv env("TT_USE_NEW_PIPELINE", on);
    EXPECT_TRUE(useNewPipeline()) << "value '" << on << "'";
  }
}

TEST(LegacyPasses, DeprecationSilencing) {
  {
    ScopedEnv env("TT_SILENCE_DEPRECATION", nullptr);
    EXPECT_FALSE(isDeprecationSilenced());
  }
  {
    ScopedEnv env("TT_SILENCE_DEPRECATION", "1");
    EXPECT_TRUE(isDeprecationSilenced());
  }
}

TEST(LegacyPasses, EveryLegacyNameHasAnAlias) {
  TTPipelineOptions options;
  for (const LegacyPassInfo &info : getLegacyPassTable()) {
    std::unique_ptr<Pass> pass =
        createLegacyAliasPass(info.legacyName, options);
    ASSERT_TRUE(pass) << info.legacyName.str();
    EXPECT_EQ(pass->getArgument(), info.legacyName);
  }
  EXPECT_TRUE(createLegacyAliasPass("apply_tt_defaults", options));
  EXPECT_FALSE(createLegacyAliasPass("no_such_pass", options));
  EXPECT_EQ(getLegacyPassTable().size(), 9u);
  EXPECT_EQ(getLegacyPipelineNames().size(), 3u);
}

TEST(LegacyPasses, SelectedPipelineFollowsTheEnvironment) {
  MLIRContext ctx;
  TTPipelineOptions options;
  {
    ScopedEnv env("TT_USE_NEW_PIPELINE", nullptr);
    OpPassManager pm(ModuleOp::getOperationName());
    buildSelectedPipeline(pm, options);
    ASSERT_EQ(pm.size(), 5u);
    EXPECT_EQ(pm.begin()->getArgument(), "tt-infer-layout");
  }
  {
    ScopedEnv env("TT_USE_NEW_PIPELINE", "false");
    ScopedEnv quiet("TT_SILENCE_DEPRECATION", "1");
    OpPassManager pm(ModuleOp::getOperationName());
    buildSelectedPipeline(pm, options);
    ASSERT_EQ(pm.size(), 9u);
    EXPECT_EQ(pm.begin()->getArgument(), "apply_tt_defaults");
    EXPECT_EQ(std::prev(pm.end())->getArgument(), "verify_tt_ir");
  }
}

TEST(LegacyAttributes, GridIsUpgraded) {
  MLIRContext ctx;
  ctx.loadDialect<tl::TLDialect, tt::TTDialect, func::FuncDialect>();
  ctx.getDiagEngine().registerHandler([](Diagnostic &) {});
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(
      "func.func @k() attributes {tt.grid = [4, 2]} { return }", &ctx);
  ASSERT_TRUE(module);
  auto func = *module->getOps<func::FuncOp>().begin();
  ASSERT_TRUE(succeeded(upgradeLegacyAttributes(func)));
  auto grid = func->getAttrOfType<tt::CoreGridAttr>("tt.core_grid");
  ASSERT_TRUE(grid);
  EXPECT_EQ(grid.getGx(), 4);
  EXPECT_EQ(grid.getGy(), 2);
  EXPECT_FALSE(func->hasAttr("tt.grid"));
}

TEST(LegacyAttributes, MalformedInputIsAnErrorNotACrash) {
  MLIRContext ctx;
  ctx.loadDialect<tl::TLDialect, tt::TTDialect, func::FuncDialect>();
  int errors = 0;
  ctx.getDiagEngine().registerHandler([&](Diagnostic &d) {
    errors += d.getSeverity() == DiagnosticSeverity::Error;
  });
  for (const char *attrs :
       {"tt.grid = \"8x8\"", "tt.core_range = {start = [0]}",
        "tt.runtime_args = {core_assignments = [1, 2]}",
        "tt.runtime_args = {core_assignments = {\"(0,0)\" = [{m_idx = -1, "
        "n_idx = 0, k_len = 0}]}}",
        "tt_tiles_per_core = 3", "tt.block_shape = [0, 1]",
        "tt_num_tiles = \"many\"", "tt_buffer_A_layout = 7"}) {
    std::string src =
        std::string("func.func @k() attributes {") + attrs + "} { return }";
    OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(src, &ctx);
    ASSERT_TRUE(module) << src;
    auto func = *module->getOps<func::FuncOp>().begin();
    EXPECT_TRUE(failed(upgradeLegacyAttributes(func))) << src;
  }
  EXPECT_EQ(errors, 8);
}

} // namespace
