// Blocking, deadlock detection and error reporting for kernel threads.
#include "Kernel/RunState.h"

#include <chrono>

#include <fmt/format.h>

namespace ttemu {

namespace {
thread_local Run *tlsRun = nullptr;
thread_local ThreadRun *tlsThread = nullptr;
} // namespace

const char *processorName(Processor p) {
  switch (p) {
  case Processor::BRISC:
    return "BRISC";
  case Processor::NCRISC:
    return "NCRISC";
  case Processor::TRISC:
    return "TRISC";
  }
  return "?";
}

const char *processorShortName(Processor p) {
  switch (p) {
  case Processor::BRISC:
    return "BR";
  case Processor::NCRISC:
    return "NC";
  case Processor::TRISC:
    return "TR";
  }
  return "?";
}

std::string ThreadRun::who() const {
  return fmt::format("core ({},{}) {} ({} kernel '{}')", core->x, core->y,
                     processorName(processor),
                     processor == Processor::TRISC ? "compute" : "data movement",
                     kernel->name);
}

ThreadRun *currentThread() { return tlsThread; }
Run *currentRun() { return tlsRun; }
void setCurrentThread(Run *run, ThreadRun *t) {
  tlsRun = run;
  tlsThread = t;
}

ThreadRun &self() {
  if (!tlsThread)
    throw std::runtime_error(
        "tt-emu: a kernel API function was called outside a kernel thread");
  return *tlsThread;
}
Run &run() {
  self();
  return *tlsRun;
}

std::unique_lock<std::mutex> lockRun(Run &r) {
  std::unique_lock lock(r.mu);
  if (r.aborted)
    throw RunAborted{};
  return lock;
}

void failHere(const std::string &message) {
  ThreadRun *t = currentThread();
  if (!t)
    throw KernelError(message);
  throw KernelError(t->who() + ": " + message);
}

void fail(const std::string &message) { failHere(message); }

Run::Run(DeviceState &dev, ProgramState &program)
    : dev(dev), program(program), cost(costTableFor(dev.arch)),
      dramBankFree(dev.arch.numDramBanks, 0) {}

void Run::notifyAll() {
  for (auto &c : cores)
    if (c)
      c->cv.notify_all();
  doneCv.notify_all();
}

void Run::abort(const std::string &message) {
  if (error.empty())
    error = message;
  aborted = true;
  notifyAll();
}

void Run::checkDeadlock() {
  if (runnable > 0 || aborted)
    return;
  bool anyBlocked = false;
  for (auto &t : threads) {
    if (t->finished || !t->waitReady)
      continue;
    anyBlocked = true;
    // Its condition already holds (e.g. a plain store to a semaphore made
    // while it slept): it is about to run, so this is no deadlock.
    if (t->waitReady()) {
      t->core->cv.notify_all();
      return;
    }
  }
  if (!anyBlocked)
    return;
  std::string msg = "deadlock: every kernel thread is blocked";
  for (auto &t : threads) {
    if (t->finished || !t->waitReady)
      continue;
    msg += "\n  " + t->who() + " waits on " + t->waitDescribe();
  }
  abort(msg);
}

void Run::waitUntil(std::unique_lock<std::mutex> &lock, ThreadRun &t,
                    std::function<bool()> ready,
                    std::function<std::string()> describe, bool poll) {
  if (aborted)
    throw RunAborted{};
  if (ready())
    return;
  t.waitReady = ready;
  t.waitDescribe = std::move(describe);
  --runnable;
  checkDeadlock();
  // Every change to CB state notifies the core; plain stores to L1 (e.g. a
  // semaphore set through a pointer) notify no one, so those waits poll.
  while (!aborted && !ready()) {
    if (poll)
      t.core->cv.wait_for(lock, std::chrono::milliseconds(2));
    else
      t.core->cv.wait(lock);
  }
  ++runnable;
  t.waitReady = nullptr;
  t.waitDescribe = nullptr;
  if (aborted)
    throw RunAborted{};
}

uint64_t Run::occupy(uint64_t &freeAt, uint64_t issue, uint32_t bytes,
                     double bytesPerCycle, uint32_t latency) {
  uint64_t start = std::max(freeAt, issue);
  auto transfer = static_cast<uint64_t>(bytes / bytesPerCycle + 0.999);
  freeAt = start + transfer;
  return start + transfer + latency;
}

void Run::record(ThreadRun &t, const char *name, uint64_t start) {
  if (tracing && t.clock > start)
    t.trace.push_back({name, start, t.clock});
}

} // namespace ttemu
