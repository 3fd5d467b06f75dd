//===- PlanRunner.cpp - Run a compiled kernel on the emulator -------------===//
//
// In-process host: reads tt.plan.json with llvm::json and drives the
// emulator's TT-Metalium mesh API. The emulator reports misuse by throwing
// (TT_FATAL); this file is built with exceptions and turns them into
// llvm::Errors so `tilett run` can print them and exit with status 2.
//
//===----------------------------------------------------------------------===//

#include "tilett/Runner/PlanRunner.h"
#include "tilett/Target/Metalium/PlanJSON.h"
#include "tilett/Target/Metalium/PlanSchema.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <ttemu/emulator.h>
#include <ttemu/numerics.h>

#include <exception>

using namespace mlir::tilett::runner;
namespace json = llvm::json;
namespace ttm = tt::tt_metal;
using llvm::StringRef;

static llvm::Error planError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "tt.plan.json: " + message);
}

static llvm::Expected<json::Value> readJson(StringRef path) {
  auto file = llvm::MemoryBuffer::getFile(path);
  if (!file)
    return llvm::createStringError(file.getError(),
                                   "cannot read '" + path + "'");
  return mlir::tilett::parsePlanJSON((*file)->getBuffer());
}

llvm::Expected<std::vector<PlanBuffer>>
mlir::tilett::runner::readPlanBuffers(StringRef planPath) {
  llvm::Expected<json::Value> plan = readJson(planPath);
  if (!plan)
    return plan.takeError();
  const json::Object *root = plan->getAsObject();
  const json::Array *buffers = root ? root->getArray("buffers") : nullptr;
  if (!buffers)
    return planError("expected a \"buffers\" array");
  std::vector<PlanBuffer> result;
  for (auto [i, value] : llvm::enumerate(*buffers)) {
    // The validator's typed entry: the same required fields and types.
    llvm::Expected<mlir::tilett::plan::Buffer> entry =
        mlir::tilett::plan::read<mlir::tilett::plan::Buffer>(
            value, llvm::formatv("$.buffers[{0}]", i).str());
    if (!entry)
      return planError(llvm::toString(entry.takeError()));
    PlanBuffer buf;
    buf.name = entry->name;
    buf.dtype = entry->dtype;
    buf.role = entry->role;
    buf.argIndex = entry->argIndex.value_or(-1);
    buf.memory = entry->memory.value_or("dram");
    buf.shape.assign(entry->shape.begin(), entry->shape.end());
    buf.paddedShape.assign(entry->paddedShape.begin(),
                           entry->paddedShape.end());
    if (buf.shape.empty() || llvm::any_of(buf.shape, [](int64_t d) {
          return d <= 0;
        }) || llvm::any_of(buf.paddedShape, [](int64_t d) { return d <= 0; }))
      return planError(llvm::formatv(
          "buffers[{0}]: expected positive shape and padded_shape", i));
    if (entry->pageSize < 0 || entry->pageSize > UINT32_MAX ||
        entry->numPages < 0 || entry->numPages > UINT32_MAX)
      return planError(llvm::formatv(
          "buffers[{0}]: expected page_size and num_pages to fit 32 bits", i));
    buf.pageSize = entry->pageSize;
    buf.numPages = entry->numPages;
    if (buf.shape.size() != buf.paddedShape.size())
      return planError(llvm::formatv(
          "buffer '{0}': expected shape and padded_shape of equal rank",
          buf.name));
    for (auto [s, p] : llvm::zip(buf.shape, buf.paddedShape))
      if (s > p)
        return planError(llvm::formatv(
            "buffer '{0}': expected padded_shape >= shape", buf.name));
    result.push_back(std::move(buf));
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Data formats and tiling
//===----------------------------------------------------------------------===//

static std::optional<ttemu::num::DataFormat> numFormat(StringRef dtype) {
  using F = ttemu::num::DataFormat;
  return llvm::StringSwitch<std::optional<F>>(dtype)
      .Case("bf16", F::Float16_b)
      .Case("f16", F::Float16)
      .Case("f32", F::Float32)
      .Case("i32", F::Int32)
      .Default(std::nullopt);
}

static std::optional<tt::DataFormat> metalFormat(StringRef dtype) {
  return llvm::StringSwitch<std::optional<tt::DataFormat>>(dtype)
      .Case("bf16", tt::DataFormat::Float16_b)
      .Case("f16", tt::DataFormat::Float16)
      .Case("f32", tt::DataFormat::Float32)
      .Case("i32", tt::DataFormat::Int32)
      .Default(std::nullopt);
}

double mlir::tilett::runner::roundToPlanDtype(double value, StringRef dtype) {
  using namespace ttemu::num;
  if (dtype == "i32")
    return std::trunc(value);
  std::optional<DataFormat> fmt = numFormat(dtype);
  if (!fmt)
    return value;
  return roundToFormat(float(value), *fmt, Rounding::NearestEven);
}

namespace {
/// How a buffer's padded shape maps onto tiles: `batch` matrices of
/// rows x cols (multiples of 32), leading dims outermost. A 1-D buffer is one
/// row, padded to a 32-row tile.
struct TiledShape {
  int64_t batch = 1, rows = 1, cols = 1;
  llvm::SmallVector<int64_t> paddedLead; // padded extents of the batch dims

  int64_t numTiles() const { return batch * (rows / 32) * (cols / 32); }
};
} // namespace

static llvm::Expected<TiledShape> tiledShape(const PlanBuffer &buf) {
  TiledShape t;
  llvm::ArrayRef<int64_t> p = buf.paddedShape;
  if (p.size() == 1) {
    // A 1-D buffer is a column vector: one element per tile row.
    t.rows = p[0];
    t.cols = 32;
  } else {
    t.rows = p[p.size() - 2];
    t.cols = p.back();
    t.paddedLead.assign(p.begin(), p.end() - 2);
    for (int64_t d : t.paddedLead)
      t.batch *= d;
  }
  if (t.rows % 32 || t.cols % 32)
    return planError(llvm::formatv(
        "buffer '{0}': expected a padded shape of whole 32x32 tiles but got "
        "{1}x{2}",
        buf.name, t.rows, t.cols));
  if (buf.numPages && int64_t(buf.numPages) != t.numTiles())
    return planError(llvm::formatv(
        "buffer '{0}': expected num_pages = {1} (one tile per page) but got {2}",
        buf.name, t.numTiles(), buf.numPages));
  return t;
}

/// Calls `fn(band, matrix, tileRow)` for every band of one tile row of the
/// padded buffer, in tile order (a band is `t.cols / 32` consecutive tiles),
/// where `matrix` is the logical row-major index of the band's matrix, or -1
/// for a band of padding batches. One band at a time, so that converting a
/// tensor to or from tiles needs a band of scratch, not a copy of the tensor.
template <class Fn>
static void forEachBand(const PlanBuffer &buf, const TiledShape &t, Fn fn) {
  llvm::ArrayRef<int64_t> shape = buf.shape;
  int64_t rank = shape.size();
  for (int64_t pb = 0; pb < t.batch; ++pb) {
    // pb over the padded leading extents -> the logical matrix index.
    int64_t rest = pb, matrix = 0, stride = 1;
    bool padding = false;
    for (int64_t d = int64_t(t.paddedLead.size()) - 1; d >= 0; --d) {
      int64_t i = rest % t.paddedLead[d];
      rest /= t.paddedLead[d];
      padding |= i >= shape[d];
      matrix += i * stride;
      stride *= shape[d];
    }
    (void)rank;
    for (int64_t tileRow = 0; tileRow < t.rows / 32; ++tileRow)
      fn(padding ? -1 : matrix, tileRow);
  }
}

/// For a band (matrix, tileRow) of `buf`: calls `fn(logicalLinear,
/// bandIndex)` for its elements of the logical shape, `bandIndex` being the
/// position in the band's face-order tiles.
template <class Fn>
static void forEachBandElement(const PlanBuffer &buf, int64_t matrix,
                               int64_t tileRow, Fn fn) {
  if (matrix < 0)
    return;
  llvm::ArrayRef<int64_t> shape = buf.shape;
  int64_t rank = shape.size();
  int64_t rows = rank == 1 ? shape[0] : shape[rank - 2],
          cols = rank == 1 ? 1 : shape.back();
  int64_t r0 = tileRow * 32, r1 = std::min<int64_t>(rows, r0 + 32);
  for (int64_t r = r0; r < r1; ++r)
    for (int64_t c = 0; c < cols; ++c)
      fn((matrix * rows + r) * cols + c,
         (c / 32) * 1024 + ttemu::num::faceOrderIndex(r % 32, c % 32));
}

/// `host` (or zeros) as the device's tiles of `fmt`: zero-padded, tilized,
/// converted.
static std::vector<uint8_t> tilize(const PlanBuffer &buf, const TiledShape &t,
                                   const HostTensor *host,
                                   ttemu::num::DataFormat fmt) {
  int64_t tilesPerRow = t.cols / 32;
  std::vector<uint8_t> bytes;
  bytes.reserve(size_t(t.numTiles()) * ttemu::num::tileSizeBytes(fmt));
  std::vector<float> band(size_t(tilesPerRow) * 1024);
  forEachBand(buf, t, [&](int64_t matrix, int64_t tileRow) {
    std::fill(band.begin(), band.end(), 0.0f);
    if (host)
      forEachBandElement(buf, matrix, tileRow, [&](int64_t l, int64_t b) {
        band[b] = float(host->get(l));
      });
    if (fmt == ttemu::num::DataFormat::Int32) {
      for (float f : band) {
        int32_t v = int32_t(f);
        const auto *p = reinterpret_cast<const uint8_t *>(&v);
        bytes.insert(bytes.end(), p, p + 4);
      }
      return;
    }
    std::vector<uint8_t> packed = ttemu::num::packTiles(fmt, band);
    bytes.insert(bytes.end(), packed.begin(), packed.end());
  });
  return bytes;
}

/// The HostTensor kind of a plan dtype (numFormat's dtypes).
static HostElementKind hostKind(ttemu::num::DataFormat fmt) {
  using F = ttemu::num::DataFormat;
  switch (fmt) {
  case F::Float16_b:
    return HostElementKind::BF16;
  case F::Float16:
    return HostElementKind::F16;
  case F::Int32:
    return HostElementKind::I32;
  default:
    return HostElementKind::F32;
  }
}

/// The device's tiles of `fmt` back at `buf`'s logical shape, held in the
/// dtype's own width.
static HostTensor untilize(const PlanBuffer &buf, const TiledShape &t,
                           llvm::ArrayRef<uint8_t> bytes,
                           ttemu::num::DataFormat fmt) {
  HostTensor out(buf.shape, hostKind(fmt));
  int64_t tilesPerRow = t.cols / 32;
  size_t bandBytes = size_t(tilesPerRow) * ttemu::num::tileSizeBytes(fmt);
  size_t offset = 0;
  std::vector<float> band(size_t(tilesPerRow) * 1024);
  forEachBand(buf, t, [&](int64_t matrix, int64_t tileRow) {
    llvm::ArrayRef<uint8_t> slice =
        offset + bandBytes <= bytes.size()
            ? bytes.slice(offset, bandBytes)
            : llvm::ArrayRef<uint8_t>();
    offset += bandBytes;
    if (slice.empty() || matrix < 0)
      return;
    if (fmt == ttemu::num::DataFormat::Int32) {
      for (size_t i = 0; i < band.size(); ++i) {
        int32_t v;
        std::memcpy(&v, &slice[i * 4], 4);
        band[i] = float(v);
      }
    } else {
      band = ttemu::num::unpackTiles(fmt, slice);
    }
    forEachBandElement(buf, matrix, tileRow, [&](int64_t l, int64_t b) {
      out.set(l, band[b]);
    });
  });
  return out;
}

//===----------------------------------------------------------------------===//
// Plan -> host API
//===----------------------------------------------------------------------===//

static std::optional<std::pair<uint32_t, uint32_t>> parseCoreKey(StringRef key) {
  // "(x,y)"
  if (!key.consume_front("(") || !key.consume_back(")"))
    return std::nullopt;
  auto [xs, ys] = key.split(',');
  uint32_t x, y;
  if (xs.trim().getAsInteger(10, x) || ys.trim().getAsInteger(10, y))
    return std::nullopt;
  return std::make_pair(x, y);
}

namespace {
/// Everything one run needs, kept alive until the device is closed.
class InProcessHost {
public:
  InProcessHost(StringRef outDir, const json::Object &plan,
                const std::vector<PlanBuffer> &buffers)
      : outDir(outDir), plan(plan), buffers(buffers) {}

  /// Runs the plan; throws on emulator errors, returns an Error on plan
  /// errors.
  llvm::Expected<PlanRunResult> run(const llvm::StringMap<HostTensor> &inputs);

private:
  llvm::Error createBuffers(const llvm::StringMap<HostTensor> &inputs);
  llvm::Expected<ttm::CoreRangeSet> coreRanges();
  llvm::Error createCircularBuffers(ttm::Program &program,
                                    const ttm::CoreRangeSet &cores);
  llvm::Error createKernels(ttm::Program &program, const ttm::CoreRangeSet &cores);
  llvm::Expected<uint32_t> resolveArg(const json::Value &arg, bool compileTime,
                                      std::vector<uint32_t> &out);

  std::string outDir;
  const json::Object &plan;
  const std::vector<PlanBuffer> &buffers;
  std::shared_ptr<ttm::distributed::MeshDevice> device;
  llvm::StringMap<std::shared_ptr<ttm::distributed::MeshBuffer>> deviceBuffers;
  llvm::StringMap<TiledShape> tiled;
};
} // namespace

llvm::Error
InProcessHost::createBuffers(const llvm::StringMap<HostTensor> &inputs) {
  auto &cq = device->mesh_command_queue();
  for (const PlanBuffer &buf : buffers) {
    std::optional<ttemu::num::DataFormat> fmt = numFormat(buf.dtype);
    if (!fmt)
      return planError(llvm::formatv(
          "buffer '{0}': expected dtype bf16, f16, f32 or i32 but got '{1}'",
          buf.name, buf.dtype));
    llvm::Expected<TiledShape> t = tiledShape(buf);
    if (!t)
      return t.takeError();
    uint32_t tileBytes = ttemu::num::tileSizeBytes(*fmt);
    uint32_t pageSize = buf.pageSize ? buf.pageSize : tileBytes;
    if (pageSize != tileBytes)
      return planError(llvm::formatv(
          "buffer '{0}': expected page_size {1} (one {2} tile) but got {3}",
          buf.name, tileBytes, buf.dtype, pageSize));
    tiled[buf.name] = *t;

    ttm::distributed::DeviceLocalBufferConfig local;
    local.page_size = pageSize;
    local.buffer_type =
        buf.memory == "l1" ? ttm::BufferType::L1 : ttm::BufferType::DRAM;
    ttm::distributed::ReplicatedBufferConfig global;
    global.size = uint64_t(pageSize) * t->numTiles();
    auto meshBuffer =
        ttm::distributed::MeshBuffer::create(global, local, device.get());
    deviceBuffers[buf.name] = meshBuffer;

    // Every buffer is written so outputs start from zeros (and padding
    // reads as zero).
    const HostTensor *host = nullptr;
    auto it = inputs.find(buf.name);
    if (it != inputs.end()) {
      host = &it->second;
      if (llvm::ArrayRef<int64_t>(host->shape) != llvm::ArrayRef(buf.shape) ||
          int64_t(host->size()) != host->numElements())
        return planError(llvm::formatv(
            "buffer '{0}': the host tensor's shape does not match the plan's",
            buf.name));
    }
    std::vector<uint8_t> bytes = tilize(buf, *t, host, *fmt);
    ttm::distributed::EnqueueWriteMeshBuffer(cq, meshBuffer, bytes,
                                            /*blocking=*/true);
  }
  return llvm::Error::success();
}

llvm::Expected<ttm::CoreRangeSet> InProcessHost::coreRanges() {
  const json::Array *ranges = plan.getArray("core_ranges");
  if (!ranges || ranges->empty())
    return planError("expected a non-empty \"core_ranges\" array");
  std::vector<ttm::CoreRange> result;
  for (auto [i, value] : llvm::enumerate(*ranges)) {
    const json::Object *obj = value.getAsObject();
    const json::Array *start = obj ? obj->getArray("start") : nullptr;
    const json::Array *extent = obj ? obj->getArray("extent") : nullptr;
    if (!start || !extent || start->size() != 2 || extent->size() != 2)
      return planError(llvm::formatv(
          "core_ranges[{0}]: expected start [x, y] and extent [ex, ey]", i));
    auto sx = (*start)[0].getAsInteger(), sy = (*start)[1].getAsInteger();
    auto ex = (*extent)[0].getAsInteger(), ey = (*extent)[1].getAsInteger();
    if (!sx || !sy || !ex || !ey || *sx < 0 || *sy < 0 || *ex <= 0 || *ey <= 0)
      return planError(llvm::formatv(
          "core_ranges[{0}]: expected non-negative integers", i));
    result.emplace_back(ttm::CoreCoord(*sx, *sy),
                        ttm::CoreCoord(*sx + *ex - 1, *sy + *ey - 1));
  }
  return ttm::CoreRangeSet(result);
}

llvm::Error InProcessHost::createCircularBuffers(ttm::Program &program,
                                                 const ttm::CoreRangeSet &cores) {
  const json::Array *cbs = plan.getArray("circular_buffers");
  if (!cbs)
    return planError("expected a \"circular_buffers\" array");
  for (auto [i, value] : llvm::enumerate(*cbs)) {
    // The validator's typed entry (PlanSchema.h): the same fields.
    auto entry = mlir::tilett::plan::read<mlir::tilett::plan::CircularBuffer>(
        value, llvm::formatv("$.circular_buffers[{0}]", i).str());
    if (!entry)
      return planError(llvm::toString(entry.takeError()));
    std::optional<tt::DataFormat> fmt = metalFormat(entry->dtype);
    if (!fmt || entry->index < 0 || entry->index > 31 ||
        entry->pageSize <= 0 || entry->numPages <= 0 ||
        entry->numPages > UINT32_MAX / entry->pageSize)
      return planError(llvm::formatv(
          "circular_buffers[{0}]: expected index (0..31), dtype, page_size "
          "and num_pages",
          i));
    uint8_t cb = uint8_t(entry->index);
    ttm::CircularBufferConfig config(
        uint32_t(entry->pageSize * entry->numPages), {{cb, *fmt}});
    config.set_page_size(cb, uint32_t(entry->pageSize));
    ttm::CreateCircularBuffer(program, cores, config);
  }
  // Semaphores in id order: CreateSemaphore numbers them as it goes.
  if (const json::Array *semaphores = plan.getArray("semaphores"))
    for (auto [i, value] : llvm::enumerate(*semaphores)) {
      auto entry = mlir::tilett::plan::read<mlir::tilett::plan::Semaphore>(
          value, llvm::formatv("$.semaphores[{0}]", i).str());
      if (!entry)
        return planError(llvm::toString(entry.takeError()));
      if (entry->id != int64_t(i) || entry->initialValue < 0 ||
          entry->initialValue > UINT32_MAX)
        return planError(llvm::formatv(
            "semaphores[{0}]: expected id {0} and a 32-bit initial_value", i));
      ttm::CreateSemaphore(program, cores, uint32_t(entry->initialValue));
    }
  return llvm::Error::success();
}

llvm::Expected<uint32_t> InProcessHost::resolveArg(const json::Value &arg,
                                                   bool compileTime,
                                                   std::vector<uint32_t> &out) {
  if (std::optional<int64_t> v = arg.getAsInteger()) {
    out.push_back(uint32_t(*v));
    return 1;
  }
  const json::Object *obj = arg.getAsObject();
  // {"noc_x"/"noc_y": "(x,y)"}: the NOC coordinate of a logical worker core.
  if (!compileTime && obj && obj->size() == 1)
    for (StringRef axis : {"noc_x", "noc_y"})
      if (std::optional<StringRef> key = obj->getString(axis)) {
        auto core = parseCoreKey(*key);
        if (!core)
          return planError(llvm::formatv(
              "expected {{\"{0}\": \"(x,y)\"} but got '{1}'", axis, *key));
        ttm::CoreCoord noc = device->worker_core_from_logical_core(
            ttm::CoreCoord(core->first, core->second));
        out.push_back(uint32_t(axis == "noc_x" ? noc.x : noc.y));
        return 1;
      }
  StringRef key = compileTime ? "accessor" : "addr";
  std::optional<StringRef> name = obj ? obj->getString(key) : std::nullopt;
  if (!name)
    return planError(llvm::formatv("expected an integer or {{\"{0}\": name}",
                                   key));
  auto it = deviceBuffers.find(*name);
  if (it == deviceBuffers.end())
    return planError(llvm::formatv("argument names unknown buffer '{0}'", *name));
  if (compileTime)
    ttm::TensorAccessorArgs(*it->second).append_to(out);
  else
    out.push_back(it->second->address());
  return 1;
}

llvm::Error InProcessHost::createKernels(ttm::Program &program,
                                         const ttm::CoreRangeSet &cores) {
  const json::Array *kernels = plan.getArray("kernels");
  if (!kernels || kernels->empty())
    return planError("expected a non-empty \"kernels\" array");
  for (auto [i, value] : llvm::enumerate(*kernels)) {
    const json::Object *obj = value.getAsObject();
    auto file = obj ? obj->getString("file") : std::nullopt;
    auto kind = obj ? obj->getString("kind") : std::nullopt;
    if (!file || !kind)
      return planError(
          llvm::formatv("kernels[{0}]: expected \"file\" and \"kind\"", i));
    // Kernel files stay inside the plan's directory, as the validator says.
    if (std::optional<std::string> error =
            mlir::tilett::plan::checkKernelFile(*file))
      return planError(llvm::formatv("kernels[{0}].file: {1}", i, *error));
    llvm::SmallString<256> path(outDir);
    llvm::sys::path::append(path, *file);

    std::vector<uint32_t> ctArgs;
    if (const json::Array *ct = obj->getArray("compile_time_args"))
      for (const json::Value &arg : *ct)
        if (llvm::Expected<uint32_t> r = resolveArg(arg, true, ctArgs); !r)
          return r.takeError();
    std::map<std::string, std::string> defines;
    if (const json::Object *defs = obj->getObject("defines"))
      for (const auto &[name, v] : *defs) {
        if (std::optional<StringRef> s = v.getAsString())
          defines[name.str()] = s->str();
        else if (std::optional<int64_t> n = v.getAsInteger())
          defines[name.str()] = std::to_string(*n);
      }

    ttm::KernelHandle handle;
    if (*kind == "compute") {
      StringRef fidelity = obj->getString("math_fidelity").value_or("HiFi4");
      ttm::ComputeConfig config;
      config.math_fidelity = llvm::StringSwitch<MathFidelity>(fidelity)
                                 .Case("LoFi", MathFidelity::LoFi)
                                 .Case("HiFi2", MathFidelity::HiFi2)
                                 .Case("HiFi3", MathFidelity::HiFi3)
                                 .Default(MathFidelity::HiFi4);
      config.fp32_dest_acc_en =
          obj->getBoolean("fp32_dest_acc_en").value_or(false);
      config.math_approx_mode =
          obj->getBoolean("math_approx_mode").value_or(false);
      config.compile_args = ctArgs;
      config.defines = defines;
      handle = ttm::CreateKernel(program, std::string(path), cores, config);
    } else {
      StringRef proc = obj->getString("processor")
                           .value_or(*kind == "reader" ? "riscv_1" : "riscv_0");
      bool riscv1 = proc == "riscv_1";
      int64_t noc = obj->getInteger("noc").value_or(riscv1 ? 1 : 0);
      ttm::DataMovementConfig config;
      config.processor = riscv1 ? ttm::DataMovementProcessor::RISCV_1
                                : ttm::DataMovementProcessor::RISCV_0;
      config.noc = noc ? ttm::NOC::NOC_1 : ttm::NOC::NOC_0;
      config.compile_args = ctArgs;
      config.defines = defines;
      handle = ttm::CreateKernel(program, std::string(path), cores, config);
    }

    const json::Object *rtArgs = obj->getObject("runtime_args");
    if (!rtArgs)
      continue;
    for (const auto &[key, list] : *rtArgs) {
      auto core = parseCoreKey(key);
      const json::Array *args = list.getAsArray();
      if (!core || !args)
        return planError(llvm::formatv(
            "kernels[{0}].runtime_args: expected \"(x,y)\": [...] but got "
            "key '{1}'",
            i, key.str()));
      std::vector<uint32_t> values;
      for (const json::Value &arg : *args)
        if (llvm::Expected<uint32_t> r = resolveArg(arg, false, values); !r)
          return r.takeError();
      ttm::CoreCoord coord(core->first, core->second);
      ttm::SetRuntimeArgs(program, handle, std::vector<ttm::CoreCoord>{coord},
                          std::vector<std::vector<uint32_t>>{values});
    }
  }
  return llvm::Error::success();
}

llvm::Expected<PlanRunResult>
InProcessHost::run(const llvm::StringMap<HostTensor> &inputs) {
  device = ttm::distributed::MeshDevice::create_unit_mesh(0);
  auto &cq = device->mesh_command_queue();
  if (llvm::Error err = createBuffers(inputs))
    return std::move(err);
  llvm::Expected<ttm::CoreRangeSet> cores = coreRanges();
  if (!cores)
    return cores.takeError();
  ttm::Program program = ttm::CreateProgram();
  if (llvm::Error err = createCircularBuffers(program, *cores))
    return std::move(err);
  if (llvm::Error err = createKernels(program, *cores))
    return std::move(err);

  ttm::distributed::MeshWorkload workload;
  ttm::distributed::MeshCoordinateRange range(device->shape());
  ttm::distributed::AddProgramToMeshWorkload(workload, std::move(program), range);
  ttm::distributed::EnqueueMeshWorkload(cq, workload, /*blocking=*/false);
  ttm::distributed::Finish(cq);

  // What is not read back is freed first, so that the outputs' host copies
  // do not add to the inputs' device copies at the run's peak.
  for (const PlanBuffer &buf : buffers)
    if (!buf.isOutput())
      deviceBuffers.erase(buf.name);
  PlanRunResult result;
  for (const PlanBuffer &buf : buffers) {
    if (!buf.isOutput())
      continue;
    std::vector<uint8_t> bytes;
    ttm::distributed::EnqueueReadMeshBuffer(cq, bytes, deviceBuffers[buf.name],
                                           /*blocking=*/true);
    ttemu::num::DataFormat fmt = *numFormat(buf.dtype);
    HostTensor out = untilize(buf, tiled[buf.name], bytes, fmt);
    bytes = {};
    result.outputs[buf.name] = std::move(out);
  }

  ttemu::RunStats stats = ttemu::lastRunStats();
  if (stats.deviceCycles > 0 && stats.deviceUs > 0) {
    result.deviceUs = stats.deviceUs;
    result.tflops = double(stats.flops) / (stats.deviceUs * 1e-6) / 1e12;
  }
  device->close();
  return result;
}

//===----------------------------------------------------------------------===//
// The generated host program
//===----------------------------------------------------------------------===//

/// Raw little-endian values of `dtype`, the host program's --in/--out format.
static std::vector<uint8_t> encodeRaw(const HostTensor &t, StringRef dtype) {
  size_t width = dtype == "bf16" || dtype == "f16" ? 2 : 4;
  std::vector<uint8_t> bytes(t.size() * width);
  for (size_t i = 0; i < t.size(); ++i) {
    uint8_t *p = &bytes[i * width];
    float f = float(t.get(i));
    if (dtype == "bf16") {
      uint16_t h = ttemu::num::floatToBf16(f);
      std::memcpy(p, &h, 2);
    } else if (dtype == "f16") {
      uint16_t h = ttemu::num::floatToFp16(f);
      std::memcpy(p, &h, 2);
    } else if (dtype == "i32") {
      int32_t v = int32_t(t.get(i));
      std::memcpy(p, &v, 4);
    } else {
      std::memcpy(p, &f, 4);
    }
  }
  return bytes;
}

static HostTensor decodeRaw(llvm::ArrayRef<uint8_t> bytes,
                            llvm::ArrayRef<int64_t> shape, StringRef dtype) {
  HostTensor t(shape, hostKind(*numFormat(dtype)));
  size_t width = dtype == "bf16" || dtype == "f16" ? 2 : 4;
  for (size_t i = 0; i < t.size() && (i + 1) * width <= bytes.size(); ++i) {
    const uint8_t *p = &bytes[i * width];
    if (width == 2) {
      uint16_t h;
      std::memcpy(&h, p, 2);
      t.set(i, dtype == "bf16" ? ttemu::num::bf16ToFloat(h)
                               : ttemu::num::fp16ToFloat(h));
    } else if (dtype == "i32") {
      int32_t v;
      std::memcpy(&v, p, 4);
      t.set(i, v);
    } else {
      float f;
      std::memcpy(&f, p, 4);
      t.set(i, f);
    }
  }
  return t;
}

static llvm::Error runProgram(llvm::ArrayRef<llvm::StringRef> argv,
                              StringRef what) {
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(argv[0], argv, std::nullopt, {}, 0, 0,
                                     &message);
  if (rc != 0)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("{0} failed (exit {1}){2}{3}", what, rc,
                      message.empty() ? "" : ": ", message));
  return llvm::Error::success();
}

/// Builds host.cpp with the emulator's CMake package in `outDir/host-build`
/// and runs it with the inputs as files.
static llvm::Expected<PlanRunResult>
runHostProgram(StringRef outDir, const std::vector<PlanBuffer> &buffers,
               const llvm::StringMap<HostTensor> &inputs,
               const PlanRunOptions &options) {
  auto cmake = llvm::sys::findProgramByName("cmake");
  if (!cmake)
    return llvm::createStringError(cmake.getError(), "cannot find cmake");
  llvm::SmallString<256> buildDir(outDir), dataDir(outDir);
  llvm::sys::path::append(buildDir, "host-build");
  llvm::sys::path::append(dataDir, "host-data");
  if (std::error_code ec = llvm::sys::fs::create_directories(dataDir))
    return llvm::createStringError(ec, "cannot create " + dataDir);
  std::string prefix = options.metaliumPrefix.empty()
                           ? std::string(TILETT_METALIUM_PREFIX)
                           : options.metaliumPrefix;
  std::string prefixArg = "-DCMAKE_PREFIX_PATH=" + prefix;
  std::string cxxArg = "-DCMAKE_CXX_COMPILER=" TILETT_HOST_CXX;
  if (llvm::Error err = runProgram({*cmake, "-S", outDir, "-B", buildDir,
                                    "-DCMAKE_BUILD_TYPE=Release", prefixArg,
                                    cxxArg},
                                   "configuring host.cpp"))
    return std::move(err);
  if (llvm::Error err =
          runProgram({*cmake, "--build", buildDir}, "building host.cpp"))
    return std::move(err);

  llvm::SmallString<256> exe(buildDir);
  llvm::sys::path::append(exe, "host");
  std::vector<std::string> args = {std::string(exe), "--kernels",
                                   std::string(outDir)};
  llvm::StringMap<std::string> outFiles;
  for (const PlanBuffer &buf : buffers) {
    llvm::SmallString<256> file(dataDir);
    llvm::sys::path::append(file, buf.name + ".bin");
    auto it = inputs.find(buf.name);
    if (it != inputs.end()) {
      std::vector<uint8_t> bytes = encodeRaw(it->second, buf.dtype);
      std::error_code ec;
      llvm::raw_fd_ostream os(file, ec);
      if (ec)
        return llvm::createStringError(ec, "cannot write " + file);
      os.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
      args.push_back("--in");
      args.push_back(buf.name + "=" + std::string(file));
    }
    if (buf.isOutput()) {
      llvm::SmallString<256> out(dataDir);
      llvm::sys::path::append(out, buf.name + ".out.bin");
      outFiles[buf.name] = std::string(out);
      args.push_back("--out");
      args.push_back(buf.name + "=" + std::string(out));
    }
  }
  llvm::SmallVector<llvm::StringRef> argv(args.begin(), args.end());
  if (llvm::Error err = runProgram(argv, "the host program"))
    return std::move(err);

  PlanRunResult result;
  for (const PlanBuffer &buf : buffers) {
    if (!buf.isOutput())
      continue;
    auto file = llvm::MemoryBuffer::getFile(outFiles[buf.name]);
    if (!file)
      return llvm::createStringError(file.getError(),
                                     "the host program wrote no '" +
                                         outFiles[buf.name] + "'");
    llvm::ArrayRef<uint8_t> bytes(
        reinterpret_cast<const uint8_t *>((*file)->getBufferStart()),
        (*file)->getBufferSize());
    result.outputs[buf.name] = decodeRaw(bytes, buf.shape, buf.dtype);
  }
  return result;
}

/// The emulator models the card TT_EMU_ARCH names, as for any program; a
/// plan compiled for another arch would run on the wrong grid, so the
/// plan's arch is selected when the variable is unset (for this process and
/// a --host-program child) and a different one is an error.
static llvm::Error selectEmulatedArch(const json::Value &plan) {
  const json::Object *root = plan.getAsObject();
  std::optional<StringRef> arch = root ? root->getString("arch") : std::nullopt;
  if (!arch)
    return llvm::Error::success();
  const char *selected = std::getenv("TT_EMU_ARCH");
  if (!selected || !*selected) {
    setenv("TT_EMU_ARCH", arch->str().c_str(), 1);
    return llvm::Error::success();
  }
  StringRef family = StringRef(selected).split('_').first;
  if (family == arch->split('_').first)
    return llvm::Error::success();
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      llvm::formatv("the plan is compiled for {0} but TT_EMU_ARCH={1} "
                    "selects another card; unset it or compile with "
                    "--arch {1}",
                    *arch, selected));
}

llvm::Expected<PlanRunResult>
mlir::tilett::runner::runCompiledKernel(StringRef outDir,
                                        const llvm::StringMap<HostTensor> &inputs,
                                        const PlanRunOptions &options) {
  llvm::SmallString<256> planPath(outDir);
  llvm::sys::path::append(planPath, "tt.plan.json");
  llvm::Expected<std::vector<PlanBuffer>> buffers = readPlanBuffers(planPath);
  if (!buffers)
    return buffers.takeError();
  llvm::Expected<json::Value> plan = readJson(planPath);
  if (!plan)
    return plan.takeError();
  if (llvm::Error err = selectEmulatedArch(*plan))
    return std::move(err);
  if (options.useHostProgram)
    return runHostProgram(outDir, *buffers, inputs, options);
  try {
    InProcessHost host(outDir, *plan->getAsObject(), *buffers);
    return host.run(inputs);
  } catch (const std::exception &e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   llvm::Twine("emulator: ") + e.what());
  }
}
