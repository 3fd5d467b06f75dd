//===- TTAttrsTest.cpp - Unit tests for the tt metadata attributes --------===//

#include "tilett/Dialect/TT/IR/TTOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::tilett::tt;

namespace {

class TTAttrsTest : public ::testing::Test {
protected:
  TTAttrsTest() { context.loadDialect<TTDialect>(); }

  /// Collects the diagnostics emitted while `fn` runs.
  template <typename Fn> std::string diagnosticsOf(Fn fn) {
    std::string text;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      text += diag.str();
      return success();
    });
    fn();
    return text;
  }

  MLIRContext context;
};

TEST_F(TTAttrsTest, CoreKeysRoundTrip) {
  EXPECT_EQ(formatCoreKey(3, 7), "(3,7)");
  auto key = parseCoreKey(" ( 3 , 7 ) ");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->first, 3);
  EXPECT_EQ(key->second, 7);
  EXPECT_FALSE(parseCoreKey("3,7").has_value());
  EXPECT_FALSE(parseCoreKey("(3;7)").has_value());
  EXPECT_FALSE(parseCoreKey("(-1,0)").has_value());
  EXPECT_FALSE(parseCoreKey("(a,0)").has_value());
}

TEST_F(TTAttrsTest, ArchFacts) {
  ArchInfo wh = getArchInfo(Arch::WormholeB0);
  EXPECT_EQ(wh.gridX * wh.gridY, 64);
  EXPECT_EQ(wh.l1Bytes, 1464 * 1024);
  EXPECT_EQ(wh.dramBytes, int64_t(12) << 30);
  ArchInfo bh = getArchInfo(Arch::Blackhole);
  EXPECT_EQ(bh.gridX, 13);
  EXPECT_EQ(bh.gridY, 10);
  EXPECT_EQ(bh.dramBytes, int64_t(32) << 30);
}

TEST_F(TTAttrsTest, TileBytesFollowTheElementType) {
  Builder b(&context);
  EXPECT_EQ(getTileBytes(b.getBF16Type()), 2048);
  EXPECT_EQ(getTileBytes(b.getF16Type()), 2048);
  EXPECT_EQ(getTileBytes(b.getF32Type()), 4096);
}

TEST_F(TTAttrsTest, CoreRangeIsStartPlusExtent) {
  auto range = CoreRangeAttr::get(&context, 1, 2, 3, 1);
  EXPECT_EQ(range.getNumCores(), 3);
  EXPECT_TRUE(range.contains(3, 2));
  EXPECT_FALSE(range.contains(4, 2)); // sx + ex is exclusive
  EXPECT_FALSE(range.contains(1, 3));
}

TEST_F(TTAttrsTest, VerifiersRejectBadValues) {
  auto loc = UnknownLoc::get(&context);
  std::string diag = diagnosticsOf([&] {
    EXPECT_FALSE(CoreGridAttr::getChecked(loc, &context, int64_t(0),
                                          int64_t(8)));
  });
  EXPECT_NE(diag.find("core grid must be positive"), std::string::npos);

  diag = diagnosticsOf([&] {
    EXPECT_FALSE(WorkItemAttr::getChecked(loc, &context, int64_t(-1),
                                          int64_t(0), int64_t(1),
                                          TileOrder::RowMajor, int64_t(1),
                                          int64_t(1)));
  });
  EXPECT_NE(diag.find("work item origin must be non-negative"),
            std::string::npos);

  Builder b(&context);
  diag = diagnosticsOf([&] {
    auto emit = [&] { return emitError(loc); };
    EXPECT_TRUE(failed(LayoutDescAttr::verify(
        emit, MemorySpace::DRAM, BufferLayout::Interleaved,
        TileOrder::RowMajor, b.getBF16Type(), ArrayRef<int64_t>{32, 32},
        ArrayRef<int64_t>{100, 64}, ArrayRef<int64_t>{100, 64}, int64_t(2048),
        ArrayRef<int64_t>{}, ArrayRef<int64_t>{})));
  });
  EXPECT_NE(diag.find("padded_shape must be a multiple of the tile"),
            std::string::npos);
}

TEST_F(TTAttrsTest, LayoutTileGridUsesThePaddedShape) {
  Builder b(&context);
  auto layout = LayoutDescAttr::get(
      &context, MemorySpace::DRAM, BufferLayout::Interleaved,
      TileOrder::RowMajor, b.getF32Type(), {32, 32}, {2, 100, 70},
      {2, 128, 96}, 4096, {}, {});
  EXPECT_EQ(layout.getTileGrid(), (SmallVector<int64_t>{2, 4, 3}));
  EXPECT_EQ(layout.getNumTiles(), 24);
  EXPECT_FALSE(layout.isSharded());
}

} // namespace
