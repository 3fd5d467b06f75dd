//===- TLOpsTest.cpp - Unit tests for tl dialect helpers ------------------===//

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::tilett;

namespace {

TEST(TLOpsTest, BufferNamesComeFromAttributesOrPositions) {
  MLIRContext context;
  context.loadDialect<tl::TLDialect, func::FuncDialect, arith::ArithDialect,
                      memref::MemRefDialect>();
  const char *source = R"mlir(
    func.func @k(%a: memref<64x64xbf16> {tl.name = "A"}, %b: memref<64x64xbf16>) {
      tl.kernel grid [1] (%bx) {
        %s = tl.alloc_shared {tl.name = "A_shared"} : memref<32x32xbf16, #tl.memory_space<shared>>
        %t = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
        %f = tl.alloc_fragment : memref<32x32xf32, #tl.memory_space<fragment>>
      }
      return
    }
  )mlir";
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
  ASSERT_TRUE(module);
  auto func = *module->getOps<func::FuncOp>().begin();
  EXPECT_EQ(tl::getBufferName(func.getArgument(0)), "A");
  EXPECT_EQ(tl::getBufferName(func.getArgument(1)), "arg1");
  SmallVector<std::string> names;
  func.walk([&](Operation *op) {
    if (isa<tl::AllocSharedOp, tl::AllocFragmentOp>(op))
      names.push_back(tl::getBufferName(op->getResult(0)));
  });
  EXPECT_EQ(names, (SmallVector<std::string>{"A_shared", "shared1",
                                             "fragment2"}));
  EXPECT_TRUE(tl::isGlobalBuffer(func.getArgument(0).getType()));
  EXPECT_FALSE(tl::isLocalBuffer(func.getArgument(0).getType()));
}

} // namespace
