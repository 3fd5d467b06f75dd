//===- TLInterpreterTest.cpp - Reference interpreter on hand-made IR ------===//

#include "tilett/Runner/TLInterpreter.h"
#include "tilett/Runner/GridIndependence.h"

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include "llvm/Support/FormatVariadic.h"

#include <bit>
#include <cmath>
#include <limits>
#include <random>

using namespace mlir;
using namespace mlir::tilett;
using runner::HostTensor;
using runner::HostElementKind;
using runner::elementBytes;

namespace {

class TLInterpreterTest : public ::testing::Test {
protected:
  TLInterpreterTest() {
    context.loadDialect<tl::TLDialect, math::MathDialect>();
  }

  /// Parses `ir` and runs its function `name` on `args`; collects
  /// diagnostics in `errors`.
  LogicalResult run(StringRef ir, StringRef name,
                    MutableArrayRef<HostTensor> args, unsigned threads = 0) {
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
    return runner::interpretKernel(func, args, threads);
  }

  /// Whether the first tl.kernel of `ir` may run its blocks in any order.
  bool independent(StringRef ir) {
    module = parseSourceString<ModuleOp>(ir, &context);
    if (!module)
      return false;
    tl::KernelOp kernel;
    module->walk([&](tl::KernelOp k) { kernel = k; });
    return kernel && runner::blocksAreIndependent(kernel);
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

// The grid runs on threads only for kernels whose blocks write disjoint
// windows; then every thread count gives the serial results bit for bit.
TEST_F(TLInterpreterTest, ParallelGridMatchesSerial) {
  EXPECT_TRUE(independent(kMatmulRelu));
  EXPECT_TRUE(independent(kPaddedCopy));
  SmallVector<HostTensor> serial = {iota({64, 64}, 0.125),
                                    iota({64, 64}, -0.5, 3), HostTensor({64, 64})};
  SmallVector<HostTensor> parallel = serial;
  ASSERT_TRUE(succeeded(run(kMatmulRelu, "matmul", serial, 1))) << errors;
  ASSERT_TRUE(succeeded(run(kMatmulRelu, "matmul", parallel, 3))) << errors;
  EXPECT_EQ(serial[2].data, parallel[2].data);
}

// Every block writes the same window: the last block wins, so the order
// matters.
constexpr const char *kOverlappingWrites = R"mlir(
func.func @overlap(%X: memref<64xf32>, %Y: memref<32xf32>) {
  tl.kernel grid [2] (%bx) {
    %c0 = arith.constant 0 : index
    %c32 = arith.constant 32 : index
    %s = tl.alloc_shared : memref<32xf32, #tl.memory_space<shared>>
    %off = arith.muli %bx, %c32 : index
    tl.copy %X[%off] to %s : memref<64xf32> to memref<32xf32, #tl.memory_space<shared>>
    tl.copy %s to %Y[%c0] : memref<32xf32, #tl.memory_space<shared>> to memref<32xf32>
  }
  return
}
)mlir";

// Blocks 32 apart writing 48 wide: neighbouring windows overlap.
constexpr const char *kStrideBelowExtent = R"mlir(
func.func @overlap(%X: memref<96xf32>, %Y: memref<96xf32>) {
  tl.kernel grid [2] (%bx) {
    %c32 = arith.constant 32 : index
    %s = tl.alloc_shared : memref<48xf32, #tl.memory_space<shared>>
    %off = arith.muli %bx, %c32 : index
    tl.copy %X[%off] to %s : memref<96xf32> to memref<48xf32, #tl.memory_space<shared>>
    tl.copy %s to %Y[%off] : memref<48xf32, #tl.memory_space<shared>> to memref<96xf32>
  }
  return
}
)mlir";

// In place: a block could read what another wrote.
constexpr const char *kInPlace = R"mlir(
func.func @inplace(%X: memref<64xf32>) {
  tl.kernel grid [2] (%bx) {
    %c32 = arith.constant 32 : index
    %s = tl.alloc_shared : memref<32xf32, #tl.memory_space<shared>>
    %off = arith.muli %bx, %c32 : index
    tl.copy %X[%off] to %s : memref<64xf32> to memref<32xf32, #tl.memory_space<shared>>
    tl.copy %s to %X[%off] : memref<32xf32, #tl.memory_space<shared>> to memref<64xf32>
  }
  return
}
)mlir";

