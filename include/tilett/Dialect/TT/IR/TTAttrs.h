//===- TTAttrs.h - Tenstorrent metadata attributes --------------*- C++ -*-===//
#ifndef TILETT_DIALECT_TT_IR_TTATTRS_H
#define TILETT_DIALECT_TT_IR_TTATTRS_H

#include "tilett/Dialect/TT/IR/TTDialect.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "tilett/Dialect/TT/IR/TTOpsEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "tilett/Dialect/TT/IR/TTOpsAttrs.h.inc"

namespace mlir::tilett::tt {

/// Facts about a device architecture.
struct ArchInfo {
  int64_t gridX, gridY;
  int64_t l1Bytes;
  /// DRAM of the card (n150: 12 GiB, p150: 32 GiB): what the global buffers
  /// of one program may add up to.
  int64_t dramBytes;
  /// DRAM bandwidth of the whole card in bytes per core clock, as the
  /// emulator's calibrated model sustains it (runtime/docs/COST_MODEL.md):
  /// what schedules are ranked with.
  double dramBytesPerCycle;
};

/// Runtime arguments one kernel may take on one core (tt-metal's limit).
constexpr int64_t kMaxRuntimeArgs = 256;
ArchInfo getArchInfo(Arch arch);

/// True for the element types a tile can hold (bf16, f16, f32, i32).
bool isTileElementType(Type type);
/// The short dtype name used in plans and messages ("bf16", "f16", "f32",
/// "i32"; other types print as MLIR spells them).
std::string getDTypeName(Type type);

/// Bytes per element of a tile element type (bf16/f16: 2, f32: 4).
int64_t getElementBytes(Type type);
/// Bytes of one 32x32 tile of `type`.
int64_t getTileBytes(Type type);

/// The key of a core in `tt.work_partition`: "(x,y)".
std::string formatCoreKey(int64_t x, int64_t y);
/// Parses "(x,y)" by the one core-key rule (plan::parseCoreKey, which also
/// says why a key is malformed); nullopt if malformed.
std::optional<std::pair<int64_t, int64_t>> parseCoreKey(StringRef key);

} // namespace mlir::tilett::tt

#endif // TILETT_DIALECT_TT_IR_TTATTRS_H
