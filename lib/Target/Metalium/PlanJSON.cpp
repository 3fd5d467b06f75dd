//===- PlanJSON.cpp - Parse tt.plan.json text safely ----------------------===//

#include "tilett/Target/Metalium/PlanJSON.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"

#include <vector>

using namespace llvm;
namespace json = llvm::json;

std::string mlir::tilett::planPathKey(StringRef key) {
  // json::Value escapes quotes and control characters as JSON does.
  return formatv("[{0}]", json::Value(key)).str();
}

std::string mlir::tilett::planPathField(StringRef key) {
  bool identifier = !key.empty() && (isAlpha(key[0]) || key[0] == '_') &&
                    all_of(key, [](char c) { return isAlnum(c) || c == '_'; });
  return identifier ? ("." + key).str() : planPathKey(key);
}

namespace {

/// An object or array the scan is inside.
struct Frame {
  explicit Frame(bool isObject) : isObject(isObject) {}
  bool isObject;
  /// Arrays: index of the current element.
  size_t index = 0;
  /// Objects: the current key, and whether the next string is a key.
  std::string key;
  bool haveKey = false, expectKey = true;
  /// Objects: every key seen so far, with the offset of its first use.
  StringMap<size_t> keys;
};

/// "line L, column C" of byte `offset` (both from 1).
std::string location(StringRef text, size_t offset) {
  StringRef before = text.take_front(offset);
  size_t line = 1 + before.count('\n');
  size_t lineStart = before.rfind('\n');
  size_t column = lineStart == StringRef::npos ? offset + 1 : offset - lineStart;
  return formatv("line {0}, column {1}", line, column).str();
}

/// The JSON path of the value the scan is at.
std::string pathOf(ArrayRef<Frame> stack) {
  std::string path = "$";
  for (const Frame &frame : stack) {
    if (!frame.isObject)
      path += "[" + std::to_string(frame.index) + "]";
    else if (frame.haveKey)
      path += mlir::tilett::planPathField(frame.key);
  }
  return path;
}

Error scanError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// Checks depth and duplicate keys with an explicit stack. Malformed text
/// ends the scan without an error: json::parse then reports it with its own
/// position.
Error scan(StringRef text) {
  std::vector<Frame> stack;
  // A value is counted at the comma before it, or as a container at its
  // bracket; only a container's single scalar element goes uncounted.
  size_t objects = 0, values = 0;
  auto tooMany = [&](size_t limit, StringRef what, size_t offset) {
    return scanError(pathOf(stack) + ": the plan has more than " +
                     Twine(limit) + " " + what + "; no runnable plan needs "
                     "that many (" + location(text, offset) + ")");
  };
  for (size_t i = 0, n = text.size(); i < n; ++i) {
    char c = text[i];
    switch (c) {
    case '"': {
      size_t end = i + 1;
      while (end < n && text[end] != '"')
        end += text[end] == '\\' ? 2 : 1;
      if (end >= n)
        return Error::success();
      StringRef raw = text.slice(i, end + 1);
      size_t start = i;
      i = end;
      if (stack.empty() || !stack.back().isObject || !stack.back().expectKey)
        break;
      // A key: compare it decoded, so "a" and "\u0061" are the same key.
      std::string key = raw.drop_front().drop_back().str();
      if (raw.contains('\\')) {
        Expected<json::Value> decoded = json::parse(raw);
        if (!decoded) {
          consumeError(decoded.takeError());
          return Error::success();
        }
        key = decoded->getAsString().value_or("").str();
      }
      Frame &frame = stack.back();
      frame.expectKey = false;
      auto [it, inserted] = frame.keys.try_emplace(key, start);
      frame.key = key;
      frame.haveKey = true;
      if (!inserted)
        return scanError(pathOf(stack) + ": duplicate key " +
                         formatv("{0}", json::Value(key)).str() + " (" +
                         location(text, start) + "; first at " +
                         location(text, it->second) + ")");
      break;
    }
    case '{':
    case '[':
      if (stack.size() >= mlir::tilett::kMaxPlanDepth)
        return scanError(pathOf(stack) + ": the plan nests objects and "
                                         "arrays deeper than " +
                         Twine(mlir::tilett::kMaxPlanDepth) + " levels (" +
                         location(text, i) + ")");
      if (++values > mlir::tilett::kMaxPlanValues)
        return tooMany(mlir::tilett::kMaxPlanValues, "values", i);
      if (c == '{' && ++objects > mlir::tilett::kMaxPlanObjects)
        return tooMany(mlir::tilett::kMaxPlanObjects, "objects", i);
      stack.emplace_back(c == '{');
      break;
    case '}':
    case ']':
      if (stack.empty() || stack.back().isObject != (c == '}'))
        return Error::success();
      stack.pop_back();
      break;
    case ',':
      if (stack.empty())
        return Error::success();
      if (++values > mlir::tilett::kMaxPlanValues)
        return tooMany(mlir::tilett::kMaxPlanValues, "values", i);
      if (stack.back().isObject)
        stack.back().expectKey = true;
      else
        ++stack.back().index;
      break;
    default:
      break;
    }
  }
  return Error::success();
}

} // namespace

Expected<json::Value> mlir::tilett::parsePlanJSON(StringRef text) {
  if (Error error = scan(text))
    return std::move(error);
  Expected<json::Value> value = json::parse(text);
  if (!value)
    return createStringError(inconvertibleErrorCode(),
                             "not JSON: " + toString(value.takeError()));
  return value;
}
