//===- TLInterpreterTest.cpp - Reference interpreter on hand-made IR ------===//

#include "tilett/Runner/TLInterpreter.h"

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace mlir;
using namespace mlir::tilett;
using runner::HostTensor;

namespace {

class TLInterpreterTest : public ::testing::Test {
protected:
  TLInterpreterTest() {
    context.loadDialect<tl::TLDialect, math::MathDialect>();
  }

  /// Parses `ir` and runs its function `name` on `args`; collects
  /// diagnostics in `errors`.
  LogicalResult run(StringRef ir, StringRef name,
                    MutableArrayRef<HostTensor> args) {
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      errors += diag.str() + "\n";
      return success();
    });
    module = parseSourceString<ModuleOp>(ir, &context);
    if (!module)
      return failure();
    auto func = module->lookupSymbol<func::FuncOp>(name);
    if (!func)
      return failure();
    return runner::interpretKernel(func, args);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  std::string errors;
};

HostTensor iota(ArrayRef<int64_t> shape, double scale, double offset = 0) {
  HostTensor t(shape);
  for (size_t i = 0; i < t.data.size(); ++i)
    t.data[i] = offset + scale * double(i % 17) - 0.25 * double(i % 5);
  return t;
}

// A 2x2 grid of 32x32 output blocks, K = 64 in two pipelined steps, relu
// epilogue, f32 throughout (so no rounding at the store of these values).
constexpr const char *kMatmulRelu = R"mlir(
func.func @matmul(%A: memref<64x64xf32>, %B: memref<64x64xf32>,
                  %C: memref<64x64xf32>) {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %A_s = tl.alloc_shared : memref<32x32xf32, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared : memref<32x32xf32, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment : memref<32x32xf32, #tl.memory_space<fragment>>
    tl.clear %C_l : memref<32x32xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c32 : index
    %col = arith.muli %bx, %c32 : index
    tl.pipelined %k = 0 to 2 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%row, %kk] to %A_s : memref<64x64xf32> to memref<32x32xf32, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %B_s : memref<64x64xf32> to memref<32x32xf32, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l : memref<32x32xf32, #tl.memory_space<shared>>, memref<32x32xf32, #tl.memory_space<shared>>, memref<32x32xf32, #tl.memory_space<fragment>>
    }
    tl.parallel (%i, %j) in [32, 32] {
      %v = memref.load %C_l[%i, %j] : memref<32x32xf32, #tl.memory_space<fragment>>
      %zero = arith.constant 0.0 : f32
      %r = arith.maximumf %v, %zero : f32
      memref.store %r, %C_l[%i, %j] : memref<32x32xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<32x32xf32, #tl.memory_space<fragment>> to memref<64x64xf32>
  }
  return
}
)mlir";

TEST_F(TLInterpreterTest, MatmulReluMatchesHostLoops) {
  SmallVector<HostTensor> args = {iota({64, 64}, 0.125), iota({64, 64}, -0.5, 3),
                                  HostTensor({64, 64}, 7.0)};
  ASSERT_TRUE(succeeded(run(kMatmulRelu, "matmul", args))) << errors;
  const HostTensor &a = args[0], &b = args[1], &c = args[2];
  for (int i = 0; i < 64; ++i)
    for (int j = 0; j < 64; ++j) {
      double acc = 0;
      for (int k = 0; k < 64; ++k)
        acc += a.data[i * 64 + k] * b.data[k * 64 + j];
      ASSERT_EQ(c.data[i * 64 + j], double(float(std::max(acc, 0.0))))
          << "at " << i << "," << j;
    }
}

