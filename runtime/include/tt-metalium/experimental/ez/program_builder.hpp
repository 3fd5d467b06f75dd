// ez::ProgramBuilder (tt-metal's experimental/ez/program_builder.hpp): a
// fluent builder of a Program's circular buffers, kernels, semaphores and
// runtime arguments. Header-only over the host API, with tt-metal's
// conventions: a reader runs on RISCV_1 / NOC 1 and a writer on RISCV_0 /
// NOC 0; a data-movement kernel's compile-time args are the given ones
// followed by the TensorAccessorArgs of its buffers; on(), defines() and
// named_args() apply to the next kernel (on() also to the next CB) only;
// kernels are created, and their runtime args set, by build().
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

namespace tt::tt_metal::experimental::ez {

using CoreSpec = std::variant<CoreCoord, CoreRange, CoreRangeSet>;

class ProgramBuilder;

/// The cores of a core spec, range by range, row by row.
inline std::vector<CoreCoord> coresOf(const CoreSpec &spec) {
  std::vector<CoreRange> ranges;
  if (auto *c = std::get_if<CoreCoord>(&spec))
    ranges.push_back(CoreRange(*c));
  else if (auto *r = std::get_if<CoreRange>(&spec))
    ranges.push_back(*r);
  else
    ranges = std::get<CoreRangeSet>(spec).ranges();
  std::vector<CoreCoord> cores;
  for (const CoreRange &r : ranges)
    for (size_t y = r.start_coord.y; y <= r.end_coord.y; ++y)
      for (size_t x = r.start_coord.x; x <= r.end_coord.x; ++x)
        cores.push_back(CoreCoord{x, y});
  return cores;
}

/// A kernel added to a ProgramBuilder, created at build().
class KernelRef {
public:
  enum class Type { Reader, Writer, Compute, Custom };

  KernelRef &defines(const std::map<std::string, std::string> &defs) {
    defines_ = defs;
    return *this;
  }
  KernelRef &named_args(const std::unordered_map<std::string, uint32_t> &args) {
    named_ = args;
    return *this;
  }
  KernelRef &runtime_args(std::initializer_list<uint32_t> args) {
    return runtime_args(std::vector<uint32_t>(args));
  }
  KernelRef &runtime_args(const std::vector<uint32_t> &args) {
    deferred_.push_back([args](Program &p, KernelHandle k, const CoreSpec &spec) {
      for (const CoreCoord &c : coresOf(spec))
        SetRuntimeArgs(p, k, c, args);
    });
    return *this;
  }
  /// Per-core runtime args: `fn` is called for each core of the kernel.
  KernelRef &runtime_args(std::function<std::vector<uint32_t>(const CoreCoord &)> fn) {
    deferred_.push_back([fn](Program &p, KernelHandle k, const CoreSpec &spec) {
      for (const CoreCoord &c : coresOf(spec))
        SetRuntimeArgs(p, k, c, fn(c));
    });
    return *this;
  }
  KernelRef &runtime_args_at(const CoreCoord &core, const std::vector<uint32_t> &args) {
    deferred_.push_back([core, args](Program &p, KernelHandle k, const CoreSpec &) {
      SetRuntimeArgs(p, k, core, args);
    });
    return *this;
  }

  /// Ends this kernel's settings: back to the builder.
  ProgramBuilder &done() { return builder_; }

  // The builder's own calls, so that a chain may continue after a kernel.
  ProgramBuilder &cb(tt::CBIndex index, uint32_t num_tiles = 2,
                     tt::DataFormat fmt = tt::DataFormat::Float16_b);
  ProgramBuilder &cb(tt::CBIndex index, tt::DataFormat fmt, uint32_t num_tiles, uint32_t page_size);
  ProgramBuilder &cb(tt::CBIndex index, const std::shared_ptr<distributed::MeshBuffer> &l1_buffer,
                     uint32_t num_tiles = 0, tt::DataFormat fmt = tt::DataFormat::Float16_b);
  ProgramBuilder &cb(const CircularBufferConfig &config);
  KernelRef &reader(const std::string &path,
                    const std::vector<std::shared_ptr<distributed::MeshBuffer>> &buffers = {},
                    const std::vector<uint32_t> &compile_args = {});
  KernelRef &writer(const std::string &path,
                    const std::vector<std::shared_ptr<distributed::MeshBuffer>> &buffers = {},
                    const std::vector<uint32_t> &compile_args = {});
  KernelRef &compute(const std::string &path, MathFidelity fidelity = MathFidelity::HiFi4,
                     const std::vector<uint32_t> &compile_args = {});
  KernelRef &compute(const std::string &path, const ComputeConfig &config);
  KernelRef &kernel(const std::string &path,
                    const std::variant<DataMovementConfig, ComputeConfig, EthernetConfig> &config);
  ProgramBuilder &on(const CoreSpec &core_spec);
  ProgramBuilder &defines_next(const std::map<std::string, std::string> &defs);
  ProgramBuilder &named_args_next(const std::unordered_map<std::string, uint32_t> &args);
  uint32_t semaphore(uint32_t initial_value = 0);
  uint32_t semaphore(const CoreSpec &cores, uint32_t initial_value = 0);
  Program build();

private:
  friend class ProgramBuilder;
  using Deferred = std::function<void(Program &, KernelHandle, const CoreSpec &)>;

