//===- RuntimePlan.cpp - tt.plan.json: build, validate, write -------------===//

#include "tilett/Target/Metalium/RuntimePlan.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTAttrs.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#ifndef TILETT_VERSION
#define TILETT_VERSION "0.0.0"
#endif

using namespace mlir;
using namespace mlir::tilett;
namespace json = llvm::json;

//===----------------------------------------------------------------------===//
// Building
//===----------------------------------------------------------------------===//

namespace {

llvm::Error makeError(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

json::Array toArray(ArrayRef<int64_t> values) {
  json::Array a;
  for (int64_t v : values)
    a.push_back(v);
  return a;
}

/// The original backend's user-level layout triple.
json::Object legacyLayout(tt::LayoutDescAttr desc) {
  return json::Object{
      {"shard", desc.getMemory() == tt::MemorySpace::DRAM ? "DRAM" : "L1"},
      {"interleave", !desc.isSharded()},
      {"tile_id_order", tt::stringifyTileOrder(desc.getTileIdOrder()).str()}};
}

/// A global buffer of the kernel declaration: its argument index and name.
struct PlanBuffer {
  unsigned argIndex;
  std::string name;
  tt::LayoutDescAttr desc;
  bool read = false, written = false;
};

/// Name of argument `i` of a (possibly body-less) kernel function.
std::string argName(func::FuncOp func, unsigned i) {
  if (auto name = func.getArgAttrOfType<StringAttr>(i, tl::kBufferNameAttr))
    return name.str();
  return "arg" + std::to_string(i);
}

func::FuncOp findKernel(ModuleOp module, StringRef kernelName,
                        std::string &error) {
  SmallVector<func::FuncOp> kernels;
  for (auto func : module.getOps<func::FuncOp>())
    if (func->hasAttr("tt.kernels") &&
        (kernelName.empty() || func.getSymName() == kernelName))
      kernels.push_back(func);
  if (kernels.size() == 1)
    return kernels.front();
  if (kernels.empty())
    error = kernelName.empty()
                ? "expected a kernel declaration with tt.kernels; run the "
                  "whole pipeline (tt-grid-to-persistent) first"
                : ("no kernel named '" + kernelName +
                   "' with tt.kernels in the module")
                      .str();
  else
    error = "the module has " + std::to_string(kernels.size()) +
            " kernels; name the one to plan";
  return {};
}

/// Strings of `dict[kind]`, e.g. tt.kernel_args.reader.
SmallVector<StringRef> getStrings(DictionaryAttr dict, StringRef kind) {
  SmallVector<StringRef> out;
  auto list = dict ? dyn_cast_or_null<ArrayAttr>(dict.get(kind)) : ArrayAttr();
  if (list)
    for (Attribute a : list)
      if (auto s = dyn_cast<StringAttr>(a))
        out.push_back(s.getValue());
  return out;
}

} // namespace

llvm::Expected<json::Object>
mlir::tilett::buildRuntimePlan(ModuleOp module, StringRef kernelName) {
  std::string error;
  func::FuncOp func = findKernel(module, kernelName, error);
  if (!func)
    return makeError(error);
  StringRef name = func.getSymName();

  auto grid = func->getAttrOfType<tt::CoreGridAttr>("tt.core_grid");
  auto ranges = func->getAttrOfType<ArrayAttr>("tt.core_ranges");
  auto work = func->getAttrOfType<DictionaryAttr>("tt.work_partition");
  auto layouts = func->getAttrOfType<DictionaryAttr>("tt.layout_desc");
  auto cbs = func->getAttrOfType<ArrayAttr>("tt.cb_desc");
  auto kernels = func->getAttrOfType<ArrayAttr>("tt.kernels");
  auto kernelArgs = func->getAttrOfType<DictionaryAttr>("tt.kernel_args");
  auto compileArgs = func->getAttrOfType<DictionaryAttr>("tt.compile_args");
  auto arch = module->getAttrOfType<tt::ArchAttr>("tt.arch");
  if (!grid || !ranges || !work || !layouts || !cbs || !kernelArgs || !arch)
    return makeError("kernel '" + name +
                     "' lacks pipeline metadata: expected tt.arch, "
                     "tt.core_grid, tt.core_ranges, tt.work_partition, "
                     "tt.layout_desc, tt.cb_desc and tt.kernel_args");

  json::Object plan;
  plan["schema_version"] = kPlanSchemaVersion;
  plan["backend_version"] = TILETT_VERSION;
  plan["kernel"] = name.str();
  plan["arch"] = tt::stringifyArch(arch.getValue()).str();
  plan["core_grid"] = json::Array{grid.getGx(), grid.getGy()};

  json::Array coreRanges;
  for (Attribute a : ranges) {
    auto r = cast<tt::CoreRangeAttr>(a);
    coreRanges.push_back(
        json::Object{{"start", json::Array{r.getSx(), r.getSy()}},
                     {"extent", json::Array{r.getEx(), r.getEy()}}});
  }
  plan["core_ranges"] = std::move(coreRanges);

  json::Object workPartition;
  for (NamedAttribute core : work) {
    json::Array items;
    for (Attribute a : cast<ArrayAttr>(core.getValue())) {
      auto item = cast<tt::WorkItemAttr>(a);
      items.push_back(json::Object{
          {"io", item.getIo()},
          {"jo", item.getJo()},
          {"len_k", item.getLenK()},
          {"tile_order", tt::stringifyTileOrder(item.getTileOrder()).str()},
          {"len_m", item.getLenM()},
          {"len_n", item.getLenN()}});
    }
    workPartition[core.getName().getValue()] = std::move(items);
  }
  plan["work_partition"] = std::move(workPartition);

  // Roles come from the dataflow the kernels kept: the reader fetches
  // inputs, the writer stores outputs.
  SmallVector<PlanBuffer> buffers;
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    auto type = dyn_cast<MemRefType>(func.getArgumentTypes()[i]);
    if (!type || !tl::isGlobalBuffer(type))
      continue;
    std::string bufferName = argName(func, i);
    auto desc = dyn_cast_or_null<tt::LayoutDescAttr>(layouts.get(bufferName));
    if (!desc)
      return makeError("buffer '" + bufferName + "' of kernel '" + name +
                       "' has no #tt.layout_desc");
    buffers.push_back({i, bufferName, desc});
  }
  auto findBuffer = [&](StringRef bufferName) -> PlanBuffer * {
    for (PlanBuffer &b : buffers)
      if (b.name == bufferName)
        return &b;
    return nullptr;
  };
  for (StringRef arg : getStrings(kernelArgs, "reader"))
    if (arg.consume_front("addr:"))
      if (PlanBuffer *b = findBuffer(arg))
        b->read = true;
  for (StringRef arg : getStrings(kernelArgs, "writer"))
    if (arg.consume_front("addr:"))
      if (PlanBuffer *b = findBuffer(arg))
        b->written = true;