// A 40x40 tensor covered by a 2x2 grid of 32x32 blocks: reads past the edge
// are zero, writes past it are dropped.
constexpr const char *kPaddedCopy = R"mlir(
func.func @add_one(%X: memref<40x40xf32>, %Y: memref<40x40xf32>) {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %s = tl.alloc_shared : memref<32x32xf32, #tl.memory_space<shared>>
    %row = arith.muli %by, %c32 : index
    %col = arith.muli %bx, %c32 : index
    tl.copy %X[%row, %col] to %s : memref<40x40xf32> to memref<32x32xf32, #tl.memory_space<shared>>
    tl.parallel (%i, %j) in [32, 32] {
      %v = memref.load %s[%i, %j] : memref<32x32xf32, #tl.memory_space<shared>>
      %one = arith.constant 1.0 : f32
      %r = arith.addf %v, %one : f32
      memref.store %r, %s[%i, %j] : memref<32x32xf32, #tl.memory_space<shared>>
    }
    tl.copy %s to %Y[%row, %col] : memref<32x32xf32, #tl.memory_space<shared>> to memref<40x40xf32>
  }
  return
}
)mlir";

TEST_F(TLInterpreterTest, CopyOutOfRangeReadsZeroAndDropsWrites) {
  SmallVector<HostTensor> args = {iota({40, 40}, 1.0), HostTensor({40, 40})};
  ASSERT_TRUE(succeeded(run(kPaddedCopy, "add_one", args))) << errors;
  EXPECT_EQ(args[1].data.size(), 1600u);
  for (int i = 0; i < 1600; ++i)
    ASSERT_EQ(args[1].data[i], args[0].data[i] + 1.0) << "at " << i;
}

// Sum over rows, then a max over rows combined (clear = false) with a fill.
constexpr const char *kReduce = R"mlir(
func.func @reduce(%X: memref<2x4xf32>, %S: memref<2xf32>, %M: memref<2xf32>,
                  %N: memref<4xf32>) {
  tl.kernel grid [1] (%bx) {
    %c0 = arith.constant 0 : index
    %s = tl.alloc_shared : memref<2x4xf32, #tl.memory_space<shared>>
    %sum = tl.alloc_fragment : memref<2xf32, #tl.memory_space<fragment>>
    %max = tl.alloc_fragment : memref<2xf32, #tl.memory_space<fragment>>
    %min = tl.alloc_fragment : memref<4xf32, #tl.memory_space<fragment>>
    tl.copy %X[%c0, %c0] to %s : memref<2x4xf32> to memref<2x4xf32, #tl.memory_space<shared>>
    tl.fill %sum, 100.0 : memref<2xf32, #tl.memory_space<fragment>>
    tl.reduce <sum> %s to %sum {dim = 1 : i64} : memref<2x4xf32, #tl.memory_space<shared>> to memref<2xf32, #tl.memory_space<fragment>>
    tl.fill %max, 2.5 : memref<2xf32, #tl.memory_space<fragment>>
    tl.reduce <max> %s to %max {dim = 1 : i64, clear = false} : memref<2x4xf32, #tl.memory_space<shared>> to memref<2xf32, #tl.memory_space<fragment>>
    tl.reduce <min> %s to %min {dim = 0 : i64} : memref<2x4xf32, #tl.memory_space<shared>> to memref<4xf32, #tl.memory_space<fragment>>
    tl.copy %sum to %S[%c0] : memref<2xf32, #tl.memory_space<fragment>> to memref<2xf32>
    tl.copy %max to %M[%c0] : memref<2xf32, #tl.memory_space<fragment>> to memref<2xf32>
    tl.copy %min to %N[%c0] : memref<4xf32, #tl.memory_space<fragment>> to memref<4xf32>
  }
  return
}
)mlir";

TEST_F(TLInterpreterTest, ReduceSumMaxMin) {
  HostTensor x({2, 4});
  x.data = {1, -2, 3, 0.5, -1, 4, 2, -3};
  SmallVector<HostTensor> args = {x, HostTensor({2}), HostTensor({2}),
                                  HostTensor({4})};
  ASSERT_TRUE(succeeded(run(kReduce, "reduce", args))) << errors;
  EXPECT_EQ(args[1].data, (std::vector<double>{2.5, 2}));
  // Row 0's max (3) beats the 2.5 already there; row 1's (4) too.
  EXPECT_EQ(args[2].data, (std::vector<double>{3, 4}));
  EXPECT_EQ(args[3].data, (std::vector<double>{-1, -2, 2, -3}));
}

