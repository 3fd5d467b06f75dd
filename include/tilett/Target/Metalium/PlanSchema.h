//===- PlanSchema.h - Typed entries of tt.plan.json -------------*- C++ -*-===//
//
// The entries of a runtime plan's runnable part (buffers, circular buffers,
// kernels), read with llvm::json::ObjectMapper, so the validator and every
// reader agree on which fields exist, which are required and what type they
// have, and a missing or mistyped field is reported at its JSON path. The
// rules on the values (ranges, names, counts) are validateRuntimePlan's.
// LLVMSupport only, like PlanJSON.h, so the emulator runner can use it.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TARGET_METALIUM_PLANSCHEMA_H
#define TILETT_TARGET_METALIUM_PLANSCHEMA_H

#include "tilett/Host/HostPlan.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlir::tilett {
/// The host's plain-C++ plan types (tilett/Host/HostPlan.h).
namespace host = ::tilett_host;
} // namespace mlir::tilett

namespace mlir::tilett::plan {

/// An entry of `buffers`.
struct Buffer {
  std::string name, dtype, role;
  std::vector<int64_t> shape, paddedShape;
  int64_t pageSize = 0, numPages = 0;
  std::optional<int64_t> argIndex;
  std::optional<std::string> memory, layout, tileIdOrder;
  std::optional<std::vector<int64_t>> tile, shardGrid, shardShape;
  /// Device dim i is the host tensor's dim dimOrder[i]; absent: identity.
  std::optional<std::vector<int64_t>> dimOrder;
};
bool fromJSON(const llvm::json::Value &v, Buffer &b, llvm::json::Path p);
/// The entry as buildRuntimePlan writes it (absent optionals left out).
llvm::json::Value toJSON(const Buffer &b);

/// An entry of `circular_buffers`.
struct CircularBuffer {
  int64_t index = 0, pageSize = 0, numPages = 0;
  std::string dtype;
  std::optional<std::string> buffer;
};
bool fromJSON(const llvm::json::Value &v, CircularBuffer &cb,
              llvm::json::Path p);
llvm::json::Value toJSON(const CircularBuffer &cb);

/// An entry of `semaphores`: created on every core of core_ranges, in list
/// order, so that `id` is also its creation index (get_semaphore(id)).
struct Semaphore {
  int64_t id = 0, initialValue = 0;
};
bool fromJSON(const llvm::json::Value &v, Semaphore &s, llvm::json::Path p);
llvm::json::Value toJSON(const Semaphore &s);

/// Semaphores a program may create per core (tt-metal's NUM_SEMAPHORES).
constexpr int64_t kMaxSemaphores = 16;

/// The scalar fields of an entry of `kernels`. Its kind and argument lists
/// are read from the object itself: arguments mix integers,
/// {"accessor"/"addr": buffer} objects and, in runtime arguments,
/// {"noc_x"/"noc_y": "(x,y)"}: the NOC coordinate of a logical worker core.
struct Kernel {
  std::string file;
  std::optional<std::string> processor, mathFidelity;
  std::optional<int64_t> noc;
  std::optional<bool> fp32DestAccEn, mathApproxMode;
  std::optional<std::map<std::string, std::string>> defines;
};
bool fromJSON(const llvm::json::Value &v, Kernel &k, llvm::json::Path p);

/// The one rule for "(x,y)" core keys (runtime_args and work_partition
/// keys, noc_x/noc_y arguments): optional spaces around the key and around
/// each coordinate, then '(' x ',' y ')' with x and y unsigned decimal
/// integers (digits only: no sign) of at most 4294967295. The error is a
/// sentence naming the key and the broken part, e.g. "core key '(-1,0)':
/// x '-1' is not an unsigned integer".
llvm::Expected<std::pair<uint32_t, uint32_t>> parseCoreKey(llvm::StringRef key);
/// "(x,y)", as tilett writes core keys.
std::string formatCoreKey(int64_t x, int64_t y);

/// A runnable plan, read once with every default resolved: what the host
/// (tilett/Host) runs, plus the plan's arch. The only reader of a plan's
/// runnable part; the generated host.cpp and `tilett run` both use it.
struct RuntimePlan {
  std::optional<std::string> arch;
  host::Plan host;
  /// The schema's entries of host.buffers, in the same order, for the
  /// fields only tools need (arg_index, layout).
  std::vector<Buffer> buffers;
};
bool fromJSON(const llvm::json::Value &v, RuntimePlan &plan,
              llvm::json::Path p);
/// read<RuntimePlan> and the checks whose messages name a value (kernel
/// files, buffers an argument names): the one way to read the runnable part
/// of a plan. Errors read "<json path>: <sentence>.".
llvm::Expected<RuntimePlan> readRuntimePlan(const llvm::json::Value &plan);

/// Why `file` may not name a kernel (a sentence), or nullopt: kernel files
/// stay inside the plan's directory (relative, no ".." leaving it) and hold
/// only letters, digits and "_-./", since the host program splices them into
/// C++.
std::optional<std::string> checkKernelFile(llvm::StringRef file);

/// The error `root` holds as "<json path>: <message>.", from LLVM's
/// "<message> at <path>" (or "when parsing <path>").
std::string describeError(const llvm::json::Path::Root &root);

/// Reads `value`, found at JSON path `path`, into a T.
template <typename T>
llvm::Expected<T> read(const llvm::json::Value &value,
                       const std::string &path) {
  llvm::json::Path::Root root(path);
  T out;
  if (fromJSON(value, out, root))
    return out;
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 describeError(root));
}

} // namespace mlir::tilett::plan

#endif // TILETT_TARGET_METALIUM_PLANSCHEMA_H