  json::Object legacy;
  json::Array bufferList;
  bool anyF32 = false;
  for (const PlanBuffer &b : buffers) {
    legacy[b.name] = legacyLayout(b.desc);
    anyF32 |= b.desc.getDtype().isF32();
    json::Object entry{
        {"name", b.name},
        {"arg_index", b.argIndex},
        {"role", b.read && b.written ? "inout"
                 : b.read            ? "input"
                 : b.written         ? "output"
                                     : "unused"},
        {"dtype", tt::getDTypeName(b.desc.getDtype())},
        {"shape", toArray(b.desc.getShape())},
        {"padded_shape", toArray(b.desc.getPaddedShape())},
        {"tile", toArray(b.desc.getTile())},
        {"page_size", b.desc.getPageSize()},
        {"num_pages", b.desc.getNumTiles()},
        {"memory", tt::stringifyMemorySpace(b.desc.getMemory()).str()},
        {"layout", tt::stringifyBufferLayout(b.desc.getLayout()).str()},
        {"tile_id_order",
         tt::stringifyTileOrder(b.desc.getTileIdOrder()).str()}};
    if (b.desc.isSharded()) {
      entry["shard_grid"] = toArray(b.desc.getShardGrid());
      entry["shard_shape"] = toArray(b.desc.getShardShape());
    }
    bufferList.push_back(std::move(entry));
  }
  plan["layouts"] = std::move(legacy);
  plan["buffers"] = std::move(bufferList);

  json::Array circularBuffers;
  for (Attribute a : cbs) {
    auto cb = cast<tt::CBDescAttr>(a);
    anyF32 |= cb.getDtype().isF32();
    circularBuffers.push_back(json::Object{
        {"index", cb.getIndex()},
        {"dtype", tt::getDTypeName(cb.getDtype())},
        {"page_size", cb.getPageSize()},
        {"num_pages", cb.getNumPages()},
        {"buffer", cb.getBuffer().str()}});
  }
  plan["circular_buffers"] = std::move(circularBuffers);