// C = A^T * B^T twice with clear_accum on the second: the first product is
// discarded.
constexpr const char *kGemmTransposed = R"mlir(
func.func @gemm_t(%A: memref<2x3xf64>, %B: memref<2x2xf64>, %C: memref<3x2xf64>) {
  tl.kernel grid [1] (%bx) {
    %c0 = arith.constant 0 : index
    %a = tl.alloc_shared : memref<2x3xf64, #tl.memory_space<shared>>
    %b = tl.alloc_shared : memref<2x2xf64, #tl.memory_space<shared>>
    %c = tl.alloc_fragment : memref<3x2xf64, #tl.memory_space<fragment>>
    tl.copy %A[%c0, %c0] to %a : memref<2x3xf64> to memref<2x3xf64, #tl.memory_space<shared>>
    tl.copy %B[%c0, %c0] to %b : memref<2x2xf64> to memref<2x2xf64, #tl.memory_space<shared>>
    tl.fill %c, 9.0 : memref<3x2xf64, #tl.memory_space<fragment>>
    tl.gemm %a, %b, %c {transpose_a = true, transpose_b = true} : memref<2x3xf64, #tl.memory_space<shared>>, memref<2x2xf64, #tl.memory_space<shared>>, memref<3x2xf64, #tl.memory_space<fragment>>
    tl.gemm %a, %b, %c {transpose_a = true, transpose_b = true, clear_accum = true} : memref<2x3xf64, #tl.memory_space<shared>>, memref<2x2xf64, #tl.memory_space<shared>>, memref<3x2xf64, #tl.memory_space<fragment>>
    tl.copy %c to %C[%c0, %c0] : memref<3x2xf64, #tl.memory_space<fragment>> to memref<3x2xf64>
  }
  return
}
)mlir";

TEST_F(TLInterpreterTest, GemmTransposesAndClearAccum) {
  HostTensor a({2, 3}), b({2, 2});
  a.data = {1, 2, 3, 4, 5, 6}; // A^T = [[1,4],[2,5],[3,6]]
  b.data = {1, 2, 3, 4};       // B^T = [[1,3],[2,4]]
  SmallVector<HostTensor> args = {a, b, HostTensor({3, 2})};
  ASSERT_TRUE(succeeded(run(kGemmTransposed, "gemm_t", args))) << errors;
  EXPECT_EQ(args[2].data, (std::vector<double>{9, 19, 12, 26, 15, 33}));
}

// Stores to a bf16 global round to nearest even; intermediate values do not.
constexpr const char *kRounding = R"mlir(
func.func @round(%X: memref<1x3xf32>, %Y: memref<1x3xbf16>) {
  tl.kernel grid [1] (%bx) {
    %c0 = arith.constant 0 : index
    %s = tl.alloc_shared : memref<1x3xbf16, #tl.memory_space<shared>>
    tl.copy %X[%c0, %c0] to %s : memref<1x3xf32> to memref<1x3xbf16, #tl.memory_space<shared>>
    tl.copy %s to %Y[%c0, %c0] : memref<1x3xbf16, #tl.memory_space<shared>> to memref<1x3xbf16>
  }
  return
}
)mlir";

TEST_F(TLInterpreterTest, StoresRoundToTheGlobalElementType) {
  HostTensor x({1, 3});
  // 1 + 2^-8 is a tie between 1 and 1 + 2^-7 and rounds to even (1);
  // 1 + 3*2^-9 rounds up to 1 + 2^-7.
  x.data = {1.0 + std::ldexp(1.0, -8), 1.0 + 3 * std::ldexp(1.0, -9), 0.1};
  SmallVector<HostTensor> args = {x, HostTensor({1, 3})};
  ASSERT_TRUE(succeeded(run(kRounding, "round", args))) << errors;
  EXPECT_EQ(args[1].data[0], 1.0);
  EXPECT_EQ(args[1].data[1], 1.0 + std::ldexp(1.0, -7));
  EXPECT_EQ(args[1].data[2], 0.10009765625);
  EXPECT_EQ(runner::roundToElementType(70000.0, Float16Type::get(&context)),
            INFINITY);
  EXPECT_EQ(runner::roundToElementType(-3.7, IntegerType::get(&context, 32)),
            -3.0);
}