  KernelRef(ProgramBuilder &builder, std::string path, CoreSpec cores, KernelConfig config,
            std::vector<std::shared_ptr<distributed::MeshBuffer>> buffers)
      : builder_(builder), path_(std::move(path)), cores_(std::move(cores)),
        config_(std::move(config)), buffers_(std::move(buffers)) {}

  void materialize(Program &program) {
    KernelConfig config = config_;
    std::visit(
        [&](auto &c) {
          using C = std::decay_t<decltype(c)>;
          for (auto &[k, v] : defines_)
            c.defines[k] = v;
          if constexpr (!std::is_same_v<C, EthernetConfig>) {
            for (auto &[k, v] : named_)
              c.named_compile_args[k] = v;
          }
          for (const auto &b : buffers_)
            TensorAccessorArgs(*b).append_to(c.compile_args);
        },
        config);
    KernelHandle k = CreateKernel(program, path_, cores_, config);
    for (auto &d : deferred_)
      d(program, k, cores_);
  }

  ProgramBuilder &builder_;
  std::string path_;
  CoreSpec cores_;
  KernelConfig config_;
  std::vector<std::shared_ptr<distributed::MeshBuffer>> buffers_;
  std::map<std::string, std::string> defines_;
  std::unordered_map<std::string, uint32_t> named_;
  std::vector<Deferred> deferred_;
};

class ProgramBuilder {
public:
  explicit ProgramBuilder(const CoreSpec &core_spec) : default_cores_(core_spec) {}
  ProgramBuilder(const ProgramBuilder &) = delete;
  ProgramBuilder &operator=(const ProgramBuilder &) = delete;

  /// A CB of `num_tiles` tile-sized pages of `fmt`.
  ProgramBuilder &cb(tt::CBIndex index, uint32_t num_tiles = 2,
                     tt::DataFormat fmt = tt::DataFormat::Float16_b) {
    return cb(index, fmt, num_tiles, tt::tile_size(fmt));
  }
  ProgramBuilder &cb(tt::CBIndex index, tt::DataFormat fmt, uint32_t num_tiles, uint32_t page_size) {
    return cb(CircularBufferConfig(num_tiles * page_size, {{index, fmt}}).set_page_size(index, page_size));
  }
  /// A CB in an L1 buffer's memory (all of it when num_tiles is 0).
  ProgramBuilder &cb(tt::CBIndex index, const std::shared_ptr<distributed::MeshBuffer> &l1_buffer,
                     uint32_t num_tiles = 0, tt::DataFormat fmt = tt::DataFormat::Float16_b) {
    uint32_t page = tt::tile_size(fmt);
    uint32_t size = num_tiles ? num_tiles * page : uint32_t(l1_buffer->size());
    return cb(CircularBufferConfig(size, {{index, fmt}})
                  .set_page_size(index, page)
                  .set_globally_allocated_address(*l1_buffer->get_backing_buffer()));
  }
  ProgramBuilder &cb(const CircularBufferConfig &config) {
    CreateCircularBuffer(program_, activeCores(), config);
    return *this;
  }