  json::Array kernelList;
  for (Attribute a : kernels ? kernels : ArrayAttr::get(module.getContext(), {})) {
    auto ref = dyn_cast<FlatSymbolRefAttr>(a);
    auto kfunc = ref ? SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
                           module, ref.getAttr())
                     : func::FuncOp();
    if (!kfunc)
      return makeError("tt.kernels of '" + name + "' names a missing function");
    auto kind = kfunc->getAttrOfType<tt::KernelKindAttr>("tt.kernel_kind");
    if (!kind)
      return makeError("kernel function '" + kfunc.getSymName() +
                       "' has no tt.kernel_kind");
    std::string kindName = tt::stringifyKernelKind(kind.getValue()).str();
    json::Object entry{{"kind", kindName}, {"file", kindName + ".cpp"}};
    switch (kind.getValue()) {
    case tt::KernelKind::Reader:
      entry["processor"] = "riscv_1";
      entry["noc"] = 1;
      break;
    case tt::KernelKind::Writer:
      entry["processor"] = "riscv_0";
      entry["noc"] = 0;
      break;
    case tt::KernelKind::Compute:
      entry["processor"] = "compute";
      entry["math_fidelity"] = "HiFi4";
      entry["fp32_dest_acc_en"] = anyF32;
      entry["math_approx_mode"] = false;
      break;
    }

    json::Array ctArgs;
    for (StringRef arg : getStrings(compileArgs, kindName)) {
      int64_t value;
      if (arg.consume_front("accessor:"))
        ctArgs.push_back(json::Object{{"accessor", arg.str()}});
      else if (!arg.getAsInteger(10, value))
        ctArgs.push_back(value);
      else
        return makeError("unknown compile-time argument '" + arg +
                         "' of the " + kindName + " kernel");
    }
    entry["compile_time_args"] = std::move(ctArgs);
    entry["defines"] = json::Object{};

    SmallVector<StringRef> spec = getStrings(kernelArgs, kindName);
    json::Object runtimeArgs;
    for (NamedAttribute core : work) {
      auto items = cast<ArrayAttr>(core.getValue());
      json::Array args;
      for (StringRef arg : spec) {
        if (arg.consume_front("addr:")) {
          args.push_back(json::Object{{"addr", arg.str()}});
        } else if (arg == "num_items") {
          args.push_back(static_cast<int64_t>(items.size()));
        } else if (arg == "items:bx,by") {
          // Block indices from the work items (IR_CONTRACTS.md).
          for (Attribute a : items) {
            auto item = cast<tt::WorkItemAttr>(a);
            args.push_back(item.getJo() / item.getLenN());
            args.push_back(item.getIo() / item.getLenM());
          }
        } else {
          return makeError("unknown runtime argument '" + arg + "' of the " +
                           kindName + " kernel");
        }
      }
      runtimeArgs[core.getName().getValue()] = std::move(args);
    }
    entry["runtime_args"] = std::move(runtimeArgs);
    kernelList.push_back(std::move(entry));
  }
  plan["kernels"] = std::move(kernelList);
  return plan;
}

//===----------------------------------------------------------------------===//
// Validation
//===----------------------------------------------------------------------===//

namespace {

/// Collects errors as "<json path>: <sentence>".
class PlanValidator {
public:
  std::vector<std::string> errors;

  void fail(const Twine &path, const Twine &message) {
    errors.push_back((path + ": " + message).str());
  }

  /// A list of exactly `n` integers; nullopt (with an error) otherwise.
  std::optional<SmallVector<int64_t>> ints(const json::Value *v,
                                           const Twine &path, size_t n,
                                           StringRef what) {
    const json::Array *a = v ? v->getAsArray() : nullptr;
    SmallVector<int64_t> out;
    if (a && a->size() == n)
      for (const json::Value &e : *a)
        if (std::optional<int64_t> i = e.getAsInteger())
          out.push_back(*i);
    if (out.size() != n || n == 0) {
      fail(path, what + " must be a list of " + Twine(n) + " integers.");
      return std::nullopt;
    }
    return out;
  }

