//===- PlanSchema.cpp - tt.plan.json as one typed C++ value ---------------===//
//
// The only fromJSON/toJSON of the plan's fields. Each struct lists its keys
// once (forEachField), for reading with llvm::json::ObjectMapper and for
// writing; absent optionals are left out, so a plan that was read and
// written again is the plan that was read, less unknown keys.
//
//===----------------------------------------------------------------------===//

#include "tilett/Target/Metalium/PlanSchema.h"
#include "tilett/Target/Metalium/PlanJSON.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <concepts>
#include <type_traits>

using namespace mlir::tilett;
namespace json = llvm::json;

//===----------------------------------------------------------------------===//
// Each struct's fields, listed once for both directions
//===----------------------------------------------------------------------===//

namespace {
/// S is T or const T.
template <typename S, typename T>
concept Is = std::same_as<std::remove_const_t<S>, T>;

// forEachField(s, f) calls f(key, field) for every field of `s`, in the
// order the reader checks them: the one list of a struct's JSON keys.

template <Is<plan::CoreRange> S, typename F> void forEachField(S &r, F &&f) {
  f("start", r.start);
  f("extent", r.extent);
}

template <Is<plan::WorkItem> S, typename F> void forEachField(S &w, F &&f) {
  f("io", w.io);
  f("jo", w.jo);
  f("len_k", w.lenK);
  f("tile_order", w.tileOrder);
  f("len_m", w.lenM);
  f("len_n", w.lenN);
}

template <Is<plan::Layout> S, typename F> void forEachField(S &l, F &&f) {
  f("shard", l.shard);
  f("interleave", l.interleave);
  f("tile_id_order", l.tileIdOrder);
}

template <Is<plan::Buffer> S, typename F> void forEachField(S &b, F &&f) {
  f("name", b.name);
  f("dtype", b.dtype);
  f("role", b.role);
  f("shape", b.shape);
  f("padded_shape", b.paddedShape);
  f("page_size", b.pageSize);
  f("num_pages", b.numPages);
  f("arg_index", b.argIndex);
  f("memory", b.memory);
  f("layout", b.layout);
  f("tile_id_order", b.tileIdOrder);
  f("tile", b.tile);
  f("shard_grid", b.shardGrid);
  f("shard_shape", b.shardShape);
  f("dim_order", b.dimOrder);
}

template <Is<plan::CircularBuffer> S, typename F>
void forEachField(S &cb, F &&f) {
  f("index", cb.index);
  f("dtype", cb.dtype);
  f("page_size", cb.pageSize);
  f("num_pages", cb.numPages);
  f("buffer", cb.buffer);
}

template <Is<plan::Semaphore> S, typename F> void forEachField(S &s, F &&f) {
  f("id", s.id);
  f("initial_value", s.initialValue);
}

template <Is<plan::Kernel> S, typename F> void forEachField(S &k, F &&f) {
  f("kind", k.kind);
  f("file", k.file);
  f("processor", k.processor);
  f("noc", k.noc);
  f("math_fidelity", k.mathFidelity);
  f("fp32_dest_acc_en", k.fp32DestAccEn);
  f("math_approx_mode", k.mathApproxMode);
  f("compile_time_args", k.compileTimeArgs);
  f("defines", k.defines);
  f("runtime_args", k.runtimeArgs);
}

template <Is<plan::RuntimePlan> S, typename F>
void forEachField(S &plan, F &&f) {
  f("schema_version", plan.schemaVersion);
  f("backend_version", plan.backendVersion);
  f("kernel", plan.kernel);
  f("arch", plan.arch);
  f("core_grid", plan.coreGrid);
  f("core_ranges", plan.coreRanges);
  f("work_partition", plan.workPartition);
  f("layouts", plan.layouts);
  f("buffers", plan.buffers);
  f("circular_buffers", plan.circularBuffers);
  f("semaphores", plan.semaphores);
  f("kernels", plan.kernels);
}

/// Reads every field with the mapper: a required (non-optional) field must
/// be present, an optional one may be absent or null.
template <typename S>
bool readFields(const json::Value &v, S &s, json::Path p) {
  json::ObjectMapper o(v, p);
  if (!o)
    return false;
  bool ok = true;
  forEachField(s, [&](llvm::StringLiteral key, auto &field) {
    ok = ok && o.map(key, field);
  });
  return ok;
}

/// `value` as JSON: json::Value's own conversions, and objects for maps.
template <typename T> json::Value toValue(const T &value) { return value; }
template <typename T> json::Value toValue(const std::map<std::string, T> &map) {
  json::Object o;
  for (const auto &[key, value] : map)
    o[key] = toValue(value);
  return o;
}

/// o[key] = value; an absent optional is left out.
template <typename T>
void put(json::Object &o, llvm::StringRef key, const T &value) {
  o[key] = toValue(value);
}
template <typename T>
void put(json::Object &o, llvm::StringRef key, const std::optional<T> &value) {
  if (value)
    o[key] = toValue(*value);
}

template <typename S> json::Value writeFields(const S &s) {
  json::Object o;
  forEachField(s, [&](llvm::StringLiteral key, const auto &field) {
    put(o, key, field);
  });
  return o;
}
} // namespace

