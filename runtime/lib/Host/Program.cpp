// Program construction: kernels, circular buffers, semaphores, runtime args.
#include <tt-metalium/host_api.hpp>

#include "Host/ProgramState.h"
#include "Jit/KernelPath.h"

namespace tt::tt_metal {

Program::Program() : state_(std::make_unique<ttemu::ProgramState>()) {}
Program::~Program() = default;
Program::Program(Program &&) noexcept = default;
Program &Program::operator=(Program &&) noexcept = default;

namespace {

CoreRangeSet toSet(const CoreSpec &spec) {
  if (auto *c = std::get_if<CoreCoord>(&spec))
    return CoreRangeSet(CoreRange(*c));
  if (auto *r = std::get_if<CoreRange>(&spec))
    return CoreRangeSet(*r);
  return std::get<CoreRangeSet>(spec);
}

ttemu::KernelInfo &kernelOf(const Program &program, KernelHandle id) {
  auto &ks = program.emuState().kernels;
  TT_FATAL(id < ks.size(), "kernel handle {} does not belong to this program",
           id);
  return *ks[id];
}

ttemu::num::MathFidelity toNum(MathFidelity f) {
  switch (f) {
  case MathFidelity::LoFi:
    return ttemu::num::MathFidelity::LoFi;
  case MathFidelity::HiFi2:
    return ttemu::num::MathFidelity::HiFi2;
  case MathFidelity::HiFi3:
    return ttemu::num::MathFidelity::HiFi3;
  default:
    return ttemu::num::MathFidelity::HiFi4;
  }
}

KernelHandle addKernel(Program &program, std::unique_ptr<ttemu::KernelInfo> k,
                       const CoreSpec &spec, const KernelConfig &config) {
  k->cores = toSet(spec);
  if (auto *dm = std::get_if<DataMovementConfig>(&config)) {
    k->processor = dm->processor == DataMovementProcessor::RISCV_0
                       ? ttemu::Processor::BRISC
                       : ttemu::Processor::NCRISC;
    k->noc = static_cast<uint8_t>(dm->noc);
    k->compileArgs = dm->compile_args;
    k->defines = dm->defines;
    k->namedCompileArgs.insert(dm->named_compile_args.begin(),
                               dm->named_compile_args.end());
  } else if (auto *cc = std::get_if<ComputeConfig>(&config)) {
    k->processor = ttemu::Processor::TRISC;
    k->compileArgs = cc->compile_args;
    k->defines = cc->defines;
    k->namedCompileArgs.insert(cc->named_compile_args.begin(),
                               cc->named_compile_args.end());
    k->compute.mathFidelity = toNum(cc->math_fidelity);
    k->compute.fp32DestAccEn = cc->fp32_dest_acc_en;
    k->compute.mathApproxMode = cc->math_approx_mode;
    // As tt-metal's compute build does: APPROX is math_approx_mode, for the
    // SFPU calls that take it as their template argument (exp_tile<APPROX>).
    k->defines.try_emplace("APPROX", cc->math_approx_mode ? "true" : "false");
  } else {
    TT_THROW("kernel '{}': Ethernet kernels are not emulated", k->name);
  }
  auto &state = program.emuState();
  for (auto &other : state.kernels) {
    if (other->processor != k->processor)
      continue;
    for (const CoreRange &r : k->cores.ranges())
      TT_FATAL(!other->cores.intersects(r),
               "kernel '{}' and kernel '{}' both run on {} of a core in {}",
               k->name, other->name, ttemu::processorName(k->processor),
               r.str());
  }
  k->id = static_cast<uint32_t>(state.kernels.size());
  state.kernels.push_back(std::move(k));
  return state.kernels.back()->id;
}

} // namespace

KernelHandle CreateKernel(Program &program, const std::string &file_name,
                          const CoreSpec &core_spec, const KernelConfig &config) {
  auto k = std::make_unique<ttemu::KernelInfo>();
  k->name = file_name;
  k->sourcePath = ttemu::resolveKernelPath(file_name);
  return addKernel(program, std::move(k), core_spec, config);
}

KernelHandle CreateKernelFromString(Program &program, const std::string &src,
                                    const CoreSpec &core_spec,
                                    const KernelConfig &config) {
  auto k = std::make_unique<ttemu::KernelInfo>();
  k->name = "<kernel from string>";
  k->sourceText = src;
  return addKernel(program, std::move(k), core_spec, config);
}

CBHandle CreateCircularBuffer(Program &program, const CoreSpec &core_spec,
                              const CircularBufferConfig &config) {
  TT_FATAL(!config.data_formats().empty(),
           "CircularBufferConfig names no buffer index");
  for (const auto &[index, fmt] : config.data_formats())
    TT_FATAL(index < NUM_CIRCULAR_BUFFERS, "circular buffer index {} is out "
             "of range (max {})", index, NUM_CIRCULAR_BUFFERS - 1);
  auto &cbs = program.emuState().circularBuffers;
  cbs.push_back({toSet(core_spec), config});
  return cbs.size();
}

uint32_t CreateSemaphore(Program &program,
                         const std::variant<CoreRange, CoreRangeSet> &core_spec,
                         uint32_t initial_value) {
  CoreRangeSet cores = std::holds_alternative<CoreRange>(core_spec)
                           ? CoreRangeSet(std::get<CoreRange>(core_spec))
                           : std::get<CoreRangeSet>(core_spec);
  auto &sems = program.emuState().semaphores;
  sems.push_back({cores, initial_value});
  return static_cast<uint32_t>(sems.size() - 1);
}

uint32_t CreateSemaphore(Program &program, const CoreCoord &core,
                         uint32_t initial_value) {
  return CreateSemaphore(program, CoreRange(core), initial_value);
}

void SetRuntimeArgsSpan(const Program &program, KernelHandle kernel,
                        const CoreSpec &core_spec,
                        tt::stl::Span<const uint32_t> args) {
  ttemu::KernelInfo &k = kernelOf(program, kernel);
  CoreRangeSet cores = toSet(core_spec);
  for (const CoreRange &r : cores.ranges())
    for (const CoreCoord &c : r) {
      TT_FATAL(k.cores.contains(c),
               "SetRuntimeArgs: core {} is not among the cores of kernel '{}'",
               c.str(), k.name);
      k.argsFor(c).set(args.data(), args.size());
    }
}

void SetRuntimeArgs(const Program &program, KernelHandle kernel,
                    const CoreSpec &core_spec,
                    const std::vector<uint32_t> &args) {
  SetRuntimeArgsSpan(program, kernel, core_spec,
                     tt::stl::Span<const uint32_t>(args.data(), args.size()));
}

void SetRuntimeArgs(const Program &program, KernelHandle kernel,
                    const std::vector<CoreCoord> &cores,
                    const std::vector<std::vector<uint32_t>> &args) {
  TT_FATAL(cores.size() == args.size(),
           "SetRuntimeArgs: {} cores but {} argument vectors", cores.size(),
           args.size());
  for (size_t i = 0; i < cores.size(); ++i)
    SetRuntimeArgs(program, kernel, cores[i], args[i]);
}

void SetCommonRuntimeArgsSpan(const Program &program, KernelHandle kernel,
                              tt::stl::Span<const uint32_t> args) {
  kernelOf(program, kernel).commonArgs.set(args.data(), args.size());
}

void SetCommonRuntimeArgs(const Program &program, KernelHandle kernel,
                          const std::vector<uint32_t> &args) {
  kernelOf(program, kernel).commonArgs.set(args.data(), args.size());
}

RuntimeArgsData &GetRuntimeArgs(const Program &program, KernelHandle kernel,
                                const CoreCoord &core) {
  ttemu::KernelInfo &k = kernelOf(program, kernel);
  TT_FATAL(k.cores.contains(core),
           "GetRuntimeArgs: core {} is not among the cores of kernel '{}'",
           core.str(), k.name);
  return k.argsFor(core).view;
}

RuntimeArgsData &GetCommonRuntimeArgs(const Program &program,
                                      KernelHandle kernel) {
  return kernelOf(program, kernel).commonArgs.view;
}

} // namespace tt::tt_metal
