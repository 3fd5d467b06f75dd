//===- HostEmitter.cpp - runtime plan to a TT-Metalium host program -------===//
//
// The host program is written with a small structured writer rather than
// EmitC: it needs namespaces, designated initialisers, lambdas, std::vector
// and shared_ptr-typed locals, none of which EmitC models. The
// plan-independent helpers (tilize, dtype conversion, file I/O, options) are
// one fixed prelude; everything that comes from the plan is generated.
//
//===----------------------------------------------------------------------===//

#include "tilett/Target/Metalium/HostEmitter.h"
#include "tilett/Target/Metalium/PlanSchema.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#ifndef TILETT_VERSION
#define TILETT_VERSION "unknown"
#endif

using namespace llvm;
using namespace mlir::tilett::metalium;

std::optional<HostApi> mlir::tilett::metalium::parseHostApi(StringRef text) {
  if (text == "current")
    return HostApi::Current;
  if (text == "classic")
    return HostApi::Classic;
  return std::nullopt;
}

/// Everything the generated program needs that does not depend on the plan.
static constexpr StringLiteral kPrelude = R"cpp(
namespace {

enum class DType { BF16, F16, F32, I32 };

struct BufferSpec {
  const char *name;
  bool isInput;
  bool isOutput;
  DType dtype;
  std::vector<uint32_t> shape;       // logical, row-major
  std::vector<uint32_t> paddedShape; // what the device holds, in tiles
  uint32_t pageSize;
  uint32_t numPages;
  bool dram;
};

uint32_t elementBytes(DType t) {
  return (t == DType::BF16 || t == DType::F16) ? 2 : 4;
}

uint64_t product(const std::vector<uint32_t> &v) {
  uint64_t n = 1;
  for (uint32_t d : v)
    n *= d;
  return n;
}

// A rank-1 buffer is a column vector: element i at row i, column 0, in
// tiles padded to 32 columns.
uint32_t rows(const std::vector<uint32_t> &s) {
  return s.empty() ? 1 : s.size() == 1 ? s[0] : s[s.size() - 2];
}
uint32_t cols(const std::vector<uint32_t> &s) {
  return s.size() < 2 ? 1 : s.back();
}
uint32_t paddedCols(const std::vector<uint32_t> &s) {
  return s.size() < 2 ? 32 : s.back();
}

// Device layout: 32x32 tiles of four 16x16 faces, tiles in row-major tile-id
// order over the padded shape, leading dimensions outermost.
uint64_t tiledOffset(const BufferSpec &b, uint64_t batch, uint32_t r,
                     uint32_t c) {
  uint64_t tilesR = rows(b.paddedShape) / 32, tilesC = paddedCols(b.paddedShape) / 32;
  uint64_t tile = (batch * tilesR + r / 32) * tilesC + c / 32;
  uint32_t tr = r % 32, tc = c % 32;
  uint32_t face = (tr / 16) * 2 + tc / 16;
  return tile * 1024 + face * 256 + (tr % 16) * 16 + tc % 16;
}

void convertLayout(const BufferSpec &b, const std::vector<uint8_t> &from,
                   std::vector<uint8_t> &to, bool tilize) {
  uint32_t eb = elementBytes(b.dtype);
  uint32_t h = rows(b.shape), w = cols(b.shape);
  uint64_t batches = product(b.shape) / (uint64_t(h) * w);
  for (uint64_t n = 0; n < batches; ++n)
    for (uint32_t r = 0; r < h; ++r)
      for (uint32_t c = 0; c < w; ++c) {
        uint64_t rm = (n * h + r) * w + c;
        uint64_t tl = tiledOffset(b, n, r, c);
        if (tilize)
          std::memcpy(&to[tl * eb], &from[rm * eb], eb);
        else
          std::memcpy(&to[rm * eb], &from[tl * eb], eb);
      }
}

uint16_t floatToBf16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  u += 0x7fff + ((u >> 16) & 1); // round to nearest even
  return uint16_t(u >> 16);
}

uint16_t floatToF16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  uint32_t sign = (u >> 16) & 0x8000;
  int32_t exp = int32_t((u >> 23) & 0xff) - 127 + 15;
  uint32_t mant = u & 0x7fffff;
  if (exp <= 0)
    return uint16_t(sign); // the seeded pattern has no f16 subnormals
  if (exp >= 31)
    return uint16_t(sign | 0x7c00);
  uint32_t h = sign | (uint32_t(exp) << 10) | (mant >> 13);
  uint32_t rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (h & 1)))
    ++h;
  return uint16_t(h);
}

