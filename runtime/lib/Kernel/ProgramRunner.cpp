// Program launch: L1 layout of circular buffers and semaphores, the kernel
// processors (fibers on one host thread, or one OS thread each, run one at
// a time by the Scheduler), the watchdog, and error propagation to the host.
#include "Kernel/ProgramRunner.h"

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <future>
#include <iostream>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include <tt-metalium/buffer.hpp>

#include "Cost/RunReport.h"
#include "Fabric/Fabric.h"
#include "Jit/KernelCompiler.h"
#include "Kernel/L1Window.h"
#include "Kernel/RunState.h"

namespace ttemu {
namespace {

/// The CB page sizes `k` sees: the same on all its cores, or 0.
CbPageSizes cbPageSizesOf(const ProgramState &p, const KernelInfo &k) {
  CbPageSizes out{};
  bool first = true;
  for (const CoreCoord &c : corerange_to_cores(k.cores, std::nullopt, true)) {
    CbPageSizes here{};
    for (const auto &cb : p.circularBuffers) {
      if (!cb.cores.contains(c))
        continue;
      for (const auto &[index, size] : cb.config.page_sizes())
        if (index < here.size())
          here[index] = size;
    }
    for (size_t i = 0; i < out.size(); ++i)
      out[i] = first ? here[i] : (out[i] == here[i] ? out[i] : 0);
    first = false;
  }
  return out;
}

std::vector<std::shared_ptr<CompiledKernel>> compileAll(DeviceState &dev,
                                                        ProgramState &p) {
  std::vector<std::future<std::shared_ptr<CompiledKernel>>> futures;
  for (auto &k : p.kernels)
    futures.push_back(std::async(
        std::launch::async, [&dev, kp = k.get(), cbs = cbPageSizesOf(p, *k)] {
          return compileKernel(*kp, dev.arch.name, cbs);
        }));
  std::vector<std::shared_ptr<CompiledKernel>> out;
  std::exception_ptr firstError;
  for (auto &f : futures) {
    try {
      out.push_back(f.get());
    } catch (...) {
      if (!firstError)
        firstError = std::current_exception();
      out.push_back(nullptr);
    }
  }
  if (firstError)
    std::rethrow_exception(firstError);
  return out;
}

CoreRun &ensureCore(Run &r, const CoreCoord &c, const char *what) {
  if (!r.dev.inGrid(c.x, c.y))
    throw std::runtime_error(fmt::format(
        "{} uses core ({},{}) outside the {}x{} worker grid of {}", what, c.x,
        c.y, r.dev.arch.gridX, r.dev.arch.gridY, r.dev.arch.name));
  auto &slot = r.cores[r.dev.coreIndex(c.x, c.y)];
  if (!slot) {
    slot = std::make_unique<CoreRun>();
    slot->x = c.x;
    slot->y = c.y;
    slot->l1 = r.dev.l1(c.x, c.y);
  }
  return *slot;
}

/// Places each core's circular buffers bottom-up from the unreserved base
/// and checks they stay below the L1 buffers (allocated top-down). The
/// cursor is 64-bit and checked after every CB: sizes are 32-bit, so a
/// 32-bit sum of a few of them wraps and a CB "fits" past L1's end.
void layoutCircularBuffers(Run &r) {
  std::vector<uint64_t> cursor(r.cores.size(), r.dev.arch.l1UnreservedBase);
  uint64_t bottom = r.dev.l1BuffersBottom();
  for (auto &cb : r.program.circularBuffers) {
    const auto &cfg = cb.config;
    const tt::tt_metal::Buffer *global = cfg.globally_allocated_buffer();
    if (cfg.total_size() == 0)
      throw std::runtime_error(fmt::format(
          "circular buffer {} has total size 0: a CB needs room for at least "
          "one page",
          cfg.data_formats().begin()->first));
    if (global && cfg.total_size() > global->aligned_size_per_bank())
      throw std::runtime_error(fmt::format(
          "circular buffer of {} bytes on a globally allocated buffer that "
          "holds only {} bytes per core",
          cfg.total_size(), global->aligned_size_per_bank()));
    for (const CoreCoord &c : corerange_to_cores(cb.cores, std::nullopt, true)) {
      CoreRun &core = ensureCore(r, c, "a circular buffer");
      uint64_t &cur = cursor[r.dev.coreIndex(c.x, c.y)];
      uint64_t start = cur;
      if (!global && start + cfg.total_size() > bottom)
        throw std::runtime_error(fmt::format(
            "L1 over-allocation on core ({},{}): circular buffers occupy "
            "0x{:x}-0x{:x} ({} bytes; circular buffer {} of {} bytes at "
            "0x{:x}) but only 0x{:x}-0x{:x} is free below the L1 buffers (L1 "
            "size {} bytes)",
            c.x, c.y, r.dev.arch.l1UnreservedBase, start + cfg.total_size(),
            start + cfg.total_size() - r.dev.arch.l1UnreservedBase,
            cfg.data_formats().begin()->first, cfg.total_size(), start,
            r.dev.arch.l1UnreservedBase, bottom, r.dev.arch.l1Size));
      for (const auto &[index, format] : cfg.data_formats()) {
        auto ps = cfg.page_sizes().find(index);
        if (ps == cfg.page_sizes().end() || ps->second == 0)
          throw std::runtime_error(fmt::format(
              "circular buffer {} has no page size: call "
              "CircularBufferConfig::set_page_size({}, bytes)",
              index, index));
        if (cfg.total_size() % ps->second != 0)
          throw std::runtime_error(fmt::format(
              "circular buffer {}: total size {} is not a multiple of the "
              "page size {}",
              index, cfg.total_size(), ps->second));
        CircularBuffer &b = core.cbs.at(index);
        if (b.configured)
          throw std::runtime_error(fmt::format(
              "circular buffer {} is created twice on core ({},{})", index,
              c.x, c.y));
        b.configured = true;
        b.global = global != nullptr;
        b.addr = global ? global->address() : static_cast<uint32_t>(start);
        b.pageSize = ps->second;
        b.numPages = cfg.total_size() / ps->second;
        b.format = format;
        b.pushedAt.assign(b.numPages, 0);
        b.poppedAt.assign(b.numPages, 0);
      }
      if (!global)
        cur = alignUp(start + cfg.total_size(), 32);
    }
  }
}

void initSemaphores(Run &r) {
  if (r.program.semaphores.size() > kMaxSemaphores)
    throw std::runtime_error(fmt::format("a program may create at most {} "
                                         "semaphores",
                                         kMaxSemaphores));
  for (size_t id = 0; id < r.program.semaphores.size(); ++id) {
    auto &s = r.program.semaphores[id];
    for (const CoreCoord &c : corerange_to_cores(s.cores, std::nullopt, true)) {
      CoreRun &core = ensureCore(r, c, "a semaphore");
      uint32_t v = s.initialValue;
      std::memcpy(core.l1 + kSemaphoreBase + id * kSemaphoreStride, &v, 4);
    }
  }
}

/// A processor's life on its fiber or thread: waits for the baton, runs the
/// kernel, reports how it ended; returns the processor to hand the baton to.
ThreadRun *processorMain(Run &r, ThreadRun &t) {
  try {
    {
      std::unique_lock lock(r.mu);
      r.sched.enter(lock, t);
    }
    t.entry();
    std::lock_guard lock(r.mu);
    foldTriscs(t);
  } catch (const KernelError &e) {
    std::lock_guard lock(r.mu);
    r.abort(e.what());
  } catch (const RunAborted &) {
  } catch (const std::exception &e) {
    std::lock_guard lock(r.mu);
    r.abort(t.who() + ": " + e.what());
  } catch (...) {
    std::lock_guard lock(r.mu);
    r.abort(t.who() + ": unknown exception");
  }
  std::lock_guard lock(r.mu);
  t.finished = true;
  ThreadRun *next = r.sched.finish(t);
  --r.unfinished;
  r.doneCv.notify_all();
  return next;
}

/// TT_EMU_SCHED=threads: one OS thread per processor.
void threadMain(Run *r, ThreadRun *t) {
  setCurrentThread(r, t);
  enterKernelThread(r->dev, t->core->x, t->core->y);
  ThreadRun *next = processorMain(*r, *t);
  leaveKernelThread();
  // The run outlives this: `next` has not finished, so the host waits.
  Scheduler::wake(next);
}

/// Fibers: one host thread runs every processor of the run, in turn. It is
/// a kernel thread for the raw-L1 window while a fiber runs (Scheduler
/// switches its core with the fiber).
void fiberHostMain(Run *r) {
  CoreRun *first = r->threads.front()->core;
  enterKernelThread(r->dev, first->x, first->y);
  suspendKernelThread();
  {
    std::unique_lock lock(r->mu);
    try {
      r->sched.runFibers(lock, processorMain);
    } catch (const std::exception &e) {
      // No stack for a fiber: nothing ran.
      r->abort(std::string("cannot start the kernel processors: ") +
               e.what());
      r->unfinished = 0;
      r->doneCv.notify_all();
    }
  }
  leaveKernelThread();
}

std::string describeStuckThreads(Run &r) {
  std::string s;
  for (auto &t : r.threads)
    if (!t->finished)
      s += "\n  " + t->who() + " " + r.sched.describe(*t);
  return s;
}

/// TT_EMU_TIMEOUT_S, or 60 s. A value that is not a positive finite number
/// is an error: atof would turn a typo into 0 and the watchdog into a no-op.
double timeoutSeconds() {
  const char *env = std::getenv("TT_EMU_TIMEOUT_S");
  if (!env || !*env)
    return 60.0;
  char *end = nullptr;
  errno = 0;
  double v = std::strtod(env, &end);
  while (end && std::isspace(static_cast<unsigned char>(*end)))
    ++end;
  if (end == env || *end || errno == ERANGE || !std::isfinite(v) || v <= 0)
    throw std::runtime_error(fmt::format(
        "TT_EMU_TIMEOUT_S='{}' is not a valid timeout: expected a positive "
        "number of seconds (e.g. TT_EMU_TIMEOUT_S=60 or 2.5)",
        env));
  return v;
}

} // namespace

void compileProgram(DeviceState &dev, ProgramState &program) {
  compileAll(dev, program);
}

void runProgram(DeviceState &dev, ProgramState &program) {
  installL1Window();
  std::lock_guard devLock(dev.runMutex);
  // Heap-allocated: if a kernel never returns, its thread keeps using it.
  auto r = std::make_unique<Run>(dev, program);
  std::vector<std::shared_ptr<CompiledKernel>> compiled;
  double timeout = 0;
  try {
    compiled = compileAll(dev, program);
    const char *trace = std::getenv("TT_EMU_TRACE");
    const char *profile = std::getenv("TT_EMU_PROFILE");
    r->tracing = (trace && *trace) || (profile && *profile);
    r->cores.resize(dev.arch.numCores());
    // Every core exists, not only those running kernels: NOC traffic may
    // target any core's L1 (interleaved L1 buffers span the whole grid).
    for (uint32_t y = 0; y < dev.arch.gridY; ++y)
      for (uint32_t x = 0; x < dev.arch.gridX; ++x)
        ensureCore(*r, CoreCoord{x, y}, "the grid");
    layoutCircularBuffers(*r);
    initSemaphores(*r);
    snapshotL1Regions(*r);
    timeout = timeoutSeconds();
    // The chips of a fabric mesh take turns on the host: the watchdog of
    // one allows for the others' work too (the limit is per chip).
    if (r->fabric)
      timeout *= r->fabric->mesh->numChips();
  } catch (const std::exception &e) {
    std::cerr << "tt-emu error: " << e.what() << std::endl;
    throw;
  }

  for (size_t i = 0; i < program.kernels.size(); ++i) {
    KernelInfo &k = *program.kernels[i];
    for (const CoreCoord &c : corerange_to_cores(k.cores, std::nullopt, true)) {
      CoreRun &core = ensureCore(*r, c, fmt::format("kernel '{}'", k.name).c_str());
      auto t = std::make_unique<ThreadRun>();
      t->index = static_cast<uint32_t>(r->threads.size());
      t->core = &core;
      t->kernel = &k;
      t->processor = k.processor;
      t->args = &k.argsFor(c);
      t->entry = compiled[i]->entry;
      CoreCoord n = dev.workerNoc(c.x, c.y);
      t->myX = {static_cast<uint8_t>(n.x), static_cast<uint8_t>(n.x)};
      t->myY = {static_cast<uint8_t>(n.y), static_cast<uint8_t>(n.y)};
      r->threads.push_back(std::move(t));
    }
  }

  r->unfinished = static_cast<int>(r->threads.size());
  std::vector<std::thread> threads;
  if (r->sched.fibers()) {
    // Not on the calling thread: it keeps the watchdog.
    if (!r->threads.empty())
      threads.emplace_back(fiberHostMain, r.get());
  } else {
    threads.reserve(r->threads.size());
    for (auto &t : r->threads)
      threads.emplace_back(threadMain, r.get(), t.get());
    // The processors wait for the baton; the first in turn gets it.
    std::unique_lock lock(r->mu);
    r->sched.start(lock);
  }

  bool hung = false;
  {
    std::unique_lock lock(r->mu);
    auto limit = std::chrono::duration<double>(timeout);
    if (!r->doneCv.wait_for(lock, limit, [&] { return r->unfinished == 0; })) {
      r->abort(fmt::format("timeout: the program did not finish within {} s "
                           "(TT_EMU_TIMEOUT_S); unfinished threads:{}",
                           timeout, describeStuckThreads(*r)));
      // Threads blocked in the API unwind now; threads spinning in kernel
      // code cannot be stopped.
      hung = !r->doneCv.wait_for(lock, std::chrono::seconds(2),
                                 [&] { return r->unfinished == 0; });
    }
  }
  if (hung) {
    for (auto &th : threads)
      th.detach();
    std::string msg = r->error;
    r.release(); // Still in use by the runaway threads.
    std::cerr << "tt-emu error: " << msg << std::endl;
    throw std::runtime_error(msg);
  }
  for (auto &th : threads)
    th.join();

  {
    // The chips of a fabric mesh finish on their own host threads; their
    // reports (stats, trace and profile files) are written one at a time.
    static std::mutex publishMutex;
    std::lock_guard publishLock(publishMutex);
    publishRun(*r);
  }
  if (!r->error.empty()) {
    std::cerr << "tt-emu error: " << r->error << std::endl;
    throw std::runtime_error(r->error);
  }
}

} // namespace ttemu