#define TILETT_PLAN_MAPPING(Type)                                              \
  bool plan::fromJSON(const json::Value &v, Type &s, json::Path p) {           \
    return readFields(v, s, p);                                                \
  }                                                                            \
  json::Value plan::toJSON(const Type &s) { return writeFields(s); }

TILETT_PLAN_MAPPING(CoreRange)
TILETT_PLAN_MAPPING(WorkItem)
TILETT_PLAN_MAPPING(Layout)
TILETT_PLAN_MAPPING(Buffer)
TILETT_PLAN_MAPPING(CircularBuffer)
TILETT_PLAN_MAPPING(Semaphore)
TILETT_PLAN_MAPPING(Kernel)
TILETT_PLAN_MAPPING(RuntimePlan)
#undef TILETT_PLAN_MAPPING

//===----------------------------------------------------------------------===//
// Arguments
//===----------------------------------------------------------------------===//

/// The object key of each Arg kind but Value, indexed by Arg::Kind.
static constexpr llvm::StringLiteral kArgKeys[] = {"", "addr", "accessor",
                                                   "noc_x", "noc_y"};

bool plan::fromJSON(const json::Value &v, Arg &a, json::Path p) {
  if (std::optional<int64_t> i = v.getAsInteger()) {
    a = Arg(*i);
    return true;
  }
  const json::Object *o = v.getAsObject();
  if (o && o->size() == 1) {
    const auto &[key, value] = *o->begin();
    for (unsigned k = 1; k < std::size(kArgKeys); ++k) {
      if (llvm::StringRef(key) != kArgKeys[k])
        continue;
      std::string name;
      if (!json::fromJSON(value, name, p.field(kArgKeys[k])))
        return false;
      a = Arg(Arg::Kind(k), std::move(name));
      return true;
    }
  }
  p.report("expected an integer, {\"addr\"|\"accessor\": <buffer>} or "
           "{\"noc_x\"|\"noc_y\": \"(x,y)\"}");
  return false;
}

json::Value plan::toJSON(const Arg &a) {
  if (a.kind == Arg::Kind::Value)
    return a.value;
  return json::Object{{kArgKeys[unsigned(a.kind)], a.name}};
}

std::vector<std::string>
plan::readFieldByField(const json::Value &v, RuntimePlan &plan,
                       std::vector<std::string> &unread) {
  std::vector<std::string> errors;
  const json::Object *o = v.getAsObject();
  if (!o)
    return {"$: expected object."};
  forEachField(plan, [&](llvm::StringLiteral key, auto &field) {
    const json::Value *value = o->get(key);
    if (!value)
      return;
    json::Path::Root root("$");
    if (json::fromJSON(*value, field, json::Path(root).field(key)))
      return;
    errors.push_back(describeError(root));
    field.reset();
    unread.push_back(key.str());
  });
  return errors;
}

std::string plan::printRuntimePlan(const RuntimePlan &plan) {
  // llvm::json prints object keys sorted, so the text depends only on the
  // values.
  return llvm::formatv("{0:2}", toJSON(plan)).str() + "\n";
}

