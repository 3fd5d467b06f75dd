//===- RuntimePlanValidate.cpp - tt.plan.json: validate -------------------===//
//
// validateRuntimePlan rejects every plan a runner could not run (the rules
// are listed in IR_CONTRACTS.md, "tt.plan.json"). The plan is read once,
// by the typed reader (PlanSchema.h), field by field, whose only errors are
// values of the wrong JSON type; every rule here is checked on the typed
// fields that could be read, all of them in one pass, so a plan's problems
// are reported together. Counts that the grid bounds are checked before
// any per-element work.
//
//===----------------------------------------------------------------------===//

#include "tilett/Target/Metalium/PlanJSON.h"
#include "tilett/Target/Metalium/PlanSchema.h"
#include "tilett/Target/Metalium/RuntimePlan.h"

#include "tilett/Dialect/TT/IR/TTAttrs.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::tilett;
namespace json = llvm::json;
using llvm::Twine;

namespace {

/// Past this many errors the plan is hopeless; stop so a huge bad plan does
/// not produce a huge report.
constexpr size_t kMaxPlanErrors = 100;
/// Circular buffer ids a core has (0..31).
constexpr int64_t kNumCBs = 32;
/// Processors of a core a kernel can run on. Every kernel of a plan runs on
/// every core of core_ranges, so no two kernels may share one.
constexpr llvm::StringLiteral kProcessors[] = {"riscv_0", "riscv_1",
                                               "compute"};
/// Runtime and compile-time argument words are uint32_t.
constexpr int64_t kMaxArgValue = (int64_t(1) << 32) - 1;
/// A buffer's address is one runtime argument word, so it must fit 32 bits.
constexpr int64_t kMaxBufferBytes = int64_t(1) << 32;

/// Bytes per element of a plan dtype (the one table, tilett/Host/HostPlan.h);
/// nullopt for an unknown dtype.
std::optional<int64_t> dtypeBytes(llvm::StringRef dtype) {
  if (const ::tilett_host::DTypeInfo *d = ::tilett_host::findDType(dtype))
    return d->bytes;
  return std::nullopt;
}

/// Every architecture the dialect knows, for plans that name none.
SmallVector<std::pair<tt::Arch, tt::ArchInfo>> allArchs() {
  SmallVector<std::pair<tt::Arch, tt::ArchInfo>> archs;
  for (unsigned i = 0; i <= tt::getMaxEnumValForArch(); ++i)
    if (std::optional<tt::Arch> arch = tt::symbolizeArch(i))
      archs.push_back({*arch, tt::getArchInfo(*arch)});
  return archs;
}

bool isIdentifier(llvm::StringRef s) {
  return !s.empty() && (llvm::isAlpha(s[0]) || s[0] == '_') &&
         llvm::all_of(s, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// A rectangle of cores, from core_ranges.
struct CoreRect {
  int64_t x0, y0, x1, y1; // inclusive start, exclusive end
  bool contains(int64_t x, int64_t y) const {
    return x >= x0 && x < x1 && y >= y0 && y < y1;
  }
  bool overlaps(const CoreRect &o) const {
    return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
  }
};

/// Collects errors as "<json path>: <sentence>".
class PlanValidator {
public:
  std::vector<std::string> errors;

  void fail(const Twine &path, const Twine &message) {
    if (!errorsFull())
      errors.push_back((path + ": " + message).str());
  }

  /// Whether the report is full; the first call that finds it full says so.
  bool errorsFull() {
    if (errors.size() < kMaxPlanErrors)
      return false;
    if (errors.size() == kMaxPlanErrors)
      errors.push_back("$: more than " + std::to_string(kMaxPlanErrors) +
                       " errors; the rest are not reported.");
    return true;
  }

  /// Whether `v` is a list of exactly `n` integers; an error if not.
  bool ints(const std::vector<int64_t> &v, const Twine &path, size_t n,
            llvm::StringRef what) {
    if (v.size() == n && n != 0)
      return true;
    fail(path, what + " must be a list of " + Twine(n) + " integers.");
    return false;
  }

  void validate(const plan::RuntimePlan &plan);

  /// Top-level fields the reader could not read (a value of the wrong type,
  /// already reported): not also reported missing.
  std::vector<std::string> unread;

private:
  bool isUnread(llvm::StringRef field) const {
    return llvm::is_contained(unread, field);
  }

  void validateArch(const std::optional<std::string> &arch);
  void validateGrid(const std::optional<std::vector<int64_t>> &coreGrid);
  void validateCoreRanges(const std::vector<plan::CoreRange> &list);
  void validateWorkPartition(
      const std::map<std::string, std::vector<plan::WorkItem>> &work);
  void validateBuffers(const std::vector<plan::Buffer> &buffers);
  void validateBuffer(const plan::Buffer &b, const std::string &path);
  void validateCircularBuffers(const std::vector<plan::CircularBuffer> &cbs);
  void validateKernels(const std::vector<plan::Kernel> &kernels);
  void validateSemaphores(const std::vector<plan::Semaphore> &semaphores);
  void validateArgs(const plan::Kernel &kernel, const std::string &path);
  void validateArg(const plan::Arg &arg, bool runtime, const std::string &path);
  /// The core of a "(x,y)" key at `path`, checked against the grid and, when
  /// `inRanges`, core_ranges; nullopt (with an error) if it is not a core.
  std::optional<std::pair<int64_t, int64_t>>
  core(llvm::StringRef key, const std::string &path, llvm::StringRef what,
       bool inRanges);

  /// The plan's architectures: the one it names, else every known one.
  SmallVector<std::pair<tt::Arch, tt::ArchInfo>> archs = allArchs();
  /// core_grid, when valid.
  std::optional<std::pair<int64_t, int64_t>> grid;
  /// Cores of the grid; the largest known grid's while the grid is unknown.
  int64_t gridCores = 0;
  /// core_ranges, when every range is valid.
  std::optional<SmallVector<CoreRect>> ranges;
  int64_t rangeCores = 0;
  /// Buffer names, when the plan has a buffers list.
  std::optional<llvm::StringMap<size_t>> bufferNames;
};

void PlanValidator::validate(const plan::RuntimePlan &plan) {
  std::pair<llvm::StringLiteral, bool> required[] = {
      {"schema_version", plan.schemaVersion.has_value()},
      {"core_grid", plan.coreGrid.has_value()},
      {"core_ranges", plan.coreRanges.has_value()},
      {"work_partition", plan.workPartition.has_value()},
      {"layouts", plan.layouts.has_value()}};
  for (auto [field, present] : required)
    if (!present && !isUnread(field))
      fail("$." + field, "missing required field " + field + ".");

  if (std::optional<int64_t> version = plan.schemaVersion) {
    if (*version < 1)
      fail("$.schema_version", "schema_version must be at least 1.");
    else if (*version > kPlanSchemaVersion)
      fail("$.schema_version",
           "schema_version " + Twine(*version) +
               " is newer than this tilett reads (" +
               Twine(kPlanSchemaVersion) + ").");
  }
  // The host program names its CMake project and comments after the kernel.
  if (plan.kernel && !isIdentifier(*plan.kernel))
    fail("$.kernel", "kernel must be an identifier when present.");

  validateArch(plan.arch);
  validateGrid(plan.coreGrid);
  if (plan.coreRanges)
    validateCoreRanges(*plan.coreRanges);
  if (plan.workPartition)
    validateWorkPartition(*plan.workPartition);

  // tilett's runnable part. The original backend's plans describe only the
  // schedule and have none of it; a plan with any of it is meant to run, and
  // a runner needs all of it.
  std::pair<llvm::StringLiteral, bool> runnable[] = {
      {"buffers", plan.buffers || isUnread("buffers")},
      {"circular_buffers",
       plan.circularBuffers || isUnread("circular_buffers")},
      {"kernels", plan.kernels || isUnread("kernels")}};
  if (llvm::any_of(runnable, [](auto &f) { return f.second; })) {
    for (auto [field, present] : runnable)
      if (!present)
        fail("$." + field, "missing required field " + field +
                               " (a plan with any of buffers, "
                               "circular_buffers and kernels needs all three).");
    if (ranges && ranges->empty())
      fail("$.core_ranges", "a plan with kernels needs at least one core "
                            "range.");
  }
  if (plan.buffers)
    validateBuffers(*plan.buffers);
  if (plan.circularBuffers)
    validateCircularBuffers(*plan.circularBuffers);
  if (plan.kernels)
    validateKernels(*plan.kernels);
  if (plan.semaphores)
    validateSemaphores(*plan.semaphores);
}

void PlanValidator::validateSemaphores(
    const std::vector<plan::Semaphore> &semaphores) {
  if (int64_t(semaphores.size()) > plan::kMaxSemaphores) {
    fail("$.semaphores", "the plan has " + Twine(semaphores.size()) +
                             " semaphores but a core has " +
                             Twine(plan::kMaxSemaphores) + ".");
    return;
  }
  for (auto [i, s] : llvm::enumerate(semaphores)) {
    std::string path = "$.semaphores[" + std::to_string(i) + "]";
    // The host creates them in list order; the kernels name them by id.
    if (s.id != int64_t(i))
      fail(path + ".id", "semaphore ids are their creation order: expected " +
                             Twine(i) + " but got " + Twine(s.id) + ".");
    if (s.initialValue < 0 || s.initialValue > kMaxArgValue)
      fail(path + ".initial_value", "initial_value must be in 0.." +
                                        Twine(kMaxArgValue) + ".");
  }
}

void PlanValidator::validateArch(const std::optional<std::string> &name) {
  if (!name)
    return;
  std::optional<tt::Arch> arch = tt::symbolizeArch(*name);
  if (!arch) {
    fail("$.arch", "unknown arch; expected " +
                       llvm::join(llvm::map_range(archs,
                                                  [](auto &a) {
                                                    return tt::stringifyArch(
                                                        a.first);
                                                  }),
                                  " or ") +
                       ".");
    return;
  }
  archs = {{*arch, tt::getArchInfo(*arch)}};
}

void PlanValidator::validateGrid(
    const std::optional<std::vector<int64_t>> &coreGrid) {
  for (auto &[arch, info] : archs)
    gridCores = std::max(gridCores, info.gridX * info.gridY);
  if (!coreGrid || !ints(*coreGrid, "$.core_grid", 2, "core_grid"))
    return;
  int64_t gx = (*coreGrid)[0], gy = (*coreGrid)[1];
  if (gx <= 0 || gy <= 0) {
    fail("$.core_grid", "core_grid must be positive.");
    return;
  }
  // The grid must be a device's worker grid or part of it.
  if (llvm::none_of(archs, [&](auto &a) {
        return gx <= a.second.gridX && gy <= a.second.gridY;
      })) {
    std::string devices = llvm::join(
        llvm::map_range(archs,
                        [](auto &a) {
                          return llvm::formatv("{0} {1}x{2}",
                                               tt::stringifyArch(a.first),
                                               a.second.gridX, a.second.gridY)
                              .str();
                        }),
        ", ");
    fail("$.core_grid", llvm::formatv("the core grid {0}x{1} exceeds the "
                                      "worker grid of every device it could "
                                      "run on ({2}).",
                                      gx, gy, devices));
    return;
  }
  grid = {gx, gy};
  gridCores = gx * gy;
}

void PlanValidator::validateCoreRanges(
    const std::vector<plan::CoreRange> &list) {
  // Disjoint ranges of at least one core each: no more than the grid has.
  if (int64_t(list.size()) > gridCores) {
    fail("$.core_ranges", "core_ranges has " + Twine(list.size()) +
                              " ranges but the grid has only " +
                              Twine(gridCores) + " cores.");
    return;
  }
  SmallVector<CoreRect> rects;
  for (auto [i, r] : llvm::enumerate(list)) {
    std::string path = "$.core_ranges[" + std::to_string(i) + "]";
    if (!r.start || !r.extent) {
      fail(path, "a core range needs both start and extent.");
      continue;
    }
    bool startOk = ints(*r.start, path + ".start", 2, "start");
    bool extentOk = ints(*r.extent, path + ".extent", 2, "extent");
    if (!startOk || !extentOk)
      continue;
    const std::vector<int64_t> &start = *r.start, &extent = *r.extent;
    bool ok = true;
    if (start[0] < 0 || start[1] < 0) {
      fail(path + ".start", "the core range has a negative start.");
      ok = false;
    }
    if (extent[0] <= 0 || extent[1] <= 0) {
      fail(path + ".extent", "the core range extent must be positive.");
      ok = false;
    }
    // Compared with subtraction so huge values cannot overflow.
    if (ok && grid &&
        (extent[0] > grid->first || start[0] > grid->first - extent[0] ||
         extent[1] > grid->second || start[1] > grid->second - extent[1])) {
      fail(path, "the core range exceeds the core grid bounds.");
      ok = false;
    }
    if (!ok || !grid)
      continue;
    CoreRect rect{start[0], start[1], start[0] + extent[0],
                  start[1] + extent[1]};
    for (auto [j, other] : llvm::enumerate(rects))
      if (rect.overlaps(other)) {
        fail(path, "the core range overlaps core_ranges[" + Twine(j) + "].");
        ok = false;
        break;
      }
    if (!ok)
      continue;
    rects.push_back(rect);
    rangeCores += (rect.x1 - rect.x0) * (rect.y1 - rect.y0);
  }
  // Membership is checked only against a fully valid set of ranges.
  if (rects.size() == list.size())
    ranges = std::move(rects);
}

std::optional<std::pair<int64_t, int64_t>>
PlanValidator::core(llvm::StringRef key, const std::string &path,
                    llvm::StringRef what, bool inRanges) {
  auto c = tt::parseCoreKey(key);
  if (!c) {
    fail(path, "invalid " + what + " key format: \"" + key +
                   "\" is not of the form \"(x,y)\".");
    return std::nullopt;
  }
  if (grid && (c->first >= grid->first || c->second >= grid->second)) {
    fail(path, "the core lies outside the core grid.");
    return std::nullopt;
  }
  if (inRanges && ranges && llvm::none_of(*ranges, [&](const CoreRect &r) {
        return r.contains(c->first, c->second);
      })) {
    fail(path, "the core is not in core_ranges.");
    return std::nullopt;
  }
  return c;
}

void PlanValidator::validateWorkPartition(
    const std::map<std::string, std::vector<plan::WorkItem>> &work) {
  if (int64_t(work.size()) > gridCores) {
    fail("$.work_partition", "work_partition lists " + Twine(work.size()) +
                                 " cores but the grid has only " +
                                 Twine(gridCores) + ".");
    return;
  }
  // "(0,0)" and "( 0, 0)" are one core.
  llvm::DenseMap<std::pair<int64_t, int64_t>, llvm::StringRef> seen;
  for (const auto &[key, items] : work) {
    std::string path = "$.work_partition" + planPathKey(key);
    if (auto c = core(key, path, "work_partition", /*inRanges=*/true)) {
      auto [it, inserted] = seen.try_emplace(*c, key);
      if (!inserted)
        fail(path, "the core is also listed as \"" + it->second + "\".");
    }
    for (auto [i, item] : llvm::enumerate(items)) {
      std::string itemPath = path + "[" + std::to_string(i) + "]";
      std::pair<llvm::StringLiteral, std::optional<int64_t>> fields[] = {
          {"io", item.io}, {"jo", item.jo}};
      for (auto [field, value] : fields) {
        if (!value)
          fail(itemPath, "a work item needs an integer " + field + ".");
        else if (*value < 0)
          fail(itemPath + "." + field, field + " must be non-negative.");
      }
      // The original backend leaves len_k and tile_order out (or null)
      // when it has none (its WorkItem.to_json), so both are optional.
      if (item.lenK && *item.lenK < 0)
        fail(itemPath + ".len_k", "len_k must be non-negative.");
    }
  }
}

//===----------------------------------------------------------------------===//
// tilett's runnable part
//===----------------------------------------------------------------------===//

void PlanValidator::validateBuffers(const std::vector<plan::Buffer> &buffers) {
  bufferNames.emplace();
  llvm::DenseMap<int64_t, size_t> argIndices;
  for (auto [i, b] : llvm::enumerate(buffers)) {
    std::string path = "$.buffers[" + std::to_string(i) + "]";
    auto [it, inserted] = bufferNames->try_emplace(b.name, i);
    if (!inserted)
      fail(path + ".name", "duplicate buffer name '" + b.name +
                               "' (also $.buffers[" + Twine(it->second) +
                               "]).");
    // Names are kernel arguments and appear in the generated host program.
    if (!isIdentifier(b.name))
      fail(path + ".name", "a buffer name must be an identifier.");
    if (b.argIndex) {
      if (*b.argIndex < 0)
        fail(path + ".arg_index", "arg_index must be non-negative.");
      else if (auto [other, fresh] = argIndices.try_emplace(*b.argIndex, i);
               !fresh)
        fail(path + ".arg_index", "arg_index " + Twine(*b.argIndex) +
                                      " is also $.buffers[" +
                                      Twine(other->second) + "]'s.");
    }
    validateBuffer(b, path);
  }
}

void PlanValidator::validateBuffer(const plan::Buffer &b,
                                   const std::string &path) {
  std::optional<int64_t> elementBytes = dtypeBytes(b.dtype);
  if (!elementBytes)
    fail(path + ".dtype", "unknown dtype '" + b.dtype +
                              "'; expected bf16, f16, f32 or i32.");
  if (b.role != "input" && b.role != "output" && b.role != "inout" &&
      b.role != "unused")
    fail(path + ".role", "unknown role '" + b.role +
                             "'; expected input, output, inout or unused.");
  if (b.memory && !tt::symbolizeMemorySpace(*b.memory))
    fail(path + ".memory", "unknown memory '" + *b.memory +
                               "'; expected dram or l1.");
  if (b.layout && !tt::symbolizeBufferLayout(*b.layout))
    fail(path + ".layout", "unknown layout '" + *b.layout + "'.");
  if (b.tileIdOrder && !tt::symbolizeTileOrder(*b.tileIdOrder))
    fail(path + ".tile_id_order", "unknown tile order '" + *b.tileIdOrder +
                                      "'.");
  if (b.tile && *b.tile != std::vector<int64_t>{32, 32})
    fail(path + ".tile", "tile must be [32, 32].");

  bool shapeOk = !b.shape.empty();
  if (b.shape.empty())
    fail(path + ".shape", "shape must have at least one dimension.");
  for (auto [d, extent] : llvm::enumerate(b.shape))
    if (extent <= 0) {
      fail(path + ".shape[" + Twine(d) + "]",
           "a dimension must be positive but is " + Twine(extent) + ".");
      shapeOk = false;
    }
  if (b.paddedShape.size() != b.shape.size()) {
    fail(path + ".padded_shape", "padded_shape must have the rank of shape.");
    shapeOk = false;
  }
  for (size_t d = 0; shapeOk && d < b.shape.size(); ++d)
    if (b.paddedShape[d] < b.shape[d]) {
      fail(path + ".padded_shape[" + Twine(d) + "]",
           "padded_shape must not be smaller than shape.");
      shapeOk = false;
    }
  // shape is the device's; dim_order maps it to the host tensor's dims.
  if (b.dimOrder) {
    llvm::SmallBitVector seen(b.shape.size());
    bool ok = b.dimOrder->size() == b.shape.size();
    for (int64_t d : *b.dimOrder) {
      ok = ok && d >= 0 && d < int64_t(seen.size()) && !seen.test(d);
      if (ok)
        seen.set(d);
    }
    if (!ok)
      fail(path + ".dim_order", "dim_order must be a permutation of the " +
                                    Twine(b.shape.size()) + " dims of shape.");
  }
  // Tiled dims (the last two; a 1-D buffer's only one) are whole tiles.
  size_t rank = b.paddedShape.size();
  for (size_t d = rank < 2 ? 0 : rank - 2; shapeOk && d < rank; ++d)
    if (b.paddedShape[d] % 32) {
      fail(path + ".padded_shape[" + Twine(d) + "]",
           "a tiled dimension must be a multiple of 32.");
      shapeOk = false;
    }

  if (b.pageSize <= 0)
    fail(path + ".page_size", "page_size must be positive.");
  else if (elementBytes && b.pageSize != 1024 * *elementBytes)
    fail(path + ".page_size", "page_size must be one " + b.dtype + " tile (" +
                                  Twine(1024 * *elementBytes) + " bytes).");
  if (b.numPages <= 0) {
    fail(path + ".num_pages", "num_pages must be positive.");
    return;
  }
  if (!shapeOk)
    return;
  // One tile per page; counted with overflow checks, since every extent may
  // be as large as int64_t allows.
  int64_t tiles = 1;
  bool overflow = false;
  for (size_t d = 0; d < rank && !overflow; ++d)
    overflow = llvm::MulOverflow(
        tiles, d + 2 >= rank ? b.paddedShape[d] / 32 : b.paddedShape[d], tiles);
  if (overflow || tiles != b.numPages) {
    fail(path + ".num_pages",
         overflow ? Twine("the padded shape has more tiles than a buffer can "
                          "hold.")
                  : "num_pages must be the padded shape's " + Twine(tiles) +
                        " tiles.");
    return;
  }
  int64_t bytes;
  if (b.pageSize > 0 && (llvm::MulOverflow(b.pageSize, tiles, bytes) ||
                         bytes > kMaxBufferBytes))
    fail(path, "the buffer does not fit the 32-bit device address space.");
}

void PlanValidator::validateCircularBuffers(
    const std::vector<plan::CircularBuffer> &cbs) {
  if (int64_t(cbs.size()) > kNumCBs) {
    fail("$.circular_buffers", "the plan has " + Twine(cbs.size()) +
                                   " circular buffers but a core has only " +
                                   Twine(kNumCBs) + ".");
    return;
  }
  // CBs are created on every core, so all of them share each core's L1; the
  // smallest L1 of the devices the plan may run on bounds them.
  const auto &smallest = *llvm::min_element(archs, [](auto &a, auto &b) {
    return a.second.l1Bytes < b.second.l1Bytes;
  });
  int64_t l1 = smallest.second.l1Bytes;
  llvm::StringRef archName = tt::stringifyArch(smallest.first);
  int64_t total = 0;
  bool sized = true;
  SmallVector<std::optional<size_t>, kNumCBs> byIndex(kNumCBs);
  for (size_t i = 0; i < cbs.size(); ++i) {
    std::string path = "$.circular_buffers[" + std::to_string(i) + "]";
    const plan::CircularBuffer &cb = cbs[i];
    if (cb.index < 0 || cb.index >= kNumCBs)
      fail(path + ".index", "circular buffer index " + Twine(cb.index) +
                                " is not in 0.." + Twine(kNumCBs - 1) + ".");
    else if (byIndex[cb.index])
      fail(path + ".index", "circular buffer index " + Twine(cb.index) +
                                " is also $.circular_buffers[" +
                                Twine(*byIndex[cb.index]) + "]'s.");
    else
      byIndex[cb.index] = i;
    std::optional<int64_t> elementBytes = dtypeBytes(cb.dtype);
    if (!elementBytes)
      fail(path + ".dtype", "unknown dtype '" + cb.dtype +
                                "'; expected bf16, f16, f32 or i32.");
    if (cb.buffer && !isIdentifier(*cb.buffer))
      fail(path + ".buffer", "buffer must be an identifier when present.");
    if (cb.pageSize <= 0)
      fail(path + ".page_size", "page_size must be positive.");
    else if (elementBytes && cb.pageSize != 1024 * *elementBytes)
      fail(path + ".page_size", "page_size must be one " + cb.dtype +
                                    " tile (" + Twine(1024 * *elementBytes) +
                                    " bytes).");
    if (cb.numPages <= 0)
      fail(path + ".num_pages", "num_pages must be positive.");
    int64_t bytes;
    if (cb.pageSize <= 0 || cb.numPages <= 0) {
      sized = false;
    } else if (llvm::MulOverflow(cb.pageSize, cb.numPages, bytes) ||
               bytes > l1) {
      fail(path, "the circular buffer needs more than the " + Twine(l1) +
                     " bytes of L1 a " + archName + " core has.");
      sized = false;
    } else {
      total += bytes; // at most 32 * l1: no overflow
    }
  }
  if (sized && total > l1)
    fail("$.circular_buffers", "the circular buffers need " + Twine(total) +
                                   " bytes of L1 per core but a " + archName +
                                   " core has " + Twine(l1) + ".");
}

void PlanValidator::validateKernels(const std::vector<plan::Kernel> &kernels) {
  constexpr size_t kNumProcessors = std::size(kProcessors);
  if (kernels.size() > kNumProcessors) {
    fail("$.kernels", "the plan has " + Twine(kernels.size()) +
                          " kernels but a core has only " +
                          Twine(kNumProcessors) +
                          " processors (riscv_0, riscv_1, compute).");
    return;
  }
  llvm::StringMap<size_t> processorOwner;
  for (auto [k, kernel] : llvm::enumerate(kernels)) {
    std::string path = "$.kernels[" + std::to_string(k) + "]";
    std::optional<tt::KernelKind> kernelKind =
        kernel.kind ? tt::symbolizeKernelKind(*kernel.kind) : std::nullopt;
    if (!kernelKind)
      fail(path + ".kind", "unknown kernel kind '" +
                               kernel.kind.value_or("<missing>") +
                               "'; expected reader, compute or writer.");
    validateArgs(kernel, path);
    if (std::optional<std::string> error = plan::checkKernelFile(kernel.file))
      fail(path + ".file", *error);
    if (kernel.noc && *kernel.noc != 0 && *kernel.noc != 1)
      fail(path + ".noc", "noc must be 0 or 1.");
    if (kernel.mathFidelity && !tt::symbolizeMathFidelity(*kernel.mathFidelity))
      fail(path + ".math_fidelity", "unknown math_fidelity '" +
                                        *kernel.mathFidelity +
                                        "'; expected LoFi, HiFi2, HiFi3 or "
                                        "HiFi4.");
    if (!kernelKind)
      continue;
    // The runners' defaults: readers on riscv_1, writers on riscv_0.
    bool compute = *kernelKind == tt::KernelKind::Compute;
    std::string processor = kernel.processor.value_or(
        compute                                 ? "compute"
        : *kernelKind == tt::KernelKind::Reader ? "riscv_1"
                                                : "riscv_0");
    if (!llvm::is_contained(kProcessors, processor)) {
      fail(path + ".processor", "unknown processor '" + processor +
                                    "'; expected riscv_0, riscv_1 or "
                                    "compute.");
      continue;
    }
    if (compute != (processor == "compute")) {
      fail(path + ".processor",
           compute ? "a compute kernel runs on the compute processor."
                   : Twine("a ") + *kernel.kind +
                         " kernel runs on riscv_0 or riscv_1.");
      continue;
    }
    auto [owner, fresh] = processorOwner.try_emplace(processor, k);
    if (!fresh)
      fail(path + ".processor",
           "$.kernels[" + Twine(owner->second) + "] already runs on " +
               processor + " of every core.");
  }
}

void PlanValidator::validateArgs(const plan::Kernel &kernel,
                                 const std::string &path) {
  if (kernel.compileTimeArgs)
    for (auto [i, arg] : llvm::enumerate(*kernel.compileTimeArgs))
      validateArg(arg, /*runtime=*/false,
                  path + ".compile_time_args[" + std::to_string(i) + "]");
  if (!kernel.runtimeArgs)
    return;
  const auto &perCore = *kernel.runtimeArgs;
  if (int64_t(perCore.size()) > gridCores) {
    fail(path + ".runtime_args", "runtime_args lists " + Twine(perCore.size()) +
                                     " cores but the grid has only " +
                                     Twine(gridCores) + ".");
    return;
  }
  llvm::DenseMap<std::pair<int64_t, int64_t>, llvm::StringRef> seen;
  for (const auto &[key, args] : perCore) {
    std::string corePath = path + ".runtime_args" + planPathKey(key);
    if (auto c = core(key, corePath, "runtime_args", /*inRanges=*/true)) {
      auto [it, inserted] = seen.try_emplace(*c, key);
      if (!inserted)
        fail(corePath, "the core is also listed as \"" + it->second + "\".");
    }
    if (int64_t(args.size()) > tt::kMaxRuntimeArgs) {
      fail(corePath, "the kernel has " + Twine(args.size()) +
                         " runtime arguments on this core but at most " +
                         Twine(tt::kMaxRuntimeArgs) + " are allowed.");
      continue;
    }
    for (auto [i, arg] : llvm::enumerate(args))
      validateArg(arg, /*runtime=*/true,
                  corePath + "[" + std::to_string(i) + "]");
  }
}

void PlanValidator::validateArg(const plan::Arg &arg, bool runtime,
                                const std::string &path) {
  using Kind = plan::Arg::Kind;
  // What a buffer argument is called where this one stands.
  llvm::StringRef key = runtime ? "addr" : "accessor";
  switch (arg.kind) {
  case Kind::Value:
    if (arg.value < 0 || arg.value > kMaxArgValue)
      fail(path, "an argument word must be in 0.." + Twine(kMaxArgValue) +
                     " but is " + Twine(arg.value) + ".");
    return;
  case Kind::NocX:
  case Kind::NocY:
    // A runtime argument may be the NOC coordinate of a worker core.
    if (runtime) {
      llvm::StringRef axis = arg.kind == Kind::NocX ? "noc_x" : "noc_y";
      core(arg.name, path + "." + axis.str(), axis, /*inRanges=*/true);
      return;
    }
    break;
  case Kind::Address:
  case Kind::Accessor:
    if (runtime == (arg.kind == Kind::Address)) {
      if (bufferNames && !bufferNames->contains(arg.name))
        fail(path, "the argument names unknown buffer '" + arg.name + "'.");
      return;
    }
    break;
  }
  fail(path, "the \"" + key + "\" argument must name a buffer.");
}
} // namespace

std::vector<std::string>
mlir::tilett::validateRuntimePlan(const plan::RuntimePlan &plan) {
  PlanValidator validator;
  validator.validate(plan);
  return std::move(validator.errors);
}

std::vector<std::string>
mlir::tilett::validateRuntimePlan(const json::Value &value,
                                  plan::RuntimePlan *typed) {
  if (!value.getAsObject())
    return {"$: the plan must be a JSON object."};
  plan::RuntimePlan plan;
  PlanValidator validator;
  // Values of the wrong type first, each at its path; then the rules, on
  // every field that could be read.
  validator.errors = plan::readFieldByField(value, plan, validator.unread);
  validator.validate(plan);
  if (typed)
    *typed = std::move(plan);
  return std::move(validator.errors);
}

static llvm::Error planError(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The runnable part of a validated plan.
static llvm::Expected<RunnablePlan> runnablePart(plan::RuntimePlan plan) {
  // A schedule-only plan (the original backend's) validates but has nothing
  // to run.
  std::pair<llvm::StringLiteral, bool> runnable[] = {
      {"buffers", plan.buffers.has_value()},
      {"circular_buffers", plan.circularBuffers.has_value()},
      {"kernels", plan.kernels.has_value()}};
  for (auto [field, present] : runnable)
    if (!present)
      return planError("$." + field + ": missing value.");
  host::Plan host = plan::toHostPlan(plan);
  return RunnablePlan{std::move(plan), std::move(host)};
}

llvm::Expected<RunnablePlan>
mlir::tilett::readRunnablePlan(const plan::RuntimePlan &plan) {
  std::vector<std::string> errors = validateRuntimePlan(plan);
  if (!errors.empty())
    return planError(errors.front());
  return runnablePart(plan);
}

llvm::Expected<RunnablePlan>
mlir::tilett::readRunnablePlan(const json::Value &value) {
  plan::RuntimePlan plan;
  std::vector<std::string> errors = validateRuntimePlan(value, &plan);
  if (!errors.empty())
    return planError(errors.front());
  return runnablePart(std::move(plan));
}
