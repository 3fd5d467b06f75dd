//===- PlanSchema.cpp - Typed entries of tt.plan.json ---------------------===//

#include "tilett/Target/Metalium/PlanSchema.h"
#include "tilett/Target/Metalium/PlanJSON.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Path.h"

using namespace mlir::tilett;
namespace json = llvm::json;

bool plan::fromJSON(const json::Value &v, Buffer &b, json::Path p) {
  json::ObjectMapper o(v, p);
  return o && o.map("name", b.name) && o.map("dtype", b.dtype) &&
         o.map("role", b.role) && o.map("shape", b.shape) &&
         o.map("padded_shape", b.paddedShape) &&
         o.map("page_size", b.pageSize) && o.map("num_pages", b.numPages) &&
         o.map("arg_index", b.argIndex) && o.map("memory", b.memory) &&
         o.map("layout", b.layout) && o.map("tile_id_order", b.tileIdOrder) &&
         o.map("tile", b.tile) && o.map("shard_grid", b.shardGrid) &&
         o.map("shard_shape", b.shardShape) && o.map("dim_order", b.dimOrder);
}

/// Sets o[key] when `value` is present.
template <typename T>
static void setOptional(json::Object &o, llvm::StringRef key,
                        const std::optional<T> &value) {
  if (value)
    o[key] = *value;
}

json::Value plan::toJSON(const Buffer &b) {
  json::Object o{{"name", b.name},
                 {"dtype", b.dtype},
                 {"role", b.role},
                 {"shape", b.shape},
                 {"padded_shape", b.paddedShape},
                 {"page_size", b.pageSize},
                 {"num_pages", b.numPages}};
  setOptional(o, "arg_index", b.argIndex);
  setOptional(o, "memory", b.memory);
  setOptional(o, "layout", b.layout);
  setOptional(o, "tile_id_order", b.tileIdOrder);
  setOptional(o, "tile", b.tile);
  setOptional(o, "shard_grid", b.shardGrid);
  setOptional(o, "shard_shape", b.shardShape);
  setOptional(o, "dim_order", b.dimOrder);
  return o;
}

json::Value plan::toJSON(const CircularBuffer &cb) {
  json::Object o{{"index", cb.index},
                 {"dtype", cb.dtype},
                 {"page_size", cb.pageSize},
                 {"num_pages", cb.numPages}};
  setOptional(o, "buffer", cb.buffer);
  return o;
}

json::Value plan::toJSON(const Semaphore &s) {
  return json::Object{{"id", s.id}, {"initial_value", s.initialValue}};
}

bool plan::fromJSON(const json::Value &v, CircularBuffer &cb, json::Path p) {
  json::ObjectMapper o(v, p);
  return o && o.map("index", cb.index) && o.map("dtype", cb.dtype) &&
         o.map("page_size", cb.pageSize) && o.map("num_pages", cb.numPages) &&
         o.map("buffer", cb.buffer);
}

bool plan::fromJSON(const json::Value &v, Semaphore &s, json::Path p) {
  json::ObjectMapper o(v, p);
  return o && o.map("id", s.id) && o.map("initial_value", s.initialValue);
}

