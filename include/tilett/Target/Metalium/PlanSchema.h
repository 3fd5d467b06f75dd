//===- PlanSchema.h - tt.plan.json as one typed C++ value -------*- C++ -*-===//
//
// The runtime plan (IR_CONTRACTS.md, "tt.plan.json") as plain structs, read
// and written only by the fromJSON/toJSON here, built on
// llvm::json::ObjectMapper: the builder fills a RuntimePlan and writes it
// with toJSON; the validator (RuntimePlanValidate.cpp), the host emitter,
// `tilett run` and `tilett check-plan` read it with fromJSON. A field of the
// wrong JSON type is reported at its JSON path in LLVM's words ("$.kernels[2]
// .runtime_args["(0,0)"][0]: expected integer."); the rules on the values
// (ranges, names, counts, the grid) are validateRuntimePlan's, on these
// fields. Fields the validator requires are optional here, so that a missing
// one is one of its located messages rather than the end of the reading.
//
// Adding an optional field: a member (std::optional) and one line in its
// struct's forEachField (PlanSchema.cpp), which both directions use; its
// rule, if any, in the validator.
//
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

/// An entry of `core_ranges`: cores start .. start + extent - 1.
struct CoreRange {
  std::optional<std::vector<int64_t>> start, extent;
  bool operator==(const CoreRange &) const = default;
};
bool fromJSON(const llvm::json::Value &v, CoreRange &r, llvm::json::Path p);
llvm::json::Value toJSON(const CoreRange &r);

/// A work item of `work_partition` (the original backend's WorkItem, which
/// leaves len_k and tile_order out or null when it has none).
struct WorkItem {
  std::optional<int64_t> io, jo, lenK, lenM, lenN;
  std::optional<std::string> tileOrder;
  bool operator==(const WorkItem &) const = default;
};
bool fromJSON(const llvm::json::Value &v, WorkItem &w, llvm::json::Path p);
llvm::json::Value toJSON(const WorkItem &w);

/// An entry of `layouts`: the original backend's user-level layout.
struct Layout {
  std::optional<std::string> shard, tileIdOrder;
  std::optional<bool> interleave;
  bool operator==(const Layout &) const = default;
};
bool fromJSON(const llvm::json::Value &v, Layout &l, llvm::json::Path p);
llvm::json::Value toJSON(const Layout &l);

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
  bool operator==(const Buffer &) const = default;
};
bool fromJSON(const llvm::json::Value &v, Buffer &b, llvm::json::Path p);
/// The entry as buildRuntimePlan writes it (absent optionals left out).
llvm::json::Value toJSON(const Buffer &b);

/// An entry of `circular_buffers`.
struct CircularBuffer {
  int64_t index = 0, pageSize = 0, numPages = 0;
  std::string dtype;
  std::optional<std::string> buffer;
  bool operator==(const CircularBuffer &) const = default;
};
bool fromJSON(const llvm::json::Value &v, CircularBuffer &cb,
              llvm::json::Path p);
llvm::json::Value toJSON(const CircularBuffer &cb);

/// An entry of `semaphores`: created on every core of core_ranges, in list
/// order, so that `id` is also its creation index (get_semaphore(id)).
struct Semaphore {
  int64_t id = 0, initialValue = 0;
  bool operator==(const Semaphore &) const = default;
};
bool fromJSON(const llvm::json::Value &v, Semaphore &s, llvm::json::Path p);
llvm::json::Value toJSON(const Semaphore &s);

/// Semaphores a program may create per core (tt-metal's NUM_SEMAPHORES).
constexpr int64_t kMaxSemaphores = 16;

/// One argument word of a kernel: an integer, {"addr": buffer} (its device
/// address, runtime), {"accessor": buffer} (its TensorAccessorArgs,
/// compile time) or {"noc_x"|"noc_y": "(x,y)"} (the NOC coordinate of a
/// logical worker core, runtime). Which kinds may stand where is the
/// validator's rule.
struct Arg {
  enum class Kind : uint8_t { Value, Address, Accessor, NocX, NocY };
  Kind kind = Kind::Value;
  int64_t value = 0;
  /// The buffer (Address, Accessor) or the core key (NocX, NocY).
  std::string name;

