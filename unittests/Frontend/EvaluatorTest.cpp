//===- EvaluatorTest.cpp - Compile-time folding in TileLang scripts -------===//
//
// The evaluator is reached through tiny scripts: an expression becomes a
// kernel parameter's shape or dtype, and the produced func's argument type
// shows what it folded to.
//
//===----------------------------------------------------------------------===//

#include "tilett/Frontend/TileLangFrontend.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

#include <optional>
#include <string>

using namespace mlir;

namespace {

class EvaluatorTest : public ::testing::Test {
protected:
  /// Reads a script whose kernel parameter has type `tensorExpr`, with
  /// `prelude` at module level; returns the parameter's type or null.
  MemRefType paramType(const std::string &tensorExpr,
                       const std::string &prelude = "") {
    std::string script = "import tilelang.language as T\n" + prelude +
                         "\n@T.prim_func\ndef k(A: " + tensorExpr +
                         "):\n    with T.Kernel(1) as bx:\n        pass\n";
    lastError.clear();
    ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
      if (d.getSeverity() == DiagnosticSeverity::Error && lastError.empty())
        lastError = d.str();
      return success();
    });
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(script, "eval.py"), llvm::SMLoc());
    module = tilett::frontend::parseTileLangFile(sourceMgr, &ctx, {});
    if (!module)
      return nullptr;
    auto fn = module->lookupSymbol<func::FuncOp>("k");
    return fn ? dyn_cast<MemRefType>(fn.getArgumentTypes()[0]) : nullptr;
  }
  /// Folds `expr` as a 1-D shape; nullopt if the script is rejected.
  std::optional<int64_t> fold(const std::string &expr,
                              const std::string &prelude = "") {
    MemRefType t = paramType("T.Tensor((" + expr + ",), \"float32\")", prelude);
    if (!t)
      return std::nullopt;
    return t.getDimSize(0);
  }
  Type dtype(const std::string &expr, const std::string &prelude = "") {
    MemRefType t = paramType("T.Tensor((4,), " + expr + ")", prelude);
    return t ? t.getElementType() : Type();
  }

  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
  std::string lastError;
};

TEST_F(EvaluatorTest, IntegerArithmetic) {
  EXPECT_EQ(fold("3 + 4 * 5"), 23);
  EXPECT_EQ(fold("(3 + 4) * 5"), 35);
  EXPECT_EQ(fold("100 - 36"), 64);
  EXPECT_EQ(fold("1024 // 32"), 32);
  EXPECT_EQ(fold("1000 % 7"), 6);
  EXPECT_EQ(fold("-7 // 2 + 10"), 6);  // floor division: -4
  EXPECT_EQ(fold("-7 % 3 + 10"), 12);  // Python modulo: 2
  EXPECT_EQ(fold("2 ** 10"), 1024);
  EXPECT_EQ(fold("1 << 6"), 64);
  EXPECT_EQ(fold("int(64.9)"), 64);
}

TEST_F(EvaluatorTest, CeildivMinMax) {
  EXPECT_EQ(fold("T.ceildiv(1000, 32)"), 32);
  EXPECT_EQ(fold("T.ceildiv(1024, 32)"), 32);
  EXPECT_EQ(fold("T.min(64, 128)"), 64);
  EXPECT_EQ(fold("T.max(64, 128, 96)"), 128);
  EXPECT_EQ(fold("min(7, 3)"), 3);
  EXPECT_EQ(fold("max((4, 9, 2))"), 9);
  EXPECT_EQ(fold("abs(-12)"), 12);
}

TEST_F(EvaluatorTest, NamesConditionalsAndFunctions) {
  EXPECT_EQ(fold("N", "N = 256"), 256);
  EXPECT_EQ(fold("M * 2", "M = N = 48"), 96);
  EXPECT_EQ(fold("b", "a, b = 1, 2"), 2);
  EXPECT_EQ(fold("x", "x = 64 if True else 32"), 64);
  EXPECT_EQ(fold("f(5)", "def f(n, m=3):\n    return n * m"), 15);
  EXPECT_EQ(fold("f(m=4, n=5)", "def f(n, m=3):\n    return n * m"), 20);
  EXPECT_EQ(fold("len(s)", "s = [1, 2, 3]"), 3);
  EXPECT_EQ(fold("s[-1]", "s = (8, 16, 32)"), 32);
  EXPECT_EQ(fold("c['bm']", "c = {'bm': 128}"), 128);
  EXPECT_EQ(fold("f(*s)", "def f(a, b):\n    return a * b\ns = (4, 5)"), 20);
  EXPECT_EQ(fold("f(**c)", "def f(a, b):\n    return a - b\nc = {'a': 9, 'b': 2}"), 7);
}

TEST_F(EvaluatorTest, ArgparseDefaults) {
  EXPECT_EQ(fold("args.m + args.block_k",
                 "import argparse\np = argparse.ArgumentParser()\n"
                 "p.add_argument('--m', type=int, default=512)\n"
                 "p.add_argument('--block-k', type=int, default=64)\n"
                 "args = p.parse_args()"),
            576);
  EXPECT_EQ(fold("ns.n", "import argparse\np = argparse.ArgumentParser()\n"
                         "p.add_argument('--n', default=32)\n"
                         "ns, _ = p.parse_known_args()"),
            32);
}

TEST_F(EvaluatorTest, TorchTensorShapes) {
  EXPECT_EQ(fold("a.shape[1]", "import torch\na = torch.randn(64, 32).cuda()"),
            32);
  EXPECT_EQ(fold("a.shape[0] * len(a.shape)",
                 "import torch\na = torch.zeros((8, 4, 2), dtype=torch.float16)"),
            24);
}

TEST_F(EvaluatorTest, ErrorsAreDiagnosed) {
  EXPECT_EQ(fold("10 // 0"), std::nullopt);
  EXPECT_NE(lastError.find("division by zero"), std::string::npos);
  EXPECT_EQ(fold("T.ceildiv(10, 0)"), std::nullopt);
  EXPECT_EQ(fold("undefined_size"), std::nullopt);
  EXPECT_NE(lastError.find("not defined"), std::string::npos);
  EXPECT_EQ(fold("0"), std::nullopt);
  EXPECT_NE(lastError.find("positive"), std::string::npos);
}

TEST_F(EvaluatorTest, DTypeStrings) {
  EXPECT_TRUE(dtype("\"float16\"").isF16());
  EXPECT_TRUE(dtype("\"half\"").isF16());
  EXPECT_TRUE(dtype("\"bfloat16\"").isBF16());
  EXPECT_TRUE(dtype("\"float32\"").isF32());
  EXPECT_TRUE(dtype("\"float\"").isF32());
  EXPECT_TRUE(dtype("\"int32\"").isInteger(32));
}

TEST_F(EvaluatorTest, DTypeNames) {
  EXPECT_TRUE(dtype("T.float16").isF16());
  EXPECT_TRUE(dtype("T.bfloat16").isBF16());
  EXPECT_TRUE(dtype("T.float32").isF32());
  EXPECT_TRUE(dtype("T.float").isF32());
  EXPECT_TRUE(dtype("dt", "dt = T.float16").isF16());
  EXPECT_TRUE(dtype("\"float16\" if a == T.float16 else \"float32\"",
                    "a = \"float16\"")
                  .isF16());
  EXPECT_TRUE(dtype("T.float16 if a == \"float\" else T.bfloat16",
                    "a = T.float32")
                  .isF16());
  EXPECT_FALSE(dtype("\"complex64\""));
  EXPECT_NE(lastError.find("expected a dtype"), std::string::npos);
}

} // namespace
