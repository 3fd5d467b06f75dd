//===- ComputeExpr.h - Element-wise expressions on DST tiles ----*- C++ -*-===//
//
// The element-wise part of LowerTTTileIntrinsics: a `tl.parallel` body (or a
// local-to-local `tl.copy`) recognised as an expression tree over whole
// block-local buffers, and its evaluation on DST tiles with SFPU ops.
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_LIB_TRANSFORMS_LOWERING_COMPUTEEXPR_H
#define TILETT_LIB_TRANSFORMS_LOWERING_COMPUTEEXPR_H

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"

#include <memory>

namespace mlir::tilett::lowering {

/// One node of an element-wise expression over whole buffers. Evaluated per
/// tile: a leaf is that tile of a block-local buffer, a constant fills a
/// tile, the other nodes are SFPU ops on DST slots.
struct Expr {
  enum class Kind { Leaf, Const, Unary, Binary, Scalar, Compare, Select };
  /// Compare: `lhs pred rhs` (rhs null: `lhs pred value`) as 1.0 / 0.0.
  enum class Predicate { Gt, Lt, Ge, Le, Eq, Ne };
  enum class Unary { Exp, Exp2, Log, Sqrt, Rsqrt, Tanh, Abs, Neg, Relu, Recip };
  enum class Binary { Add, Sub, Mul, Div, Max, Min };
  /// How a leaf's tile covers the output tile: as it is, or a 1-D buffer
  /// read by one index of a 2-D body: `v[i]` (a column vector repeated over
  /// the columns) or `v[j]` (a row vector repeated over the rows).
  enum class Broadcast { None, Col, Row, Scalar };

  Kind kind = Kind::Leaf;
  Value buffer;          // Leaf: the block-local buffer read.
  Broadcast bcast = Broadcast::None; // Leaf: how it is read.
  /// Leaf: a 2-D buffer read as b[j, i] in an [i, j] body (a transpose).
  bool transposed = false;
  double value = 0.0;    // Const and Scalar: the constant.
  /// Const and Scalar: a float the same for every element but known only at
  /// run time (computed from block indices, loop variables or scalars);
  /// it replaces `value`. Its ops are re-emitted where the tile op runs.
  Value uniform;
  Unary unary = Unary::Exp;
  Binary binary = Binary::Add;
  Predicate predicate = Predicate::Gt;
  /// Unary/Scalar use lhs only; Compare lhs and (optionally) rhs; Select
  /// picks lhs where `cond` is non-zero, else rhs.
  std::unique_ptr<Expr> lhs, rhs, cond;

  /// DST slots one evaluation needs: the left operand of a binary node is
  /// evaluated into slot s and the right one into s+1 and up.
  int64_t slotsNeeded() const;
  /// Adds every buffer this expression reads to `buffers` (in first-read
  /// order, without duplicates).
  void collectBuffers(SmallVectorImpl<Value> &buffers) const;
  /// Calls `fn` on every leaf, in first-read order.
  void forEachLeaf(function_ref<void(const Expr &)> fn) const;

  /// A deep copy.
  std::unique_ptr<Expr> clone() const;
  /// Whether every leaf that reads `buffer` reads it tile for tile (no
  /// broadcast, no transpose).
  bool readsPlainly(Value buffer) const;
  /// Whether `buffer` is read by exactly one leaf, and that leaf is
  /// evaluated into the expression's own (lowest) DST slot: a value already
  /// in that slot can stand for it (emitExpr's emitLeaf then does nothing).
  bool readsOnceAtBase(Value buffer) const;
  /// Replaces every leaf reading `buffer` by a copy of `by`.
  static void substitute(std::unique_ptr<Expr> &expr, Value buffer,
                         const Expr &by);

  /// A leaf reading `buffer` tile for tile.
  static std::unique_ptr<Expr> leafOf(Value buffer);
  /// `-x`.
  static std::unique_ptr<Expr> negate(std::unique_ptr<Expr> x);
};

/// One store of a recognised `tl.parallel`: `target[i, j] = expr` for all
/// (i, j).
struct ParallelExpr {
  Value target;
  std::unique_ptr<Expr> expr;
};

/// Recognises the body of `op` as element-wise expressions, one per store
/// in body order (see the description of LowerTTTileIntrinsics). Emits an
/// error at the first unsupported op and returns failure.
FailureOr<SmallVector<ParallelExpr>> matchParallel(tl::ParallelOp op);

/// Emits the ops that leave `expr` (for one tile) in DST slot `slot`;
/// `fp32Dst` says whether DST holds fp32 values (where_tile's format).
/// `emitLeaf(b, leaf, slot)` unpacks the current tile of the leaf's buffer
/// into the given slot (the caller knows which tile that is).
void emitExpr(
    ImplicitLocOpBuilder &b, const Expr &expr, Value slot, bool fp32Dst,
    function_ref<void(ImplicitLocOpBuilder &, const Expr &, Value)> emitLeaf);

/// The bits of `value` as an IEEE fp32, the form the *_unary_tile ops take.
int32_t floatBits(double value);

} // namespace mlir::tilett::lowering

#endif // TILETT_LIB_TRANSFORMS_LOWERING_COMPUTEEXPR_H
