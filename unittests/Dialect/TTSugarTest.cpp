//===- TTSugarTest.cpp - Unit tests for the tt IR sugar -------------------===//
//
// withCoreGrid / withCoreRanges / withWorkPartition / withLayoutDesc: what
// they attach on good input, and that bad input is an error at the function
// that leaves it unchanged.
//
//===----------------------------------------------------------------------===//

#include "tilett/Dialect/TT/IR/TTSugar.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTOps.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::tt;

namespace {

/// An element-wise kernel function in a module with `tt.arch`; the second
/// argument is unnamed (arg1).
constexpr const char *kKernel = R"mlir(
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  func.func @add(%X: memref<256x256xbf16> {tl.name = "X"},
                 %Y: memref<256x256xf32>) {
    return
  }
}
)mlir";

class TTSugarTest : public ::testing::Test {
protected:
  TTSugarTest() {
    context.loadDialect<func::FuncDialect, arith::ArithDialect, tl::TLDialect,
                        TTDialect>();
    module = parseSourceString<ModuleOp>(kKernel, &context);
    if (module)
      func = cast<func::FuncOp>(module->getBody()->front());
  }

  /// Runs `fn`, expects it to fail with a diagnostic containing `message`
  /// and the function's attributes to be unchanged.
  template <typename Fn>
  void expectError(Fn fn, const std::string &message) {
    DictionaryAttr before = func->getAttrDictionary();
    std::string text;
    {
      ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
        text += diag.str();
        return success();
      });
      EXPECT_TRUE(failed(fn()));
    }
    EXPECT_NE(text.find(message), std::string::npos)
        << "diagnostic: " << text << "\nexpected: " << message;
    EXPECT_EQ(func->getAttrDictionary(), before);
  }

  /// The printed form of attribute `name` of the function.
  std::string attr(StringRef name) {
    Attribute a = func->getAttr(name);
    if (!a)
      return "<none>";
    std::string s;
    llvm::raw_string_ostream os(s);
    a.print(os);
    return s;
  }

  Attribute parseAttr(StringRef text) {
    return parseAttribute(text, &context);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  func::FuncOp func;
};