// A memref.store to a global: not analysed, so serial.
constexpr const char *kGlobalStore = R"mlir(
func.func @store(%Y: memref<2xf32>) {
  tl.kernel grid [2] (%bx) {
    %one = arith.constant 1.0 : f32
    memref.store %one, %Y[%bx] : memref<2xf32>
  }
  return
}
)mlir";

TEST_F(TLInterpreterTest, OrderDependentGridsStaySerial) {
  EXPECT_FALSE(independent(kOverlappingWrites));
  EXPECT_FALSE(independent(kStrideBelowExtent));
  EXPECT_FALSE(independent(kInPlace));
  EXPECT_FALSE(independent(kGlobalStore));
  // Serial semantics even when threads are allowed: the last block's window.
  SmallVector<HostTensor> args = {iota({64}, 1.0), HostTensor({32})};
  ASSERT_TRUE(succeeded(run(kOverlappingWrites, "overlap", args, 2))) << errors;
  for (int i = 0; i < 32; ++i)
    ASSERT_EQ(args[1].data[i], args[0].data[32 + i]) << "at " << i;
}

// Clipped windows at every offset around the edges: rows and
// columns partly or wholly outside read zero and are not written.
TEST_F(TLInterpreterTest, CopyWindowsAtNegativeAndPastEndOffsets) {
  for (int dr = -5; dr <= 5; ++dr)
    for (int dc = -8; dc <= 8; ++dc) {
      std::string ir = llvm::formatv(R"mlir(
func.func @shift(%X: memref<5x7xf32>, %Y: memref<5x7xf32>) {{
  tl.kernel grid [1] (%bx) {{
    %r = arith.constant {0} : index
    %c = arith.constant {1} : index
    %c0 = arith.constant 0 : index
    %s = tl.alloc_shared : memref<5x7xf32, #tl.memory_space<shared>>
    tl.copy %X[%r, %c] to %s : memref<5x7xf32> to memref<5x7xf32, #tl.memory_space<shared>>
    tl.copy %s to %Y[%c0, %c0] : memref<5x7xf32, #tl.memory_space<shared>> to memref<5x7xf32>
    tl.copy %s to %Y[%r, %c] : memref<5x7xf32, #tl.memory_space<shared>> to memref<5x7xf32>
  }
  return
}
)mlir", dr, dc).str();
      SmallVector<HostTensor> args = {iota({5, 7}, 1.0, 1.0), HostTensor({5, 7})};
      ASSERT_TRUE(succeeded(run(ir, "shift", args))) << errors;
      for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 7; ++j) {
          // First store: Y[i][j] = X[i + dr][j + dc] or 0; the second
          // writes s[i - dr][j - dc] = X[i][j] back where both are inside.
          int si = i - dr, sj = j - dc;
          bool back = si >= 0 && si < 5 && sj >= 0 && sj < 7;
          int xi = i + dr, xj = j + dc;
          double first = xi >= 0 && xi < 5 && xj >= 0 && xj < 7
                             ? args[0].data[xi * 7 + xj]
                             : 0.0;
          double expect = back ? args[0].data[i * 7 + j] : first;
          ASSERT_EQ(args[1].data[i * 7 + j], expect)
              << "shift " << dr << "," << dc << " at " << i << "," << j;
        }
    }
}

// A tl.parallel body of common ops runs compiled (TLParallel.cpp); one op
// it does not compile (math.sin, result unused) sends the same body through
// the IR walk. Both must agree bit for bit, also on the reversed in-place
// store that makes later elements read earlier ones' results.
static std::string elementwiseBody(bool forceWalk) {
  return llvm::formatv(R"mlir(
func.func @ew(%X: memref<8x32xf32>, %Y: memref<8x32xf32>) {{
  tl.kernel grid [2] (%bx) {{
    %c0 = arith.constant 0 : index
    %c4 = arith.constant 4 : index
    %c31 = arith.constant 31 : index
    %half = arith.constant 0.5 : f32
    %zero = arith.constant 0.0 : f32
    %s = tl.alloc_shared : memref<4x32xf32, #tl.memory_space<shared>>
    %row = arith.muli %bx, %c4 : index
    tl.copy %X[%row, %c0] to %s : memref<8x32xf32> to memref<4x32xf32, #tl.memory_space<shared>>
    tl.parallel (%i, %j) in [4, 32] {{
      %v = memref.load %s[%i, %j] : memref<4x32xf32, #tl.memory_space<shared>>
      {0}
      %w = arith.mulf %v, %half : f32
      %e = math.exp2 %w : f32
      %ji = arith.index_cast %j : index to i64
      %jf = arith.sitofp %ji : i64 to f32
      %t = arith.addf %e, %jf : f32
      %neg = arith.cmpf olt, %v, %zero : f32
      %r = arith.select %neg, %t, %v : f32
      %m = arith.maximumf %r, %w : f32
      %q = arith.divf %m, %t : f32
      %j2 = arith.subi %c31, %j : index
      memref.store %q, %s[%i, %j2] : memref<4x32xf32, #tl.memory_space<shared>>
    }
    tl.copy %s to %Y[%row, %c0] : memref<4x32xf32, #tl.memory_space<shared>> to memref<8x32xf32>
  }
  return
}
)mlir", forceWalk ? "%unused = math.sin %v : f32" : "").str();
}

TEST_F(TLInterpreterTest, CompiledParallelBodyMatchesIRWalk) {
  std::mt19937_64 rng(18);
  std::uniform_real_distribution<double> uniform(-2.0, 2.0);
  HostTensor x({8, 32});
  for (double &v : x.data)
    v = double(float(uniform(rng)));
  SmallVector<HostTensor> compiled = {x, HostTensor({8, 32})};
  SmallVector<HostTensor> walked = compiled;
  ASSERT_TRUE(succeeded(run(elementwiseBody(false), "ew", compiled))) << errors;
  ASSERT_TRUE(succeeded(run(elementwiseBody(true), "ew", walked))) << errors;
  for (int i = 0; i < 256; ++i)
    ASSERT_EQ(std::bit_cast<uint64_t>(compiled[1].data[i]),
              std::bit_cast<uint64_t>(walked[1].data[i]))
        << "at " << i;
}

// An out-of-bounds access in a compiled body on a threaded grid: reported
// once, for the first failing element of the first block, as a serial run
// would.
TEST_F(TLInterpreterTest, ParallelBodyOutOfBoundsOnThreadsReportsOnce) {
  constexpr const char *ir = R"mlir(
func.func @oob(%X: memref<16xf32>, %Y: memref<16xf32>) {
  tl.kernel grid [4] (%bx) {
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %s = tl.alloc_shared : memref<4xf32, #tl.memory_space<shared>>
    %off = arith.muli %bx, %c4 : index
    tl.copy %X[%off] to %s : memref<16xf32> to memref<4xf32, #tl.memory_space<shared>>
    tl.parallel (%i) in [4] {
      %n = arith.addi %i, %c1 : index
      %v = memref.load %s[%n] : memref<4xf32, #tl.memory_space<shared>>
      memref.store %v, %s[%i] : memref<4xf32, #tl.memory_space<shared>>
    }
    tl.copy %s to %Y[%off] : memref<4xf32, #tl.memory_space<shared>> to memref<16xf32>
  }
  return
}
)mlir";
  EXPECT_TRUE(independent(ir));
  SmallVector<HostTensor> args = {iota({16}, 1.0), HostTensor({16})};
  EXPECT_TRUE(failed(run(ir, "oob", args, 2)));
  StringRef message = "index 4 of dimension 0 is out of bounds [0, 4)";
  size_t first = errors.find(message.str());
  EXPECT_NE(first, std::string::npos) << errors;
  EXPECT_EQ(errors.find("out of bounds", first + message.size()),
            std::string::npos)
      << errors;
}

namespace {

/// `t` held as `kind` (its values must be ones the kind represents).
HostTensor asKind(const HostTensor &t, HostElementKind kind) {
  HostTensor out(t.shape, kind);
  for (int64_t i = 0; i < t.numElements(); ++i)
    out.set(i, t.data[i]);
  return out;
}

std::string replaceAll(std::string s, StringRef from, StringRef to) {
  for (size_t pos = 0; (pos = s.find(from.str(), pos)) != std::string::npos;
       pos += to.size())
    s.replace(pos, from.size(), to.str());
  return s;
}

} // namespace

// Globals held in their element type's width are read and written in place
// (no fp64 copy): every output element is the one an F64 tensor gets, bit
// for bit, for f32 and for bf16 globals (whose stores round to bf16), on one
// thread and on several.
TEST_F(TLInterpreterTest, NarrowHostTensorsMatchDoubles) {
  std::string bf16 = replaceAll(kMatmulRelu, "memref<64x64xf32>",
                                "memref<64x64xbf16>");
  bf16 = replaceAll(bf16, "memref<32x32xf32, #tl.memory_space<shared>>",
                    "memref<32x32xbf16, #tl.memory_space<shared>>");
  struct Case {
    std::string ir;
    HostElementKind kind;
  };
  for (const Case &c : {Case{kMatmulRelu, HostElementKind::F32},
                        Case{bf16, HostElementKind::BF16}}) {
    for (unsigned threads : {1u, 3u}) {
      SmallVector<HostTensor> wide = {iota({64, 64}, 0.125),
                                      iota({64, 64}, -0.5, 3),
                                      HostTensor({64, 64}, 7.0)};
      SmallVector<HostTensor> narrow;
      for (const HostTensor &t : wide)
        narrow.push_back(asKind(t, c.kind));
      ASSERT_EQ(narrow[0].storageBytes(),
                64u * 64u * elementBytes(c.kind));
      ASSERT_TRUE(succeeded(run(c.ir, "matmul", wide, threads))) << errors;
      ASSERT_TRUE(succeeded(run(c.ir, "matmul", narrow, threads))) << errors;
      ASSERT_TRUE(narrow[2].data.empty());
      bool sawNonZero = false;
      for (int64_t i = 0; i < 64 * 64; ++i) {
        ASSERT_EQ(std::bit_cast<uint64_t>(narrow[2].get(i)),
                  std::bit_cast<uint64_t>(wide[2].data[i]))
            << "at " << i << " with " << threads << " threads";
        sawNonZero |= wide[2].data[i] != 0.0;
      }
      EXPECT_TRUE(sawNonZero);
    }
  }
}

// Each kind round-trips the values of its element type, the special ones
// included.
TEST(HostTensorTest, KindsHoldTheirValuesExactly) {
  struct Case {
    HostElementKind kind;
    std::vector<double> values;
  };
  double inf = std::numeric_limits<double>::infinity();
  for (const Case &c :
       {Case{HostElementKind::F32, {0.1f, -3.5, 1e-40f, inf, -0.0, 16777216}},
        Case{HostElementKind::BF16, {1.0078125, -3.5, -inf, -0.0, 0x1p-130}},
        Case{HostElementKind::F16, {65504, -0.0009765625, 0x1p-24, -inf}},
        Case{HostElementKind::I32, {-2147483648.0, 2147483647.0, -7, 0}}}) {
    HostTensor t({int64_t(c.values.size())}, c.kind);
    for (auto [i, v] : llvm::enumerate(c.values))
      t.set(i, v);
    for (auto [i, v] : llvm::enumerate(c.values))
      EXPECT_EQ(std::bit_cast<uint64_t>(t.get(i)), std::bit_cast<uint64_t>(v))
          << "element " << i;
  }
  HostTensor nan({1}, HostElementKind::BF16);
  nan.set(0, -std::numeric_limits<double>::quiet_NaN());
  EXPECT_TRUE(std::isnan(nan.get(0)));
  EXPECT_TRUE(std::signbit(nan.get(0)));
}