// scf.for with a carried value, floordivsi/remsi index arithmetic and
// scf.if, inside a parallel body writing a global directly.
constexpr const char *kScalarControl = R"mlir(
func.func @scalars(%Y: memref<8xi32>) {
  tl.kernel grid [2] (%bx) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %cm3 = arith.constant -3 : index
    tl.parallel (%i) in [4] {
      %base = arith.muli %bx, %c4 : index
      %g = arith.addi %base, %i : index
      %s = scf.for %k = %c0 to %g step %c1 iter_args(%acc = %c0) -> (index) {
        %n = arith.addi %acc, %k : index
        scf.yield %n : index
      }
      %d = arith.floordivsi %cm3, %c4 : index
      %odd = arith.remsi %g, %c4 : index
      %isOdd = arith.cmpi eq, %odd, %c1 : index
      %v = scf.if %isOdd -> (index) {
        %t = arith.addi %s, %d : index
        scf.yield %t : index
      } else {
        scf.yield %s : index
      }
      %vi = arith.index_cast %v : index to i32
      memref.store %vi, %Y[%g] : memref<8xi32>
    }
  }
  return
}
)mlir";

TEST_F(TLInterpreterTest, ScalarControlFlowAndIndexArithmetic) {
  SmallVector<HostTensor> args = {HostTensor({8})};
  ASSERT_TRUE(succeeded(run(kScalarControl, "scalars", args))) << errors;
  // sum(0..g-1) = 0,0,1,3,6,10,15,21; floordiv(-3, 4) = -1 is added where
  // g % 4 == 1 (g = 1 and 5).
  EXPECT_EQ(args[0].data, (std::vector<double>{0, -1, 1, 3, 6, 9, 15, 21}));
}

TEST_F(TLInterpreterTest, OutOfBoundsLocalAccessIsAnError) {
  constexpr const char *ir = R"mlir(
func.func @oob(%Y: memref<4xf32>) {
  tl.kernel grid [1] (%bx) {
    %c4 = arith.constant 4 : index
    %s = tl.alloc_fragment : memref<4xf32, #tl.memory_space<fragment>>
    %v = memref.load %s[%c4] : memref<4xf32, #tl.memory_space<fragment>>
  }
  return
}
)mlir";
  SmallVector<HostTensor> args = {HostTensor({4})};
  EXPECT_TRUE(failed(run(ir, "oob", args)));
  EXPECT_NE(errors.find("index 4 of dimension 0 is out of bounds [0, 4)"),
            std::string::npos)
      << errors;
}

TEST_F(TLInterpreterTest, UnsupportedOpIsAnError) {
  constexpr const char *ir = R"mlir(
func.func @bad(%Y: memref<4xf32>) {
  tl.kernel grid [1] (%bx) {
    %m = memref.alloc() : memref<4xf32>
  }
  return
}
)mlir";
  SmallVector<HostTensor> args = {HostTensor({4})};
  EXPECT_TRUE(failed(run(ir, "bad", args)));
  EXPECT_NE(errors.find("'memref.alloc' op is not supported by the reference "
                        "interpreter"),
            std::string::npos)
      << errors;
}

TEST_F(TLInterpreterTest, WrongHostTensorShapeIsAnError) {
  SmallVector<HostTensor> args = {HostTensor({40, 41}), HostTensor({40, 40})};
  EXPECT_TRUE(failed(run(kPaddedCopy, "add_one", args)));
  EXPECT_NE(errors.find("expected host tensor 0 to have the shape"),
            std::string::npos)
      << errors;
}

} // namespace