double elementValue(DType t, const uint8_t *p) {
  switch (t) {
  case DType::BF16: {
    uint16_t h;
    std::memcpy(&h, p, 2);
    uint32_t u = uint32_t(h) << 16;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
  }
  case DType::F16: {
    uint16_t h;
    std::memcpy(&h, p, 2);
    int exp = (h >> 10) & 0x1f;
    double m = h & 0x3ff;
    double v = exp == 0 ? std::ldexp(m, -24) : std::ldexp(m + 1024, exp - 25);
    return (h & 0x8000) ? -v : v;
  }
  case DType::F32: {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  case DType::I32: {
    int32_t i;
    std::memcpy(&i, p, 4);
    return i;
  }
  }
  return 0;
}

// Values in [-1, 1) (integers in [-8, 8)) from a seeded generator, so runs
// are repeatable and a reference can recompute them.
std::vector<uint8_t> seededPattern(const BufferSpec &b, uint32_t seed) {
  uint32_t eb = elementBytes(b.dtype);
  std::vector<uint8_t> out(product(b.shape) * eb);
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> real(-1.0f, 1.0f);
  std::uniform_int_distribution<int32_t> integer(-8, 7);
  for (uint64_t i = 0, e = product(b.shape); i < e; ++i) {
    uint8_t *p = &out[i * eb];
    if (b.dtype == DType::BF16) {
      uint16_t h = floatToBf16(real(gen));
      std::memcpy(p, &h, 2);
    } else if (b.dtype == DType::F16) {
      uint16_t h = floatToF16(real(gen));
      std::memcpy(p, &h, 2);
    } else if (b.dtype == DType::F32) {
      float f = real(gen);
      std::memcpy(p, &f, 4);
    } else {
      int32_t v = integer(gen);
      std::memcpy(p, &v, 4);
    }
  }
  return out;
}

bool readFile(const std::string &path, std::vector<uint8_t> &bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  bytes.assign(std::istreambuf_iterator<char>(in), {});
  return true;
}

bool writeFile(const std::string &path, const std::vector<uint8_t> &bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  return bool(out);
}

struct Options {
  std::map<std::string, std::string> inputs, outputs;
  uint32_t seed = 0;
  std::string kernelDir;
};

std::string defaultKernelDir(const char *argv0) {
#ifdef TILETT_KERNEL_DIR
  (void)argv0;
  return TILETT_KERNEL_DIR;
#else
  std::string self = argv0;
  size_t slash = self.find_last_of('/');
  return slash == std::string::npos ? "." : self.substr(0, slash);
#endif
}

void usage(const char *argv0) {
  std::fprintf(stderr,
               "usage: %s [--in NAME=FILE]... [--out NAME=FILE]... "
               "[--seed N] [--kernels DIR]\n"
               "  FILE holds the buffer's logical shape, row-major, raw "
               "little-endian values of its dtype.\n"
               "  Inputs without --in get a seeded pattern; outputs without "
               "--out are summarised on stdout.\n",
               argv0);
}

bool parseOptions(int argc, char **argv, Options &opts) {
  opts.kernelDir = defaultKernelDir(argv[0]);
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string &out) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "error: %s needs a value\n", arg.c_str());
        return false;
      }
      out = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "--help" || arg == "-h") {
      usage(argv[0]);
      std::exit(0);
    } else if (arg == "--in" || arg == "--out") {
      if (!value(v))
        return false;
      size_t eq = v.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::fprintf(stderr, "error: %s expects NAME=FILE but got '%s'\n",
                     arg.c_str(), v.c_str());
        return false;
      }
      (arg == "--in" ? opts.inputs : opts.outputs)[v.substr(0, eq)] =
          v.substr(eq + 1);
    } else if (arg == "--seed") {
      if (!value(v))
        return false;
      opts.seed = uint32_t(std::strtoul(v.c_str(), nullptr, 10));
    } else if (arg == "--kernels") {
      if (!value(opts.kernelDir))
        return false;
    } else {
      std::fprintf(stderr, "error: unknown argument '%s'\n", arg.c_str());
      usage(argv[0]);
      return false;
    }
  }
  return true;
}