  Arg(int64_t value = 0) : value(value) {}
  Arg(Kind kind, std::string name) : kind(kind), name(std::move(name)) {}
  bool operator==(const Arg &) const = default;
};
bool fromJSON(const llvm::json::Value &v, Arg &a, llvm::json::Path p);
llvm::json::Value toJSON(const Arg &a);

/// An entry of `kernels`. Runtime arguments are keyed by core "(x,y)".
struct Kernel {
  std::optional<std::string> kind, processor, mathFidelity;
  std::string file;
  std::optional<int64_t> noc;
  std::optional<bool> fp32DestAccEn, mathApproxMode;
  std::optional<std::vector<Arg>> compileTimeArgs;
  std::optional<std::map<std::string, std::string>> defines;
  std::optional<std::map<std::string, std::vector<Arg>>> runtimeArgs;
  bool operator==(const Kernel &) const = default;
};
bool fromJSON(const llvm::json::Value &v, Kernel &k, llvm::json::Path p);
llvm::json::Value toJSON(const Kernel &k);

/// The whole plan: the original backend's schedule (schema_version, core
/// grid and ranges, work partition, layouts) and tilett's runnable part
/// (buffers, circular buffers, semaphores, kernels).
struct RuntimePlan {
  std::optional<int64_t> schemaVersion;
  std::optional<std::string> backendVersion, kernel, arch;
  std::optional<std::vector<int64_t>> coreGrid;
  std::optional<std::vector<CoreRange>> coreRanges;
  std::optional<std::map<std::string, std::vector<WorkItem>>> workPartition;
  std::optional<std::map<std::string, Layout>> layouts;
  std::optional<std::vector<Buffer>> buffers;
  std::optional<std::vector<CircularBuffer>> circularBuffers;
  std::optional<std::vector<Semaphore>> semaphores;
  std::optional<std::vector<Kernel>> kernels;
  bool operator==(const RuntimePlan &) const = default;
};
bool fromJSON(const llvm::json::Value &v, RuntimePlan &plan,
              llvm::json::Path p);
llvm::json::Value toJSON(const RuntimePlan &plan);

/// Reads `v` (an object) into `plan` like fromJSON, but one top-level field
/// at a time, so that a field with a value of the wrong type does not keep
/// the others from being read: such a field is left absent, its key added
/// to `unread`, and its error ("<json path>: <message>.") returned. The
/// validator reads plans this way, to report the rest of a plan's problems
/// too.
std::vector<std::string> readFieldByField(const llvm::json::Value &v,
                                          RuntimePlan &plan,
                                          std::vector<std::string> &unread);

/// The plan as tt.plan.json holds it: toJSON, two-space indented, keys
/// sorted, a final newline.
std::string printRuntimePlan(const RuntimePlan &plan);

/// The one rule for "(x,y)" core keys (runtime_args and work_partition
/// keys, noc_x/noc_y arguments): optional spaces around the key and around
/// each coordinate, then '(' x ',' y ')' with x and y unsigned decimal
/// integers (digits only: no sign) of at most 4294967295. The error is a
/// sentence naming the key and the broken part, e.g. "core key '(-1,0)':
/// x '-1' is not an unsigned integer".
llvm::Expected<std::pair<uint32_t, uint32_t>> parseCoreKey(llvm::StringRef key);
/// "(x,y)", as tilett writes core keys.
std::string formatCoreKey(int64_t x, int64_t y);

/// What the host (tilett/Host) runs of a plan that validateRuntimePlan
/// accepted and that has a runnable part, with every default resolved:
/// readers on riscv_1 and writers on riscv_0, each on its processor's NOC;
/// compute at HiFi4 without fp32 accumulation or approximate mode
/// (tt-metal's ComputeConfig defaults); runtime arguments core by core in
/// grid order.
host::Plan toHostPlan(const RuntimePlan &plan);

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