/// LLVM prints every field as ".name"; the validator (and so every plan
/// message) spells a field that is not an identifier, a core key, as
/// ["key"]. Keys with '.' or '[' would be ambiguous here, but no plan
/// field or core key has them.
static std::string planStylePath(llvm::StringRef where) {
  std::string out;
  while (!where.empty()) {
    size_t next = where.find_first_of(".[", 1);
    llvm::StringRef segment = where.substr(0, next);
    where = where.substr(segment.size());
    if (segment.consume_front("."))
      out += planPathField(segment);
    else
      out += segment;
  }
  return out;
}

std::string plan::describeError(const json::Path::Root &root) {
  std::string text = llvm::toString(root.getError());
  // LLVM's messages are fixed phrases without either separator.
  for (llvm::StringRef separator : {" at ", " when parsing "}) {
    auto [message, where] = llvm::StringRef(text).split(separator);
    if (!where.empty())
      return planStylePath(where) + ": " + message.str() + ".";
  }
  return "$: " + text + ".";
}

std::optional<std::string> plan::checkKernelFile(llvm::StringRef file) {
  namespace sp = llvm::sys::path;
  // The host program splices the name into a C++ string literal.
  if (file.empty() || !llvm::all_of(file, [](char c) {
        return llvm::isAlnum(c) || llvm::StringRef("_-./").contains(c);
      }))
    return std::string("a kernel file must be a non-empty path of letters, "
                       "digits, '_', '-', '.' and '/'.");
  if (sp::is_absolute(file, sp::Style::posix))
    return "the kernel file '" + file.str() +
           "' must be relative to the plan's directory.";
  int depth = 0;
  for (llvm::StringRef part :
       llvm::make_range(sp::begin(file, sp::Style::posix), sp::end(file))) {
    depth += part == ".." ? -1 : part == "." ? 0 : 1;
    if (depth < 0)
      return "the kernel file '" + file.str() + "' leaves the plan's directory.";
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Core keys
//===----------------------------------------------------------------------===//

llvm::Expected<std::pair<uint32_t, uint32_t>>
plan::parseCoreKey(llvm::StringRef key) {
  auto fail = [&](const llvm::Twine &why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "core key '" + key + "': " + why);
  };
  llvm::StringRef inner = key.trim();
  if (!inner.consume_front("("))
    return fail("expected '(' x ',' y ')' but it does not start with '('");
  if (!inner.consume_back(")"))
    return fail("expected '(' x ',' y ')' but it does not end with ')'");
  if (inner.count(',') != 1)
    return fail("expected two coordinates separated by one ','");
  auto [xs, ys] = inner.split(',');
  uint32_t xy[2];
  llvm::StringRef parts[] = {xs.trim(), ys.trim()};
  for (auto [i, part] : llvm::enumerate(parts)) {
    const char *axis = i == 0 ? "x" : "y";
    if (part.empty() || !llvm::all_of(part, llvm::isDigit))
      return fail(llvm::Twine(axis) + " '" + part +
                  "' is not an unsigned integer");
    uint64_t value;
    if (part.getAsInteger(10, value) || value > UINT32_MAX)
      return fail(llvm::Twine(axis) + " " + part + " does not fit 32 bits");
    xy[i] = uint32_t(value);
  }
  return std::make_pair(xy[0], xy[1]);
}

std::string plan::formatCoreKey(int64_t x, int64_t y) {
  return "(" + std::to_string(x) + "," + std::to_string(y) + ")";
}

//===----------------------------------------------------------------------===//
// What the host runs
//===----------------------------------------------------------------------===//

/// The index of `name` in `names` (a host enum's spelling), else `fallback`.
template <typename E, size_t N>
static E choice(llvm::StringRef name, const char *const (&names)[N],
                E fallback) {
  for (size_t i = 0; i < N; ++i)
    if (name == names[i])
      return E(i);
  return fallback;
}

static host::DType dtypeOf(llvm::StringRef name) {
  const host::DTypeInfo *d = host::findDType(name);
  return d ? d->dtype : host::DType::BF16;
}

static std::vector<uint32_t> words(const std::vector<int64_t> &v) {
  return std::vector<uint32_t>(v.begin(), v.end());
}

static host::Arg hostArg(const plan::Arg &a) {
  using Kind = plan::Arg::Kind;
  switch (a.kind) {
  case Kind::Value:
    return host::Arg(uint32_t(a.value));
  case Kind::Address:
    return host::address(a.name);
  case Kind::Accessor:
    return host::accessor(a.name);
  case Kind::NocX:
  case Kind::NocY: {
    auto core = plan::parseCoreKey(a.name);
    if (!core) {
      llvm::consumeError(core.takeError());
      return host::Arg();
    }
    return a.kind == Kind::NocX ? host::nocX(core->first, core->second)
                                : host::nocY(core->first, core->second);
  }
  }
  return host::Arg();
}

static std::vector<host::Arg> hostArgs(const std::vector<plan::Arg> &args) {
  std::vector<host::Arg> out;
  for (const plan::Arg &a : args)
    out.push_back(hostArg(a));
  return out;
}

host::Plan plan::toHostPlan(const RuntimePlan &plan) {
  host::Plan h;
  h.kernel = plan.kernel.value_or("kernel");
  for (const Buffer &b : plan.buffers.value_or(std::vector<Buffer>{})) {
    host::Buffer &hb = h.buffers.emplace_back();
    hb.name = b.name;
    hb.role = choice(b.role, host::kRoleNames, host::Role::Unused);
    hb.dtype = dtypeOf(b.dtype);
    hb.shape = words(b.shape);
    hb.paddedShape = words(b.paddedShape);
    hb.pageSize = uint32_t(b.pageSize);
    hb.numPages = uint32_t(b.numPages);
    hb.l1 = b.memory == "l1";
    if (b.dimOrder)
      hb.dimOrder = words(*b.dimOrder);
  }
  for (const CoreRange &r : plan.coreRanges.value_or(std::vector<CoreRange>{}))
    if (r.start && r.extent && r.start->size() == 2 && r.extent->size() == 2)
      h.cores.push_back({uint32_t((*r.start)[0]), uint32_t((*r.start)[1]),
                         uint32_t((*r.extent)[0]), uint32_t((*r.extent)[1])});
  for (const CircularBuffer &cb :
       plan.circularBuffers.value_or(std::vector<CircularBuffer>{}))
    h.circularBuffers.push_back({uint32_t(cb.index), dtypeOf(cb.dtype),
                                 uint32_t(cb.pageSize), uint32_t(cb.numPages)});
  for (const Semaphore &s : plan.semaphores.value_or(std::vector<Semaphore>{}))
    h.semaphores.push_back(uint32_t(s.initialValue));
  for (const Kernel &k : plan.kernels.value_or(std::vector<Kernel>{})) {
    host::Kernel &hk = h.kernels.emplace_back();
    hk.kind = choice(k.kind.value_or(""), host::kKernelKindNames,
                     host::KernelKind::Reader);
    hk.file = k.file;
    if (hk.kind != host::KernelKind::Compute)
      hk.processor = k.processor.value_or(hk.kind == host::KernelKind::Reader
                                              ? "riscv_1"
                                              : "riscv_0") == "riscv_1";
    hk.noc = uint32_t(k.noc.value_or(hk.processor));
    hk.fidelity = choice(k.mathFidelity.value_or("HiFi4"), host::kFidelityNames,
                         host::Fidelity::HiFi4);
    hk.fp32DestAccEn = k.fp32DestAccEn.value_or(false);
    hk.mathApproxMode = k.mathApproxMode.value_or(false);
    hk.defines = k.defines.value_or(std::map<std::string, std::string>{});
    hk.compileArgs = hostArgs(k.compileTimeArgs.value_or(std::vector<Arg>{}));
    for (const auto &[key, args] :
         k.runtimeArgs.value_or(std::map<std::string, std::vector<Arg>>{})) {
      auto core = parseCoreKey(key);
      if (!core) {
        llvm::consumeError(core.takeError());
        continue;
      }
      hk.runtimeArgs.push_back({core->first, core->second, hostArgs(args)});
    }
    // Keys sort as text; the host lists cores row by row.
    llvm::sort(hk.runtimeArgs,
               [](const host::CoreArgs &a, const host::CoreArgs &b) {
                 return std::make_pair(a.y, a.x) < std::make_pair(b.y, b.x);
               });
  }
  return h;
}