bool plan::fromJSON(const json::Value &v, Kernel &k, json::Path p) {
  json::ObjectMapper o(v, p);
  return o && o.map("file", k.file) && o.map("processor", k.processor) &&
         o.map("noc", k.noc) && o.map("math_fidelity", k.mathFidelity) &&
         o.map("fp32_dest_acc_en", k.fp32DestAccEn) &&
         o.map("math_approx_mode", k.mathApproxMode) &&
         o.map("defines", k.defines);
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
// The runnable plan
//===----------------------------------------------------------------------===//

namespace {
/// json::Path keeps only literal messages; parseCoreKey says more.
constexpr llvm::StringLiteral kBadCoreKey =
    "expected a core key \"(x,y)\" of unsigned 32-bit coordinates";

/// A plan integer that must fit a 32-bit word (what the host API takes).
bool readWord(const json::Value &v, uint32_t &out, json::Path p,
              int64_t min = 0) {
  std::optional<int64_t> i = v.getAsInteger();
  if (!i || *i < min || *i > int64_t(UINT32_MAX)) {
    if (min)
      p.report("expected a positive 32-bit integer");
    else
      p.report("expected an unsigned 32-bit integer");
    return false;
  }
  out = uint32_t(*i);
  return true;
}

/// A JSON array, each element read with `read`.
template <typename T, typename Read>
bool readArray(const json::Value &v, std::vector<T> &out, json::Path p,
               Read read) {
  const json::Array *a = v.getAsArray();
  if (!a) {
    p.report("expected an array");
    return false;
  }
  out.resize(a->size());
  for (auto [i, e] : llvm::enumerate(*a))
    if (!read(e, out[i], p.index(i)))
      return false;
  return true;
}

bool readWords(const json::Value &v, std::vector<uint32_t> &out, json::Path p,
               int64_t min = 0) {
  return readArray(v, out, p, [min](const json::Value &e, uint32_t &w,
                                    json::Path p) {
    return readWord(e, w, p, min);
  });
}

/// Reads field `key` of `o` with `read`; a missing field keeps `out`'s
/// default unless it is required.
template <typename T, typename Read>
bool field(const json::Object &o, llvm::StringLiteral key, T &out,
           json::Path p, bool required, Read read) {
  const json::Value *v = o.get(key);
  if (!v) {
    if (required)
      p.field(key).report("missing value");
    return !required;
  }
  return read(*v, out, p.field(key));
}

bool readDType(const json::Value &v, host::DType &out, json::Path p) {
  std::optional<llvm::StringRef> s = v.getAsString();
  const host::DTypeInfo *d = s ? host::findDType(*s) : nullptr;
  if (!d) {
    p.report("expected dtype bf16, f16, f32 or i32");
    return false;
  }
  out = d->dtype;
  return true;
}

/// One choice among `names`, as its index.
template <typename E>
bool readChoice(const json::Value &v, E &out, json::Path p,
                llvm::ArrayRef<const char *> names,
                llvm::StringLiteral message) {
  std::optional<llvm::StringRef> s = v.getAsString();
  for (auto [i, name] : llvm::enumerate(names))
    if (s && *s == name) {
      out = E(i);
      return true;
    }
  p.report(message);
  return false;
}
} // namespace

namespace tilett_host {
static bool fromJSON(const json::Value &v, Arg &arg, json::Path p) {
  if (v.getAsInteger())
    return readWord(v, arg.value, p);
  const json::Object *o = v.getAsObject();
  if (o && o->size() == 1) {
    const auto &[key, value] = *o->begin();
    std::optional<llvm::StringRef> text = value.getAsString();
    auto kind = llvm::StringSwitch<std::optional<Arg::Kind>>(key)
                    .Case("addr", Arg::Kind::Address)
                    .Case("accessor", Arg::Kind::Accessor)
                    .Case("noc_x", Arg::Kind::NocX)
                    .Case("noc_y", Arg::Kind::NocY)
                    .Default(std::nullopt);
    if (kind && !text) {
      p.field(key).report("expected a string");
      return false;
    }
    if (kind == Arg::Kind::Address || kind == Arg::Kind::Accessor) {
      arg = Arg(*kind, text->str());
      return true;
    }
    if (kind) {
      auto core = mlir::tilett::plan::parseCoreKey(*text);
      if (!core) {
        llvm::consumeError(core.takeError());
        p.field(key).report(kBadCoreKey);
        return false;
      }
      arg = Arg(*kind, "", core->first, core->second);
      return true;
    }
  }
  p.report("expected an integer, {\"addr\"|\"accessor\": <buffer>} or "
           "{\"noc_x\"|\"noc_y\": \"(x,y)\"}");
  return false;
}
} // namespace tilett_host

namespace {
using namespace ::tilett_host;

bool readArgs(const json::Value &v, std::vector<Arg> &out, json::Path p,
              bool compileTime) {
  if (!json::fromJSON(v, out, p))
    return false;
  for (auto [i, arg] : llvm::enumerate(out)) {
    bool runtimeOnly = arg.kind == Arg::Kind::Address ||
                       arg.kind == Arg::Kind::NocX ||
                       arg.kind == Arg::Kind::NocY;
    if (compileTime ? runtimeOnly : arg.kind == Arg::Kind::Accessor) {
      if (compileTime)
        p.index(i).report("expected an integer or {\"accessor\": <buffer>}");
      else
        p.index(i).report("expected an integer, {\"addr\": <buffer>} or "
                          "{\"noc_x\"|\"noc_y\": \"(x,y)\"}");
      return false;
    }
  }
  return true;
}

bool readBuffer(const json::Value &v, Buffer &b, json::Path p) {
  const json::Object *o = v.getAsObject();
  if (!o) {
    p.report("expected object");
    return false;
  }
  auto string = [](const json::Value &v, std::string &s, json::Path p) {
    return json::fromJSON(v, s, p);
  };
  auto positive = [](const json::Value &v, std::vector<uint32_t> &s,
                     json::Path p) { return readWords(v, s, p, 1); };
  auto word = [](const json::Value &v, uint32_t &w, json::Path p) {
    return readWord(v, w, p);
  };
  bool memoryOk = field(*o, "memory", b.l1, p, false,
                        [](const json::Value &v, bool &l1, json::Path p) {
                          unsigned which = 0;
                          if (!readChoice(v, which, p, {"dram", "l1"},
                                          "expected memory dram or l1"))
                            return false;
                          l1 = which == 1;
                          return true;
                        });
  return field(*o, "name", b.name, p, true, string) &&
         field(*o, "dtype", b.dtype, p, true, readDType) &&
         field(*o, "role", b.role, p, true,
               [](const json::Value &v, Role &r, json::Path p) {
                 return readChoice(v, r, p, kRoleNames,
                                   "expected role input, output, inout or unused");
               }) &&
         field(*o, "shape", b.shape, p, true, positive) &&
         field(*o, "padded_shape", b.paddedShape, p, true, positive) &&
         field(*o, "page_size", b.pageSize, p, true, word) &&
         field(*o, "num_pages", b.numPages, p, true, word) &&
         field(*o, "dim_order", b.dimOrder, p, false,
               [](const json::Value &v, std::vector<uint32_t> &s,
                  json::Path p) { return readWords(v, s, p, 0); }) &&
         memoryOk;
}

bool readCoreRange(const json::Value &v, CoreRange &r, json::Path p) {
  const json::Object *o = v.getAsObject();
  std::vector<uint32_t> start, extent;
  if (!o) {
    p.report("expected object");
    return false;
  }
  auto pair = [](int64_t min) {
    return [min](const json::Value &v, std::vector<uint32_t> &out,
                 json::Path p) {
      if (!readWords(v, out, p, min))
        return false;
      if (out.size() != 2)
        p.report("expected two integers [x, y]");
      return out.size() == 2;
    };
  };
  if (!field(*o, "start", start, p, true, pair(0)) ||
      !field(*o, "extent", extent, p, true, pair(1)))
    return false;
  r = {start[0], start[1], extent[0], extent[1]};
  return true;
}

bool readCircularBuffer(const json::Value &v, CircularBuffer &cb,
                        json::Path p) {
  const json::Object *o = v.getAsObject();
  if (!o) {
    p.report("expected object");
    return false;
  }
  auto positive = [](const json::Value &v, uint32_t &w, json::Path p) {
    return readWord(v, w, p, 1);
  };
  if (!field(*o, "index", cb.index, p, true,
             [](const json::Value &v, uint32_t &w, json::Path p) {
               if (!readWord(v, w, p))
                 return false;
               if (w > 31)
                 p.report("expected a circular buffer index in 0..31");
               return w <= 31;
             }) ||
      !field(*o, "dtype", cb.dtype, p, true, readDType) ||
      !field(*o, "page_size", cb.pageSize, p, true, positive) ||
      !field(*o, "num_pages", cb.numPages, p, true, positive))
    return false;
  if (uint64_t(cb.pageSize) * cb.numPages > UINT32_MAX) {
    p.report("expected page_size * num_pages to fit 32 bits");
    return false;
  }
  return true;
}

bool readKernel(const json::Value &v, Kernel &k, json::Path p) {
  const json::Object *o = v.getAsObject();
  plan::Kernel scalars;
  if (!o) {
    p.report("expected object");
    return false;
  }
  if (!plan::fromJSON(v, scalars, p))
    return false;
  if (!field(*o, "kind", k.kind, p, true,
             [](const json::Value &v, KernelKind &kind, json::Path p) {
               return readChoice(v, kind, p, kKernelKindNames,
                                 "expected kind reader, compute or writer");
             }))
    return false;
  // Checked by readRuntimePlan, whose message names the file.
  k.file = scalars.file;
  // Data movement kernels default to the reader/writer convention (reader
  // on RISC-V 1, writer on RISC-V 0) and to the NOC of their processor.
  std::string processor = scalars.processor.value_or(
      k.kind == KernelKind::Reader ? "riscv_1" : "riscv_0");
  if (k.kind != KernelKind::Compute &&
      !readChoice(json::Value(processor), k.processor, p.field("processor"),
                  {"riscv_0", "riscv_1"}, "expected processor riscv_0 or riscv_1"))
    return false;
  int64_t noc = scalars.noc.value_or(k.processor);
  if (noc != 0 && noc != 1) {
    p.field("noc").report("expected noc 0 or 1");
    return false;
  }
  k.noc = uint32_t(noc);
  if (!readChoice(json::Value(scalars.mathFidelity.value_or("HiFi4")),
                  k.fidelity, p.field("math_fidelity"),
                  kFidelityNames,
                  "expected math_fidelity LoFi, HiFi2, HiFi3 or HiFi4"))
    return false;
  // tt-metal's ComputeConfig defaults.
  k.fp32DestAccEn = scalars.fp32DestAccEn.value_or(false);
  k.mathApproxMode = scalars.mathApproxMode.value_or(false);
  k.defines = scalars.defines.value_or(std::map<std::string, std::string>{});
  if (!field(*o, "compile_time_args", k.compileArgs, p, false,
             [](const json::Value &v, std::vector<Arg> &a, json::Path p) {
               return readArgs(v, a, p, /*compileTime=*/true);
             }))
    return false;
  const json::Value *rt = o->get("runtime_args");
  if (!rt)
    return true;
  const json::Object *perCore = rt->getAsObject();
  if (!perCore) {
    p.field("runtime_args").report("expected an object keyed by \"(x,y)\"");
    return false;
  }
  // A Path points at its parent: keep the parent alive.
  json::Path perCorePath = p.field("runtime_args");
  for (const auto &[key, list] : *perCore) {
    json::Path at = perCorePath.field(key);
    auto core = plan::parseCoreKey(key);
    if (!core) {
      llvm::consumeError(core.takeError());
      at.report(kBadCoreKey);
      return false;
    }
    CoreArgs args{core->first, core->second, {}};
    if (!readArgs(list, args.args, at, /*compileTime=*/false))
      return false;
    k.runtimeArgs.push_back(std::move(args));
  }
  // A json::Object's order is its hash table's: list cores row by row.
  llvm::sort(k.runtimeArgs, [](const CoreArgs &a, const CoreArgs &b) {
    return std::make_pair(a.y, a.x) < std::make_pair(b.y, b.x);
  });
  return true;
}

template <typename T, typename Read>
bool readList(const json::Object &o, llvm::StringLiteral key,
              std::vector<T> &out, json::Path p, bool required, Read read) {
  return field(o, key, out, p, required,
               [&](const json::Value &v, std::vector<T> &out, json::Path p) {
                 return readArray(v, out, p, read);
               });
}
} // namespace

bool plan::fromJSON(const json::Value &v, RuntimePlan &plan, json::Path p) {
  const json::Object *o = v.getAsObject();
  if (!o) {
    p.report("expected object");
    return false;
  }
  host::Plan &h = plan.host;
  h.kernel = o->getString("kernel").value_or("kernel").str();
  json::ObjectMapper mapper(v, p);
  if (!mapper.map("arch", plan.arch) || !mapper.map("buffers", plan.buffers))
    return false;
  std::vector<Semaphore> semaphores;
  if (!readList(*o, "buffers", h.buffers, p, true, readBuffer) ||
      !readList(*o, "core_ranges", h.cores, p, true, readCoreRange) ||
      !readList(*o, "circular_buffers", h.circularBuffers, p, true,
                readCircularBuffer) ||
      !readList(*o, "semaphores", semaphores, p, false,
                [](const json::Value &v, Semaphore &s, json::Path p) {
                  return plan::fromJSON(v, s, p);
                }) ||
      !readList(*o, "kernels", h.kernels, p, true, readKernel))
    return false;
  if (h.cores.empty()) {
    p.field("core_ranges").report("expected at least one core range");
    return false;
  }
  for (auto [i, s] : llvm::enumerate(semaphores)) {
    // CreateSemaphore numbers semaphores in creation order.
    if (s.id != int64_t(i) || s.initialValue < 0 ||
        s.initialValue > int64_t(UINT32_MAX)) {
      p.field("semaphores").index(i).report(
          "expected id equal to the semaphore's position and a 32-bit "
          "initial_value");
      return false;
    }
    h.semaphores.push_back(uint32_t(s.initialValue));
  }
  return true;
}

llvm::Expected<plan::RuntimePlan>
plan::readRuntimePlan(const json::Value &value) {
  llvm::Expected<RuntimePlan> plan = read<RuntimePlan>(value, "$");
  if (!plan)
    return plan.takeError();
  auto fail = [](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  };
  llvm::StringSet<> names;
  for (const host::Buffer &b : plan->host.buffers)
    names.insert(b.name);
  for (auto [k, kernel] : llvm::enumerate(plan->host.kernels)) {
    std::string at = "$.kernels[" + std::to_string(k) + "]";
    if (std::optional<std::string> error = checkKernelFile(kernel.file))
      return fail(at + ".file: " + *error);
    auto check = [&](const std::vector<host::Arg> &args,
                     const std::string &where) -> llvm::Error {
      for (auto [i, arg] : llvm::enumerate(args))
        if ((arg.kind == host::Arg::Kind::Address ||
             arg.kind == host::Arg::Kind::Accessor) &&
            !names.contains(arg.buffer))
          return fail(where + "[" + std::to_string(i) +
                      "]: the argument names unknown buffer '" + arg.buffer +
                      "'.");
      return llvm::Error::success();
    };
    if (llvm::Error error =
            check(kernel.compileArgs, at + ".compile_time_args"))
      return std::move(error);
    for (const host::CoreArgs &core : kernel.runtimeArgs)
      if (llvm::Error error =
              check(core.args, at + ".runtime_args" +
                                   planPathKey(formatCoreKey(core.x, core.y))))
        return std::move(error);
  }
  return plan;
}