// The device image of an input: its file or the seeded pattern, tilized
// and zero-padded. The seed is offset per buffer so inputs differ.
bool deviceImage(const BufferSpec &b, const Options &opts, uint32_t index,
                 std::vector<uint32_t> &image) {
  std::vector<uint8_t> logical;
  auto it = opts.inputs.find(b.name);
  if (it != opts.inputs.end()) {
    if (!readFile(it->second, logical)) {
      std::fprintf(stderr, "error: cannot read input %s from '%s': %s\n",
                   b.name, it->second.c_str(), std::strerror(errno));
      return false;
    }
    uint64_t want = product(b.shape) * elementBytes(b.dtype);
    if (logical.size() != want) {
      std::fprintf(stderr,
                   "error: input %s ('%s') holds %zu bytes but expected %llu\n",
                   b.name, it->second.c_str(), logical.size(),
                   (unsigned long long)want);
      return false;
    }
  } else {
    logical = seededPattern(b, opts.seed + index);
  }
  std::vector<uint8_t> tiled(uint64_t(b.pageSize) * b.numPages, 0);
  convertLayout(b, logical, tiled, /*tilize=*/true);
  image.assign((tiled.size() + 3) / 4, 0);
  std::memcpy(image.data(), tiled.data(), tiled.size());
  return true;
}

// Untilizes an output read back from the device and writes or summarises it.
bool storeOutput(const BufferSpec &b, const Options &opts,
                 const std::vector<uint32_t> &image) {
  uint32_t eb = elementBytes(b.dtype);
  std::vector<uint8_t> tiled(image.size() * 4);
  std::memcpy(tiled.data(), image.data(), tiled.size());
  std::vector<uint8_t> logical(product(b.shape) * eb);
  convertLayout(b, tiled, logical, /*tilize=*/false);
  auto it = opts.outputs.find(b.name);
  if (it != opts.outputs.end()) {
    if (!writeFile(it->second, logical)) {
      std::fprintf(stderr, "error: cannot write output %s to '%s': %s\n",
                   b.name, it->second.c_str(), std::strerror(errno));
      return false;
    }
    return true;
  }
  double sum = 0;
  for (uint64_t i = 0, e = product(b.shape); i < e; ++i)
    sum += elementValue(b.dtype, &logical[i * eb]);
  std::printf("%s: %llu elements, sum %.6g, first %.6g\n", b.name,
              (unsigned long long)product(b.shape), sum,
              product(b.shape) ? elementValue(b.dtype, logical.data()) : 0.0);
  return true;
}

} // namespace
)cpp";

namespace {

/// Reads the plan with errors that name the offending field.
class PlanReader {
public:
  explicit PlanReader(const json::Object &plan) : plan(plan) {}

  Error error(const Twine &msg) const {
    return createStringError(inconvertibleErrorCode(),
                             "tt.plan.json: " + msg.str());
  }
  Expected<const json::Array *> array(const json::Object &o, StringRef key,
                                      StringRef where) const {
    if (const json::Array *a = o.getArray(key))
      return a;
    return error(Twine("expected an array '") + key + "' in " + where);
  }
  Expected<const json::Object *> object(const json::Object &o, StringRef key,
                                        StringRef where) const {
    if (const json::Object *v = o.getObject(key))
      return v;
    return error(Twine("expected an object '") + key + "' in " + where);
  }
  Expected<int64_t> integer(const json::Object &o, StringRef key,
                            StringRef where) const {
    if (std::optional<int64_t> v = o.getInteger(key))
      return *v;
    return error(Twine("expected an integer '") + key + "' in " + where);
  }
  Expected<StringRef> string(const json::Object &o, StringRef key,
                             StringRef where) const {
    if (std::optional<StringRef> v = o.getString(key))
      return *v;
    return error(Twine("expected a string '") + key + "' in " + where);
  }

  const json::Object &plan;
};

struct Buffer {
  std::string name, var, dtype, role, memory;
  SmallVector<int64_t> shape, padded;
  int64_t pageSize, numPages;
};

} // namespace

