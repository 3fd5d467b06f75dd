//===- PlanJSON.h - Parse tt.plan.json text safely --------------*- C++ -*-===//
//
// Every reader of a runtime plan (check-plan, compile --plan, the runners)
// parses it here rather than with llvm::json::parse directly: that parser
// recurses once per nesting level, so a hostile plan nested a few ten
// thousand deep overflows the stack, and it silently keeps one of two equal
// keys of an object. This depends only on LLVMSupport so that every reader
// can link it.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TARGET_METALIUM_PLANJSON_H
#define TILETT_TARGET_METALIUM_PLANJSON_H

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>

namespace mlir::tilett {

/// Deepest nesting of objects and arrays a plan may have. A plan needs 5
/// levels; 128 keeps the recursive parser (and the recursive destructor of
/// json::Value) far from any stack limit.
constexpr unsigned kMaxPlanDepth = 128;

/// Most objects a plan may hold. llvm::json::parse gives each object its own
/// hash table (kilobytes), so a million of them took gigabytes before any
/// check ran. The largest plans tilett writes hold a few thousand: one per
/// buffer, circular buffer, kernel, work item and {"addr"} argument, with at
/// most 256 runtime arguments per kernel and core.
constexpr size_t kMaxPlanObjects = size_t(1) << 16;
/// Most values (of any kind) a plan may hold, for the same reason.
constexpr size_t kMaxPlanValues = size_t(1) << 20;

/// Parses plan text. Before llvm::json::parse sees it, an iterative scan
/// (outside strings) rejects nesting deeper than kMaxPlanDepth, more than
/// kMaxPlanObjects objects or kMaxPlanValues values, and a key repeated
/// within one object; those errors read
/// "<json path>: <sentence> (line L, column C)". Syntax errors read
/// "not JSON: " and llvm::json::parse's message.
llvm::Expected<llvm::json::Value> parsePlanJSON(llvm::StringRef text);

/// The JSON path segment of the entry `key` of a map (a work_partition or
/// runtime_args core): ["key"], JSON-escaped.
std::string planPathKey(llvm::StringRef key);
/// The JSON path segment of object key `key` when the schema is not known:
/// ".key" when it is an identifier (a schema field), else planPathKey.
std::string planPathField(llvm::StringRef key);

} // namespace mlir::tilett

#endif // TILETT_TARGET_METALIUM_PLANJSON_H