  KernelRef &reader(const std::string &path,
                    const std::vector<std::shared_ptr<distributed::MeshBuffer>> &buffers = {},
                    const std::vector<uint32_t> &compile_args = {}) {
    return add(path, DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                        .noc = NOC::RISCV_1_default,
                                        .compile_args = compile_args},
               buffers);
  }
  KernelRef &writer(const std::string &path,
                    const std::vector<std::shared_ptr<distributed::MeshBuffer>> &buffers = {},
                    const std::vector<uint32_t> &compile_args = {}) {
    return add(path, DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                        .noc = NOC::RISCV_0_default,
                                        .compile_args = compile_args},
               buffers);
  }
  KernelRef &compute(const std::string &path, MathFidelity fidelity = MathFidelity::HiFi4,
                     const std::vector<uint32_t> &compile_args = {}) {
    return add(path, ComputeConfig{.math_fidelity = fidelity, .compile_args = compile_args}, {});
  }
  KernelRef &compute(const std::string &path, const ComputeConfig &config) {
    return add(path, config, {});
  }
  KernelRef &kernel(const std::string &path,
                    const std::variant<DataMovementConfig, ComputeConfig, EthernetConfig> &config) {
    return add(path, std::visit([](const auto &c) { return KernelConfig(c); }, config), {});
  }

  ProgramBuilder &on(const CoreSpec &core_spec) {
    next_cores_ = core_spec;
    return *this;
  }
  ProgramBuilder &defines(const std::map<std::string, std::string> &defs) {
    next_defines_ = defs;
    return *this;
  }
  ProgramBuilder &named_args(const std::unordered_map<std::string, uint32_t> &args) {
    next_named_ = args;
    return *this;
  }
  uint32_t semaphore(uint32_t initial_value = 0) { return semaphore(activeCores(), initial_value); }
  uint32_t semaphore(const CoreSpec &cores, uint32_t initial_value = 0) {
    if (auto *c = std::get_if<CoreCoord>(&cores))
      return CreateSemaphore(program_, *c, initial_value);
    if (auto *r = std::get_if<CoreRange>(&cores))
      return CreateSemaphore(program_, *r, initial_value);
    return CreateSemaphore(program_, std::get<CoreRangeSet>(cores), initial_value);
  }

  /// Creates the kernels and returns the program; once only.
  Program build() {
    if (built_)
      throw std::runtime_error("ez::ProgramBuilder::build() called twice");
    built_ = true;
    for (auto &k : kernels_)
      k->materialize(program_);
    return std::move(program_);
  }

private:
  friend class KernelRef;

  CoreSpec activeCores() {
    CoreSpec c = next_cores_.value_or(default_cores_);
    next_cores_.reset();
    return c;
  }
  KernelRef &add(const std::string &path, KernelConfig config,
                 std::vector<std::shared_ptr<distributed::MeshBuffer>> buffers) {
    kernels_.push_back(std::unique_ptr<KernelRef>(
        new KernelRef(*this, path, activeCores(), std::move(config), std::move(buffers))));
    KernelRef &k = *kernels_.back();
    if (next_defines_)
      k.defines(*next_defines_);
    if (next_named_)
      k.named_args(*next_named_);
    next_defines_.reset();
    next_named_.reset();
    return k;
  }

  Program program_ = CreateProgram();
  CoreSpec default_cores_;
  std::optional<CoreSpec> next_cores_;
  std::optional<std::map<std::string, std::string>> next_defines_;
  std::optional<std::unordered_map<std::string, uint32_t>> next_named_;
  std::vector<std::unique_ptr<KernelRef>> kernels_;
  bool built_ = false;
};

inline ProgramBuilder &KernelRef::cb(tt::CBIndex i, uint32_t n, tt::DataFormat f) { return builder_.cb(i, n, f); }
inline ProgramBuilder &KernelRef::cb(tt::CBIndex i, tt::DataFormat f, uint32_t n, uint32_t p) { return builder_.cb(i, f, n, p); }
inline ProgramBuilder &KernelRef::cb(tt::CBIndex i, const std::shared_ptr<distributed::MeshBuffer> &b, uint32_t n,
                                     tt::DataFormat f) { return builder_.cb(i, b, n, f); }
inline ProgramBuilder &KernelRef::cb(const CircularBufferConfig &c) { return builder_.cb(c); }
inline KernelRef &KernelRef::reader(const std::string &p, const std::vector<std::shared_ptr<distributed::MeshBuffer>> &b,
                                    const std::vector<uint32_t> &a) { return builder_.reader(p, b, a); }
inline KernelRef &KernelRef::writer(const std::string &p, const std::vector<std::shared_ptr<distributed::MeshBuffer>> &b,
                                    const std::vector<uint32_t> &a) { return builder_.writer(p, b, a); }
inline KernelRef &KernelRef::compute(const std::string &p, MathFidelity f, const std::vector<uint32_t> &a) {
  return builder_.compute(p, f, a);
}
inline KernelRef &KernelRef::compute(const std::string &p, const ComputeConfig &c) { return builder_.compute(p, c); }
inline KernelRef &KernelRef::kernel(const std::string &p,
                                    const std::variant<DataMovementConfig, ComputeConfig, EthernetConfig> &c) {
  return builder_.kernel(p, c);
}
inline ProgramBuilder &KernelRef::on(const CoreSpec &c) { return builder_.on(c); }
inline ProgramBuilder &KernelRef::defines_next(const std::map<std::string, std::string> &d) { return builder_.defines(d); }
inline ProgramBuilder &KernelRef::named_args_next(const std::unordered_map<std::string, uint32_t> &a) {
  return builder_.named_args(a);
}
inline uint32_t KernelRef::semaphore(uint32_t v) { return builder_.semaphore(v); }
inline uint32_t KernelRef::semaphore(const CoreSpec &c, uint32_t v) { return builder_.semaphore(c, v); }
inline Program KernelRef::build() { return builder_.build(); }

} // namespace tt::tt_metal::experimental::ez