  void validate(const json::Value &root);
  void validateKernels(const json::Array &kernels,
                       const llvm::StringSet<> *bufferNames);
};

void PlanValidator::validate(const json::Value &root) {
  const json::Object *plan = root.getAsObject();
  if (!plan) {
    fail("$", "the plan must be a JSON object.");
    return;
  }
  for (StringRef field : {"schema_version", "core_grid", "core_ranges",
                          "work_partition", "layouts"})
    if (!plan->get(field))
      fail("$." + field, "missing required field " + field + ".");

  if (const json::Value *v = plan->get("schema_version")) {
    std::optional<int64_t> version = v->getAsInteger();
    if (!version)
      fail("$.schema_version", "schema_version must be an integer.");
    else if (*version < 1)
      fail("$.schema_version", "schema_version must be at least 1.");
  }
  if (const json::Value *v = plan->get("backend_version"))
    if (!v->getAsString())
      fail("$.backend_version", "backend_version must be a string when present.");

  std::optional<SmallVector<int64_t>> grid;
  if (const json::Value *v = plan->get("core_grid"))
    grid = ints(v, "$.core_grid", 2, "core_grid");

  if (const json::Value *v = plan->get("core_ranges")) {
    const json::Array *ranges = v->getAsArray();
    if (!ranges)
      fail("$.core_ranges", "core_ranges must be a list of ranges.");
    for (size_t i = 0; ranges && i < ranges->size(); ++i) {
      std::string path = "$.core_ranges[" + std::to_string(i) + "]";
      const json::Object *r = (*ranges)[i].getAsObject();
      if (!r || !r->get("start") || !r->get("extent")) {
        fail(path, "a core range needs both start and extent.");
        continue;
      }
      auto start = ints(r->get("start"), path + ".start", 2, "start");
      auto extent = ints(r->get("extent"), path + ".extent", 2, "extent");
      if (!start || !extent)
        continue;
      if ((*start)[0] < 0 || (*start)[1] < 0)
        fail(path + ".start", "the core range has a negative start.");
      if ((*extent)[0] <= 0 || (*extent)[1] <= 0)
        fail(path + ".extent", "the core range extent must be positive.");
      if (grid && ((*start)[0] + (*extent)[0] > (*grid)[0] ||
                   (*start)[1] + (*extent)[1] > (*grid)[1]))
        fail(path, "the core range exceeds the core grid bounds.");
    }
  }

  if (const json::Value *v = plan->get("work_partition")) {
    const json::Object *work = v->getAsObject();
    if (!work)
      fail("$.work_partition", "work_partition must be an object keyed by "
                               "\"(x,y)\".");
    for (const auto &[key, items] : work ? *work : json::Object()) {
      std::string path = "$.work_partition[\"" + key.str() + "\"]";
      auto core = tt::parseCoreKey(key);
      if (!core) {
        fail(path, "invalid work_partition key format: \"" + key.str() +
                       "\" is not of the form \"(x,y)\".");
        continue;
      }
      if (grid && (core->first >= (*grid)[0] || core->second >= (*grid)[1]))
        fail(path, "the core lies outside the core grid.");
      const json::Array *list = items.getAsArray();
      if (!list) {
        fail(path, "a core's work must be a list of work items.");
        continue;
      }
      for (size_t i = 0; i < list->size(); ++i) {
        std::string itemPath = path + "[" + std::to_string(i) + "]";
        const json::Object *item = (*list)[i].getAsObject();
        if (!item) {
          fail(itemPath, "a work item must be an object.");
          continue;
        }
        for (StringRef field : {"io", "jo"})
          if (!item->getInteger(field))
            fail(itemPath, "a work item needs an integer " + field + ".");
        // The original backend leaves len_k and tile_order out (or null)
        // when it has none (its WorkItem.to_json), so both are optional.
        if (const json::Value *lenK = item->get("len_k"))
          if (!lenK->getAsNull() && !lenK->getAsInteger())
            fail(itemPath, "len_k must be an integer when present.");
        if (const json::Value *order = item->get("tile_order"))
          if (!order->getAsNull() && !order->getAsString())
            fail(itemPath, "tile_order must be a string when present.");
      }
    }
  }

  if (const json::Value *v = plan->get("layouts"))
    if (!v->getAsObject())
      fail("$.layouts", "layouts must be an object keyed by buffer name.");

  // tilett's extensions, checked only when present so the original
  // backend's plans stay valid.
  llvm::StringSet<> bufferNames;
  bool haveBuffers = false;
  if (const json::Value *v = plan->get("buffers")) {
    const json::Array *buffers = v->getAsArray();
    haveBuffers = buffers != nullptr;
    if (!buffers)
      fail("$.buffers", "buffers must be a list.");
    for (size_t i = 0; buffers && i < buffers->size(); ++i) {
      const json::Object *b = (*buffers)[i].getAsObject();
      std::optional<StringRef> name = b ? b->getString("name") : std::nullopt;
      if (!name)
        fail("$.buffers[" + std::to_string(i) + "]",
             "a buffer needs a string name.");
      else
        bufferNames.insert(*name);
    }
  }
  if (const json::Value *v = plan->get("kernels")) {
    if (const json::Array *kernels = v->getAsArray())
      validateKernels(*kernels, haveBuffers ? &bufferNames : nullptr);
    else
      fail("$.kernels", "kernels must be a list.");
  }
}

void PlanValidator::validateKernels(const json::Array &kernels,
                                    const llvm::StringSet<> *bufferNames) {
  auto checkBuffer = [&](const json::Object *arg, StringRef key,
                         const Twine &path) {
    std::optional<StringRef> name = arg->getString(key);
    if (!name)
      fail(path, "the \"" + key + "\" argument must name a buffer.");
    else if (bufferNames && !bufferNames->contains(*name))
      fail(path, "the argument names unknown buffer '" + *name + "'.");
  };
  for (size_t k = 0; k < kernels.size(); ++k) {
    std::string path = "$.kernels[" + std::to_string(k) + "]";
    const json::Object *kernel = kernels[k].getAsObject();
    if (!kernel) {
      fail(path, "a kernel must be an object.");
      continue;
    }
    std::optional<StringRef> kind = kernel->getString("kind");
    if (!kind || !tt::symbolizeKernelKind(*kind))
      fail(path + ".kind", "unknown kernel kind '" +
                               (kind ? *kind : StringRef("<missing>")) +
                               "'; expected reader, compute or writer.");
    if (const json::Array *ct = kernel->getArray("compile_time_args"))
      for (size_t i = 0; i < ct->size(); ++i)
        if (const json::Object *arg = (*ct)[i].getAsObject())
          checkBuffer(arg, "accessor",
                      path + ".compile_time_args[" + std::to_string(i) + "]");
    const json::Object *rt = kernel->getObject("runtime_args");
    for (const auto &[core, args] : rt ? *rt : json::Object()) {
      std::string corePath = path + ".runtime_args[\"" + core.str() + "\"]";
      if (!tt::parseCoreKey(core))
        fail(corePath, "invalid runtime_args key format: \"" + core.str() +
                           "\" is not of the form \"(x,y)\".");
      const json::Array *list = args.getAsArray();
      if (!list) {
        fail(corePath, "runtime arguments must be a list.");
        continue;
      }
      if (list->size() > kMaxRuntimeArgs)
        fail(corePath, "the kernel has " + Twine(list->size()) +
                           " runtime arguments on this core but at most " +
                           Twine(kMaxRuntimeArgs) + " are allowed.");
      for (size_t i = 0; i < list->size(); ++i)
        if (const json::Object *arg = (*list)[i].getAsObject())
          checkBuffer(arg, "addr", corePath + "[" + std::to_string(i) + "]");
    }
  }
}

} // namespace

std::vector<std::string>
mlir::tilett::validateRuntimePlan(const json::Value &plan) {
  PlanValidator validator;
  validator.validate(plan);
  return std::move(validator.errors);
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

LogicalResult mlir::tilett::writeRuntimePlan(const json::Object &plan,
                                             StringRef path) {
  // Write next to the destination so the rename stays on one file system.
  SmallString<128> model(path);
  model += ".tmp-%%%%%%";
  int fd;
  SmallString<128> tempPath;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueFile(model, fd, tempPath)) {
    llvm::errs() << "error: cannot create a temporary file for plan '" << path
                 << "': " << ec.message() << "\n";
    return failure();
  }
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << llvm::formatv("{0:2}", json::Value(json::Object(plan))) << "\n";
    os.flush();
    if (os.has_error()) {
      llvm::errs() << "error: cannot write plan '" << tempPath
                   << "': " << os.error().message() << "\n";
      os.clear_error();
      llvm::sys::fs::remove(tempPath);
      return failure();
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(tempPath, path)) {
    llvm::errs() << "error: cannot move plan into place at '" << path
                 << "': " << ec.message() << "\n";
    llvm::sys::fs::remove(tempPath);
    return failure();
  }
  return success();
}
