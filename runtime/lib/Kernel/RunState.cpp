// The calling kernel thread, locking the run, and error reporting.
#include "Kernel/RunState.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "Fabric/Fabric.h"

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

const char *triscName(Trisc p) {
  switch (p) {
  case Trisc::Unpack:
    return "UNPACK";
  case Trisc::Math:
    return "MATH";
  case Trisc::Pack:
    return "PACK";
  }
  return "?";
}

const char *stallName(Stall s) {
  static const char *names[] = {"CB full",        "CB empty",
                                "semaphore",      "NOC read barrier",
                                "NOC write barrier", "source registers",
                                "operands",       "DST free",
                                "DST ready"};
  auto i = static_cast<uint32_t>(s);
  return i < kStalls ? names[i] : "?";
}

void foldTriscs(ThreadRun &t) {
  if (t.processor != Processor::TRISC)
    return;
  auto a = static_cast<uint32_t>(t.pipe.active);
  t.pipe.clock[a] = t.clock;
  t.pipe.busy[a] = t.busy;
  // The kernel ends when its last TRISC does; its busy time is that of the
  // bottleneck TRISC, so busy <= end still holds.
  t.clock = *std::max_element(t.pipe.clock.begin(), t.pipe.clock.end());
  t.busy = *std::max_element(t.pipe.busy.begin(), t.pipe.busy.end());
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

namespace abi {
// For dprint.h: its per-processor state (RunState.h, ThreadRun). Outside a
// kernel (none of the kernel API works there) a thread's own.
std::ostringstream &dprintStream() {
  if (ThreadRun *t = tlsThread) {
    if (!t->dprintStream)
      t->dprintStream = std::make_unique<std::ostringstream>();
    return *t->dprintStream;
  }
  thread_local std::ostringstream s;
  return s;
}
int &dprintTriscRole() {
  if (ThreadRun *t = tlsThread)
    return t->dprintRole;
  thread_local int role = -1;
  return role;
}
} // namespace abi

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

std::unique_lock<std::mutex> lockInTurn(Run &r, ThreadRun &t) {
  auto lock = lockRun(r);
  r.sched.yield(lock, t);
  return lock;
}

void failHere(const std::string &message) {
  ThreadRun *t = currentThread();
  if (!t)
    throw KernelError(message);
  throw KernelError(t->who() + ": " + message);
}

void fail(const std::string &message) { failHere(message); }

void warnHere(Run &r, const std::string &key, const std::string &message) {
  const char *v = std::getenv("TT_EMU_STRICT");
  if (v && (std::string(v) == "1" || std::string(v) == "true"))
    failHere(message + " (an error under TT_EMU_STRICT=1)");
  ThreadRun *t = currentThread();
  std::string who = t ? t->who() : std::string("host");
  if (!r.warnedKeys.insert(who + "\n" + key).second)
    return;
  std::string text = who + ": " + message;
  r.warnings.push_back(text);
  std::fprintf(stderr, "tt-emu warning: %s\n", text.c_str());
}

Run::Run(DeviceState &dev, ProgramState &program)
    : dev(dev), program(program), cost(costTableFor(dev.arch)),
      dramBankFree(dev.arch.numDramBanks, 0), layout(nocLayoutFor(dev.arch)),
      linkFree(layout.numLinks() + dev.arch.numCores(), 0) {
  const char *v = std::getenv("TT_EMU_TIMING_ONLY");
  timingOnly = v && *v && std::string(v) != "0";
  fabric = threadFabricChip();
}

void Run::abort(const std::string &message) {
  if (error.empty())
    error = message;
  // The other chips of a fabric mesh run stop too (a no-op if the mesh
  // ended first).
  if (fabric)
    fabric->mesh->abort(fabric->mesh->chipName(fabric->chip) + ": " + message);
  aborted = true;
  sched.wakeAll();
  doneCv.notify_all();
}

uint64_t Run::occupy(uint64_t &freeAt, uint64_t issue, uint32_t bytes,
                     double bytesPerCycle, uint32_t latency) {
  uint64_t start = std::max(freeAt, issue);
  auto transfer = static_cast<uint64_t>(bytes / bytesPerCycle + 0.999);
  freeAt = start + transfer;
  return start + transfer + latency;
}

void Run::record(ThreadRun &t, const char *name, uint64_t start) {
  if (!tracing || t.clock <= start)
    return;
  // A compute kernel's CB calls belong on the track of the TRISC making
  // them (its clock is the one that moved).
  if (t.processor == Processor::TRISC)
    t.triscTrace[static_cast<uint32_t>(t.pipe.active)].push_back(
        {name, start, t.clock});
  else
    t.trace.push_back({name, start, t.clock});
}

} // namespace ttemu