static std::string cppString(StringRef s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

static std::optional<StringRef> hostDType(StringRef dtype) {
  return StringSwitch<std::optional<StringRef>>(dtype)
      .Case("bf16", StringRef("DType::BF16"))
      .Case("f16", StringRef("DType::F16"))
      .Case("f32", StringRef("DType::F32"))
      .Case("i32", StringRef("DType::I32"))
      .Default(std::nullopt);
}

static std::optional<StringRef> dataFormat(StringRef dtype) {
  return StringSwitch<std::optional<StringRef>>(dtype)
      .Case("bf16", StringRef("tt::DataFormat::Float16_b"))
      .Case("f16", StringRef("tt::DataFormat::Float16"))
      .Case("f32", StringRef("tt::DataFormat::Float32"))
      .Case("i32", StringRef("tt::DataFormat::Int32"))
      .Default(std::nullopt);
}

static Expected<SmallVector<int64_t>> intList(const PlanReader &r,
                                              const json::Object &o,
                                              StringRef key, StringRef where) {
  auto a = r.array(o, key, where);
  if (!a)
    return a.takeError();
  SmallVector<int64_t> out;
  for (const json::Value &v : **a) {
    std::optional<int64_t> i = v.getAsInteger();
    if (!i || *i < 0)
      return r.error(Twine("expected non-negative integers in '") + key +
                     "' of " + where);
    out.push_back(*i);
  }
  return out;
}

/// The core of a "(x,y)" key (spaces allowed around the parts), as the
/// plan's runtime_args keys and NOC-coordinate arguments spell it.
static std::optional<std::pair<int64_t, int64_t>>
parseCoreKeyText(StringRef key) {
  StringRef inner = key.trim();
  if (!inner.consume_front("(") || !inner.consume_back(")"))
    return std::nullopt;
  auto [xs, ys] = inner.split(',');
  int64_t x, y;
  if (xs.trim().getAsInteger(10, x) || ys.trim().getAsInteger(10, y))
    return std::nullopt;
  return std::make_pair(x, y);
}

/// The C++ expression of a {"noc_x"/"noc_y": "(x,y)"} runtime argument:
/// the NOC coordinate of logical worker core (x, y) on `device`, which the
/// host knows and the plan cannot (it depends on the card's harvesting).
static std::optional<std::string> nocCoordinateExpr(const json::Object *arg,
                                                    StringRef device) {
  if (!arg || arg->size() != 1)
    return std::nullopt;
  for (StringRef axis : {"noc_x", "noc_y"}) {
    std::optional<StringRef> key = arg->getString(axis);
    if (!key)
      continue;
    std::optional<std::pair<int64_t, int64_t>> core = parseCoreKeyText(*key);
    if (!core)
      return std::nullopt;
    auto [x, y] = *core;
    return formatv("static_cast<uint32_t>({0}->worker_core_from_logical_core("
                   "CoreCoord({1}, {2})).{3})",
                   device, x, y, axis.back())
        .str();
  }
  return std::nullopt;
}

static std::string joinInts(ArrayRef<int64_t> v) {
  return join(map_range(v, [](int64_t i) { return std::to_string(i); }), ", ");
}

Error mlir::tilett::metalium::emitHostProgram(const json::Object &plan,
                                              HostApi api, raw_ostream &os) {
  PlanReader r(plan);
  bool mesh = api == HostApi::Current;
  StringRef kernelName = plan.getString("kernel").value_or("kernel");

  // Buffers.
  auto buffersJson = r.array(plan, "buffers", "the plan");
  if (!buffersJson)
    return buffersJson.takeError();
  std::vector<Buffer> buffers;
  StringMap<unsigned> bufferIndex;
  for (auto [i, v] : enumerate(**buffersJson)) {
    // The validator's typed entry (PlanSchema.h): the same fields.
    Expected<plan::Buffer> entry =
        plan::read<plan::Buffer>(v, formatv("$.buffers[{0}]", i).str());
    if (!entry)
      return r.error(toString(entry.takeError()));
    Buffer b;
    b.name = entry->name;
    std::string where = "buffer '" + b.name + "'";
    if (!hostDType(entry->dtype))
      return r.error(Twine("expected dtype bf16, f16, f32 or i32 in ") +
                     where + " but got '" + entry->dtype + "'");
    if (entry->role != "input" && entry->role != "output" &&
        entry->role != "inout")
      return r.error(Twine("expected role input, output or inout in ") +
                     where + " but got '" + entry->role + "'");
    auto negative = [](int64_t d) { return d < 0; };
    if (any_of(entry->shape, negative) || any_of(entry->paddedShape, negative))
      return r.error(Twine("expected non-negative shapes in ") + where);
    b.memory = entry->memory.value_or("dram");
    if (b.memory != "dram")
      return r.error(Twine("expected memory 'dram' in ") + where +
                     " (sharded and L1 buffers are not supported by the "
                     "generated host yet) but got '" +
                     b.memory + "'");
    b.dtype = entry->dtype;
    b.role = entry->role;
    b.shape.assign(entry->shape.begin(), entry->shape.end());
    b.padded.assign(entry->paddedShape.begin(), entry->paddedShape.end());
    b.pageSize = entry->pageSize;
    b.numPages = entry->numPages;
    b.var = "buf" + std::to_string(buffers.size());
    bufferIndex[b.name] = buffers.size();
    buffers.push_back(std::move(b));
  }

  // Core ranges.
  auto rangesJson = r.array(plan, "core_ranges", "the plan");
  if (!rangesJson)
    return rangesJson.takeError();
  SmallVector<std::string> ranges;
  for (const json::Value &v : **rangesJson) {
    const json::Object *o = v.getAsObject();
    if (!o)
      return r.error("expected objects in 'core_ranges'");
    auto start = intList(r, *o, "start", "a core range");
    auto extent = intList(r, *o, "extent", "a core range");
    if (!start)
      return start.takeError();
    if (!extent)
      return extent.takeError();
    if (start->size() != 2 || extent->size() != 2 || (*extent)[0] < 1 ||
        (*extent)[1] < 1)
      return r.error("expected two-element 'start' and positive 'extent' in "
                     "a core range");
    ranges.push_back(formatv("CoreRange(CoreCoord({0}, {1}), CoreCoord({2}, "
                             "{3}))",
                             (*start)[0], (*start)[1],
                             (*start)[0] + (*extent)[0] - 1,
                             (*start)[1] + (*extent)[1] - 1));
  }

  // Header.
  os << "// host.cpp: TT-Metalium host program generated by tilett "
     << TILETT_VERSION << " for kernel '" << kernelName << "' ("
     << (mesh ? "mesh" : "classic") << " host API).\n"
     << "// Do not edit; regenerate with `tilett compile`. The runtime plan "
        "(tt.plan.json beside it) is baked in.\n"
     << "#include <tt-metalium/host_api.hpp>\n"
     << "#include <tt-metalium/device.hpp>\n"
     << "#include <tt-metalium/tensor_accessor_args.hpp>\n";
  if (mesh)
    os << "#include <tt-metalium/distributed.hpp>\n";
  os << "\n#include <cerrno>\n#include <cmath>\n#include <cstdint>\n"
        "#include <cstdio>\n#include <cstdlib>\n#include <cstring>\n"
        "#include <fstream>\n#include <iterator>\n#include <map>\n"
        "#include <memory>\n#include <random>\n#include <string>\n"
        "#include <vector>\n\n"
        "using namespace tt;\nusing namespace tt::tt_metal;\n"
     << kPrelude << "\n";

  os << "int main(int argc, char **argv) {\n"
     << "  Options opts;\n"
     << "  if (!parseOptions(argc, argv, opts))\n    return 2;\n\n";
  os << "  const BufferSpec specs[] = {\n";
  for (const Buffer &b : buffers)
    os << formatv("      {{{0}, {1}, {2}, {3}, {{{4}}, {{{5}}, {6}, {7}, "
                  "true},\n",
                  cppString(b.name), b.role != "output" ? "true" : "false",
                  b.role != "input" ? "true" : "false", *hostDType(b.dtype),
                  joinInts(b.shape), joinInts(b.padded), b.pageSize,
                  b.numPages);
  os << "  };\n\n";

  if (mesh)
    os << "  std::shared_ptr<distributed::MeshDevice> mesh =\n"
          "      distributed::MeshDevice::create_unit_mesh(0);\n"
          "  distributed::MeshCommandQueue &cq = mesh->mesh_command_queue();\n";
  else
    os << "  IDevice *device = CreateDevice(0);\n"
          "  CommandQueue &cq = device->command_queue();\n";
  os << "  Program program = CreateProgram();\n"
     << "  CoreRangeSet cores(std::vector<CoreRange>{"
     << join(ranges, ", ") << "});\n\n";

  // DRAM buffers, one page per tile, interleaved.
  os << "  // Buffers (interleaved DRAM, one tile per page).\n";
  for (auto [i, b] : enumerate(buffers)) {
    if (mesh)
      os << formatv("  distributed::DeviceLocalBufferConfig {0}Local{{.page_size "
                    "= {1}, .buffer_type = BufferType::DRAM};\n"
                    "  distributed::ReplicatedBufferConfig {0}Size{{.size = "
                    "{2}};\n"
                    "  std::shared_ptr<distributed::MeshBuffer> {0} =\n"
                    "      distributed::MeshBuffer::create({0}Size, {0}Local, "
                    "mesh.get()); // {3}\n",
                    b.var, b.pageSize, b.pageSize * b.numPages, b.name);
    else
      os << formatv("  InterleavedBufferConfig {0}Config{{.device = device, "
                    ".size = {2}, .page_size = {1}, .buffer_type = "
                    "BufferType::DRAM};\n"
                    "  std::shared_ptr<Buffer> {0} = CreateBuffer({0}Config); "
                    "// {3}\n",
                    b.var, b.pageSize, b.pageSize * b.numPages, b.name);
  }

  // Circular buffers on every core of the ranges.
  auto cbsJson = r.array(plan, "circular_buffers", "the plan");
  if (!cbsJson)
    return cbsJson.takeError();
  os << "\n  // Circular buffers, on every core of the core ranges.\n";
  for (auto [i, v] : enumerate(**cbsJson)) {
    Expected<plan::CircularBuffer> cb = plan::read<plan::CircularBuffer>(
        v, formatv("$.circular_buffers[{0}]", i).str());
    if (!cb)
      return r.error(toString(cb.takeError()));
    if (cb->index < 0 || cb->index > 31)
      return r.error(Twine("expected a circular buffer index in 0..31 but "
                           "got ") +
                     Twine(cb->index));
    std::optional<StringRef> format = dataFormat(cb->dtype);
    if (!format)
      return r.error(Twine("expected circular buffer dtype bf16, f16, f32 or "
                           "i32 but got '") +
                     cb->dtype + "'");
    os << formatv("  CreateCircularBuffer(program, cores,\n"
                  "                       CircularBufferConfig({0}, {{{{{1}, "
                  "{2}}})\n"
                  "                           .set_page_size({1}, {3})); // "
                  "{4}\n",
                  cb->pageSize * cb->numPages, cb->index, *format,
                  cb->pageSize, cb->buffer.value_or(""));
  }

  // Semaphores, in id order: CreateSemaphore numbers them as it goes.
  if (const json::Value *v = plan.get("semaphores")) {
    const json::Array *list = v->getAsArray();
    if (!list)
      return r.error("expected semaphores to be a list");
    if (!list->empty())
      os << "\n  // Semaphores (ids in creation order), on every core.\n";
    for (auto [i, sv] : enumerate(*list)) {
      Expected<plan::Semaphore> sem = plan::read<plan::Semaphore>(
          sv, formatv("$.semaphores[{0}]", i).str());
      if (!sem)
        return r.error(toString(sem.takeError()));
      if (sem->id != static_cast<int64_t>(i))
        return r.error(formatv("expected $.semaphores[{0}].id to be {0}", i));
      os << formatv("  CreateSemaphore(program, cores, {0}); // id {1}\n",
                    sem->initialValue, sem->id);
    }
  }

  // Kernels with their compile-time arguments and per-core runtime args.
  auto kernelsJson = r.array(plan, "kernels", "the plan");
  if (!kernelsJson)
    return kernelsJson.takeError();
  std::string runtimeArgs;
  raw_string_ostream rt(runtimeArgs);
  for (auto [k, v] : enumerate(**kernelsJson)) {
    const json::Object *o = v.getAsObject();
    if (!o)
      return r.error("expected objects in 'kernels'");
    auto kind = r.string(*o, "kind", "a kernel");
    if (!kind)
      return kind.takeError();
    std::string where = "kernel '" + kind->str() + "'";
    std::string var = kind->str();
    if (*kind != "reader" && *kind != "writer" && *kind != "compute")
      return r.error(Twine("expected kind reader, compute or writer but got '") +
                     *kind + "'");
    // The validator's typed entry (PlanSchema.h) for the scalar fields.
    Expected<plan::Kernel> entry =
        plan::read<plan::Kernel>(v, formatv("$.kernels[{0}]", k).str());
    if (!entry)
      return r.error(toString(entry.takeError()));
    StringRef file = entry->file;

    os << "\n  // " << *kind << " kernel\n";
    os << "  std::vector<uint32_t> " << var << "CompileArgs;\n";
    if (const json::Array *cta = o->getArray("compile_time_args")) {
      for (const json::Value &arg : *cta) {
        if (std::optional<int64_t> i = arg.getAsInteger()) {
          os << "  " << var << "CompileArgs.push_back(" << *i << "u);\n";
          continue;
        }
        const json::Object *ao = arg.getAsObject();
        std::optional<StringRef> acc =
            ao ? ao->getString("accessor") : std::nullopt;
        if (!acc || !bufferIndex.count(*acc))
          return r.error(Twine("expected an integer or {\"accessor\": "
                               "<buffer>} in compile_time_args of ") +
                         where);
        os << "  TensorAccessorArgs(*" << buffers[bufferIndex[*acc]].var
           << ").append_to(" << var << "CompileArgs);\n";
      }
    }
    SmallVector<std::string> defineList;
    for (const auto &[name, value] : entry->defines.value_or(
             std::map<std::string, std::string>{}))
      defineList.push_back("{" + cppString(name) + ", " + cppString(value) +
                           "}");
    std::string defines = join(defineList, ", ");
    os << "  KernelHandle " << var << " = CreateKernel(\n      program, opts.kernelDir + \"/"
       << file << "\", cores,\n";
    if (*kind == "compute") {
      std::string fidelity = entry->mathFidelity.value_or("HiFi4");
      if (fidelity != "LoFi" && fidelity != "HiFi2" && fidelity != "HiFi3" &&
          fidelity != "HiFi4")
        return r.error(Twine("expected math_fidelity LoFi, HiFi2, HiFi3 or "
                             "HiFi4 but got '") +
                       fidelity + "'");
      os << formatv("      ComputeConfig{{.math_fidelity = MathFidelity::{0},\n"
                    "                    .fp32_dest_acc_en = {1},\n"
                    "                    .math_approx_mode = {2},\n"
                    "                    .compile_args = {3}CompileArgs,\n"
                    "                    .defines = {{{4}}});\n",
                    fidelity,
                    entry->fp32DestAccEn.value_or(false) ? "true" : "false",
                    entry->mathApproxMode.value_or(false) ? "true" : "false",
                    var, defines);
    } else {
      StringRef processor = entry->processor
                                ? StringRef(*entry->processor)
                                : *kind == "reader" ? "riscv_1" : "riscv_0";
      if (processor != "riscv_0" && processor != "riscv_1")
        return r.error(Twine("expected processor riscv_0 or riscv_1 in ") +
                       where + " but got '" + processor + "'");
      int64_t noc = entry->noc.value_or(*kind == "reader" ? 1 : 0);
      if (noc != 0 && noc != 1)
        return r.error(Twine("expected noc 0 or 1 in ") + where);
      os << formatv("      DataMovementConfig{{.processor = "
                    "DataMovementProcessor::{0},\n"
                    "                         .noc = NOC::RISCV_{1}_default,\n"
                    "                         .compile_args = {2}CompileArgs,\n"
                    "                         .defines = {{{3}}});\n",
                    processor.upper(), noc, var, defines);
    }

    // Runtime arguments, per core, in the plan's order.
    const json::Object *perCore = o->getObject("runtime_args");
    if (!perCore)
      continue;
    for (const auto &kv : *perCore) {
      StringRef key = kv.first;
      std::optional<std::pair<int64_t, int64_t>> core = parseCoreKeyText(key);
      if (!core)
        return r.error(Twine("expected a core key (x,y) in runtime_args of ") +
                       where + " but got '" + key + "'");
      auto [x, y] = *core;
      const json::Array *args = kv.second.getAsArray();
      if (!args)
        return r.error(Twine("expected an array of runtime args for core ") +
                       key + " of " + where);
      SmallVector<std::string> values;
      for (const json::Value &arg : *args) {
        if (std::optional<int64_t> i = arg.getAsInteger()) {
          values.push_back(std::to_string(*i) + "u");
          continue;
        }
        const json::Object *ao = arg.getAsObject();
        if (std::optional<std::string> coord =
                nocCoordinateExpr(ao, mesh ? "mesh" : "device")) {
          values.push_back(*coord);
          continue;
        }
        std::optional<StringRef> addr =
            ao ? ao->getString("addr") : std::nullopt;
        if (!addr || !bufferIndex.count(*addr))
          return r.error(Twine("expected an integer, {\"addr\": <buffer>} or "
                               "{\"noc_x\"/\"noc_y\": \"(x,y)\"} in "
                               "runtime_args of ") +
                         where + " for core " + key);
        values.push_back("static_cast<uint32_t>(" +
                         buffers[bufferIndex[*addr]].var + "->address())");
      }
      rt << formatv("  SetRuntimeArgs(program, {0}, CoreCoord({1}, {2}),\n"
                    "                 {{{3}});\n",
                    var, x, y, join(values, ", "));
    }
  }
  os << "\n  // Runtime arguments, per core.\n" << runtimeArgs;

  // Inputs, run, outputs.
  os << "\n  // Inputs: a file per --in, else a seeded pattern.\n";
  for (auto [i, b] : enumerate(buffers)) {
    if (b.role == "output")
      continue;
    os << formatv("  {{\n    std::vector<uint32_t> image;\n"
                  "    if (!deviceImage(specs[{0}], opts, {0}, image))\n"
                  "      return 1;\n",
                  i);
    if (mesh)
      os << "    distributed::EnqueueWriteMeshBuffer(cq, " << b.var
         << ", image, /*blocking=*/true);\n  }\n";
    else
      os << "    EnqueueWriteBuffer(cq, " << b.var
         << ", image, /*blocking=*/true);\n  }\n";
  }
  os << "\n";
  if (mesh)
    os << "  distributed::MeshWorkload workload;\n"
          "  distributed::AddProgramToMeshWorkload(\n"
          "      workload, std::move(program),\n"
          "      distributed::MeshCoordinateRange(mesh->shape()));\n"
          "  distributed::EnqueueMeshWorkload(cq, workload, "
          "/*blocking=*/false);\n"
          "  distributed::Finish(cq);\n";
  else
    os << "  EnqueueProgram(cq, program, /*blocking=*/false);\n"
          "  Finish(cq);\n";
  os << "\n  // Outputs: read back, untilize, write per --out or summarise.\n"
        "  int status = 0;\n";
  for (auto [i, b] : enumerate(buffers)) {
    if (b.role == "input")
      continue;
    os << "  {\n    std::vector<uint32_t> image;\n";
    if (mesh)
      os << "    distributed::EnqueueReadMeshBuffer(cq, image, " << b.var
         << ", /*blocking=*/true);\n";
    else
      os << "    EnqueueReadBuffer(cq, " << b.var
         << ", image, /*blocking=*/true);\n";
    os << formatv("    if (!storeOutput(specs[{0}], opts, image))\n"
                  "      status = 1;\n  }\n",
                  i);
  }
  if (!mesh)
    os << "  CloseDevice(device);\n";
  os << "  return status;\n}\n";
  return Error::success();
}

void mlir::tilett::metalium::emitHostCMakeLists(StringRef kernelName,
                                                raw_ostream &os) {
  os << "# Generated by tilett " << TILETT_VERSION << " for kernel '"
     << kernelName
     << "'. Builds the host program against an installed TT-Metalium\n"
        "# (tt-metal or tilett's emulator; set CMAKE_PREFIX_PATH). The "
        "kernels are\n# compiled by TT-Metalium at run time from this "
        "directory.\n"
        "cmake_minimum_required(VERSION 3.20)\n"
        "project(tilett_"
     << kernelName
     << "_host LANGUAGES CXX)\n"
        "set(CMAKE_CXX_STANDARD 20)\n"
        "set(CMAKE_CXX_STANDARD_REQUIRED ON)\n"
        "find_package(TT-Metalium REQUIRED)\n"
        "add_executable(host host.cpp)\n"
        "target_link_libraries(host PRIVATE TT::Metalium)\n"
        "target_compile_definitions(host PRIVATE "
        "TILETT_KERNEL_DIR=\"${CMAKE_CURRENT_SOURCE_DIR}\")\n";
}