TEST_F(TTSugarTest, WithCoreGridSetsTheGrid) {
  ASSERT_TRUE(func);
  EXPECT_TRUE(succeeded(withCoreGrid(func, 4, 2)));
  EXPECT_EQ(attr("tt.core_grid"), "#tt.core_grid<4, 2>");
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(TTSugarTest, WithCoreGridRejectsBadGrids) {
  ASSERT_TRUE(func);
  expectError([&] { return withCoreGrid(func, 0, 2); },
              "core grid must be positive but got (0, 2)");
  expectError([&] { return withCoreGrid(func, 9, 8); },
              "expected a core grid within the wormhole_b0 worker grid (8, "
              "8) but got (9, 8)");
  ASSERT_TRUE(succeeded(withCoreRanges(func, {{2, 0, 2, 2}})));
  expectError([&] { return withCoreGrid(func, 3, 3); },
              "expected a core grid that holds core range "
              "#tt.core_range<start = (2, 0), extent = (2, 2)> but got (3, 3)");
}

TEST_F(TTSugarTest, WithCoreRangesSetsDisjointRanges) {
  ASSERT_TRUE(func);
  ASSERT_TRUE(succeeded(withCoreGrid(func, 4, 4)));
  EXPECT_TRUE(succeeded(withCoreRanges(func, {{0, 0, 4, 2}, {0, 2, 1, 1}})));
  EXPECT_EQ(attr("tt.core_ranges"),
            "[#tt.core_range<start = (0, 0), extent = (4, 2)>, "
            "#tt.core_range<start = (0, 2), extent = (1, 1)>]");
  // The legacy single-range key is not mirrored.
  EXPECT_EQ(attr("tt.core_range"), "<none>");
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(TTSugarTest, WithCoreRangesRejectsBadRanges) {
  ASSERT_TRUE(func);
  ASSERT_TRUE(succeeded(withCoreGrid(func, 4, 4)));
  expectError([&] { return withCoreRanges(func, {}); },
              "expected at least one core range but got none");
  expectError([&] { return withCoreRanges(func, {{-1, 0, 1, 1}}); },
              "core range start must be non-negative but got (-1, 0)");
  expectError([&] { return withCoreRanges(func, {{0, 0, 0, 1}}); },
              "core range extent must be positive but got (0, 1)");
  expectError([&] { return withCoreRanges(func, {{3, 0, 2, 1}}); },
              "expected core ranges within the core grid (4, 4) but got "
              "#tt.core_range<start = (3, 0), extent = (2, 1)>");
  expectError([&] { return withCoreRanges(func, {{0, 0, 2, 2}, {1, 1, 2, 2}}); },
              "expected disjoint core ranges but #tt.core_range<start = (1, "
              "1), extent = (2, 2)> overlaps #tt.core_range<start = (0, 0), "
              "extent = (2, 2)>");
}

TEST_F(TTSugarTest, WithoutAGridRangesFitTheArch) {
  ASSERT_TRUE(func);
  EXPECT_TRUE(succeeded(withCoreRanges(func, {{0, 0, 8, 8}})));
  expectError([&] { return withCoreRanges(func, {{0, 0, 8, 9}}); },
              "expected core ranges within the core grid (8, 8)");
}

TEST_F(TTSugarTest, WithWorkPartitionNormalisesKeys) {
  ASSERT_TRUE(func);
  ASSERT_TRUE(succeeded(withCoreGrid(func, 2, 2)));
  WorkPartition work;
  work["( 1, 0)"] = {WorkItem{0, 1, 8, TileOrder::RowMajor, 2, 2}};
  work["(0,0)"] = {WorkItem{0, 0}, WorkItem{1, 0, 4, TileOrder::MatchShard}};
  EXPECT_TRUE(succeeded(withWorkPartition(func, work)));
  EXPECT_EQ(attr("tt.work_partition"),
            "{\"(0,0)\" = [#tt.work_item<io = 0, jo = 0, len_k = 0, "
            "tile_order = row_major>, #tt.work_item<io = 1, jo = 0, len_k = "
            "4, tile_order = match_shard>], \"(1,0)\" = [#tt.work_item<io = "
            "0, jo = 1, len_k = 8, tile_order = row_major, len_m = 2, len_n "
            "= 2>]}");
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(TTSugarTest, WithWorkPartitionRejectsBadWork) {
  ASSERT_TRUE(func);
  ASSERT_TRUE(succeeded(withCoreGrid(func, 2, 2)));
  expectError([&] { return withWorkPartition(func, {{"1,0", {}}}); },
              "expected work partition keys of the form \"(x,y)\" but got "
              "\"1,0\"");
  expectError([&] { return withWorkPartition(func, {{"(2,0)", {}}}); },
              "expected work partition cores within the core grid (2, 2) but "
              "got \"(2,0)\"");
  expectError(
      [&] { return withWorkPartition(func, {{"(0,0)", {}}, {"(0, 0)", {}}}); },
      "expected one work partition entry per core but core (0,0) has two");
  expectError(
      [&] {
        return withWorkPartition(func, {{"(0,0)", {WorkItem{0, -1}}}});
      },
      "work item origin must be non-negative but got (0, -1)");
  expectError(
      [&] {
        return withWorkPartition(
            func, {{"(0,0)", {WorkItem{0, 0, 1, TileOrder::RowMajor, 0}}}});
      },
      "work item extent must be positive but got 0x1");
}

TEST_F(TTSugarTest, WorkAndRangesMustAgree) {
  ASSERT_TRUE(func);
  ASSERT_TRUE(succeeded(withCoreGrid(func, 4, 4)));
  ASSERT_TRUE(succeeded(withCoreRanges(func, {{0, 0, 2, 1}})));
  expectError([&] { return withWorkPartition(func, {{"(2,0)", {}}}); },
              "expected work partition cores within the core ranges "
              "[#tt.core_range<start = (0, 0), extent = (2, 1)>] but got "
              "(2,0)");
  ASSERT_TRUE(succeeded(withWorkPartition(func, {{"(1,0)", {WorkItem{0, 0}}}})));
  expectError([&] { return withCoreRanges(func, {{0, 0, 1, 1}}); },
              "expected core ranges that cover work partition core (1,0)");
  expectError([&] { return withCoreGrid(func, 1, 1); },
              "expected a core grid that holds core range");
}

TEST_F(TTSugarTest, WithLayoutDescTakesTheOriginalDictionary) {
  ASSERT_TRUE(func);
  Attribute user = parseAttr(
      R"({shard = "L1", interleave = false, tile_id_order = "match_shard"})");
  ASSERT_TRUE(user);
  EXPECT_TRUE(succeeded(withLayoutDesc(func, "X", user)));
  Attribute desc = parseAttr(
      "#tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = "
      "row_major, dtype = f32, tile = [32, 32], shape = [256, 256], "
      "padded_shape = [256, 256], page_size = 4096>");
  ASSERT_TRUE(desc);
  EXPECT_TRUE(succeeded(withLayoutDesc(func, "arg1", desc)));
  // The second call keeps the first entry.
  auto layouts = func->getAttrOfType<DictionaryAttr>("tt.layout_desc");
  ASSERT_TRUE(layouts);
  EXPECT_EQ(layouts.get("X"), user);
  EXPECT_EQ(layouts.get("arg1"), desc);
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(TTSugarTest, WithLayoutDescDictionaryFormIsAllOrNothing) {
  ASSERT_TRUE(func);
  auto layouts = dyn_cast_or_null<DictionaryAttr>(parseAttr(
      R"({X = {shard = "DDR"}, Z = {shard = "DRAM"}})"));
  ASSERT_TRUE(layouts);
  expectError([&] { return withLayoutDesc(func, layouts); },
              "expected a global buffer of @add (X, arg1) but got 'Z'");
  layouts = dyn_cast_or_null<DictionaryAttr>(
      parseAttr(R"({X = {shard = "SRAM"}, arg1 = {interleave = true}})"));
  ASSERT_TRUE(layouts);
  EXPECT_TRUE(succeeded(withLayoutDesc(func, layouts)));
}

TEST_F(TTSugarTest, WithLayoutDescRejectsBadLayouts) {
  ASSERT_TRUE(func);
  expectError(
      [&] { return withLayoutDesc(func, "X", parseAttr(R"({shard = "HBM"})")); },
      "expected shard of buffer 'X' to be DRAM, L1, DDR or SRAM but got "
      "\"HBM\"");
  expectError(
      [&] {
        return withLayoutDesc(func, "X", parseAttr(R"({interleave = 1})"));
      },
      "expected interleave of buffer 'X' to be a bool but got 1");
  expectError(
      [&] {
        return withLayoutDesc(func, "X",
                              parseAttr(R"({tile_id_order = "spiral"})"));
      },
      "expected tile_id_order of buffer 'X' to be row_major, column_major, "
      "match_shard or z_order but got \"spiral\"");
  expectError(
      [&] {
        return withLayoutDesc(func, "X", parseAttr(R"({shard_grid = [2]})"));
      },
      "expected shard_grid of buffer 'X' to be two positive integers");
  expectError(
      [&] { return withLayoutDesc(func, "X", parseAttr(R"({sharding = 1})")); },
      "but got 'sharding'");
  expectError(
      [&] { return withLayoutDesc(func, "X", parseAttr("42 : i32")); },
      "expected a #tt.layout_desc or a layout dictionary for buffer 'X' but "
      "got 42 : i32");
  // A #tt.layout_desc must describe the buffer it is given to.
  expectError(
      [&] {
        return withLayoutDesc(
            func, "X",
            parseAttr("#tt.layout_desc<memory = dram, layout = interleaved, "
                      "tile_id_order = row_major, dtype = bf16, tile = [32, "
                      "32], shape = [128, 256], padded_shape = [128, 256], "
                      "page_size = 2048>"));
      },
      "expected the layout of buffer 'X' to have the buffer's shape [256, "
      "256] but got [128, 256]");
  expectError(
      [&] {
        return withLayoutDesc(
            func, "X",
            parseAttr("#tt.layout_desc<memory = dram, layout = interleaved, "
                      "tile_id_order = row_major, dtype = f32, tile = [32, "
                      "32], shape = [256, 256], padded_shape = [256, 256], "
                      "page_size = 4096>"));
      },
      "expected the layout of buffer 'X' to have dtype 'bf16' but got 'f32'");
}

} // namespace
