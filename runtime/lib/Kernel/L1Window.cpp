// Raw L1 addresses in kernels: tt-metal kernels may cast a device L1 address
// (an L1 buffer's address(), passed as a runtime argument) to a pointer, as
// add_2_integers_in_riscv does. Kernel threads share one address space, so
// the range of device L1 addresses [64 KiB, 1.5 MiB) is reserved and left
// inaccessible. An access from a kernel thread faults; the handler parks the
// kernel threads of every other core (a signal each, acknowledged), maps the
// faulting core's L1 over the window, single-steps the instruction (x86 trap
// flag), and the trap handler unmaps the window and lets the others go. So
// every access lands in the L1 of the core that made it. Slow, but only such
// accesses pay; CB and semaphore pointers never fault. Threads waiting for
// their turn (Scheduler.h) run no kernel code and are not parked. With
// fibers, the participant is the host thread running them, for the core of
// the fiber it runs; the handlers identify the processor by currentThread(),
// which is switched with the fiber, and a single step never switches fibers.
//
// Under the watcher (TT_EMU_WATCHER=1) a write to L1 the core does not own
// (no CB, semaphore or L1 buffer there) is single-stepped into a scratch
// page instead, so it corrupts nothing, and fails the run once the window
// is closed: only then may the handler take locks and allocate, since the
// parked threads may hold them.
#include "Kernel/L1Window.h"

#include <mutex>

#if defined(__linux__) && defined(__x86_64__)
#include <atomic>
#include <csignal>
#include <cstdint>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <fmt/format.h>

#include "Device/DeviceState.h"
#include "Kernel/L1Regions.h"
#include "Kernel/RunState.h"

namespace ttemu {
namespace {

// Below 64 KiB sits firmware L1 no kernel addresses raw (and mmap_min_addr);
// 1.5 MiB covers the largest L1 (Blackhole).
constexpr uintptr_t kLo = 64u << 10, kHi = 1536u << 10;
constexpr greg_t kTrapFlag = 0x100;

std::atomic<ThreadRun *> owner{nullptr};
struct sigaction previousSegv, previousTrap, previousPark;
bool installed = false;

// Kernel threads, so that the window's owner can park those of other cores.
// The core changes while the thread is not active (a host thread running
// fibers moves from core to core); atomic, as an owner that saw it active a
// moment before may still read it.
struct Participant {
  std::atomic<bool> active{false};
  pthread_t thread{};
  std::atomic<const void *> device{nullptr};
  std::atomic<uint32_t> core{0};
};
constexpr int kMaxParticipants = 4096;
Participant participants[kMaxParticipants];
thread_local int mySlot = -1;
std::atomic<bool> windowOpen{false};
std::atomic<int> parked{0};
// A watcher violation of the current single step: its address (0 if none).
thread_local uintptr_t violation = 0;

int parkSignal() { return SIGRTMAX - 3; }

void waitWhileOpen() {
  while (windowOpen.load())
    sched_yield();
}

// Each parking has its own number: a parked thread leaves as soon as the
// next one begins, so that the next owner's signal (blocked while this
// handler runs) is delivered and acknowledged before it resumes.
std::atomic<uint64_t> parking{0};

void onPark(int, siginfo_t *, void *) {
  uint64_t mine = parking.load();
  parked.fetch_add(1);
  while (windowOpen.load() && parking.load() == mine)
    sched_yield();
}

/// Parks every kernel thread not on (device, core); returns once they are.
void parkOthers(const void *device, uint32_t core) {
  parking.fetch_add(1);
  parked.store(0);
  windowOpen.store(true);
  int sent = 0;
  for (int i = 0; i < kMaxParticipants; ++i) {
    Participant &p = participants[i];
    if (i == mySlot || !p.active.load() ||
        (p.device == device && p.core == core))
      continue;
    if (pthread_kill(p.thread, parkSignal()) == 0)
      ++sent;
  }
  while (parked.load() < sent)
    sched_yield();
}

void *window() { return reinterpret_cast<void *>(kLo); }

void closeWindow() {
  mmap(window(), kHi - kLo, PROT_NONE,
       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
}

/// Hands a signal that is not ours to whoever had it before.
void forward(const struct sigaction &previous, int sig, siginfo_t *info,
             void *context) {
  if (previous.sa_flags & SA_SIGINFO) {
    if (previous.sa_sigaction) {
      previous.sa_sigaction(sig, info, context);
      return;
    }
  } else if (previous.sa_handler == SIG_IGN) {
    return;
  } else if (previous.sa_handler != SIG_DFL) {
    previous.sa_handler(sig);
    return;
  }
  // Default action: restore it; the faulting instruction re-executes (or the
  // signal is raised again) and the process ends as it would have.
  signal(sig, SIG_DFL);
  if (sig == SIGTRAP)
    raise(sig);
}

void onSegv(int sig, siginfo_t *info, void *context) {
  auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
  ThreadRun *t = currentThread();
  Run *r = currentRun();
  if (!t || !r || addr < kLo || addr >= kHi || addr >= r->dev.arch.l1Size ||
      owner.load() == t) {
    forward(previousSegv, sig, info, context);
    return;
  }
  ThreadRun *expected = nullptr;
  while (!owner.compare_exchange_weak(expected, t)) {
    expected = nullptr;
    sched_yield();
  }
  parkOthers(&r->dev, r->dev.coreIndex(t->core->x, t->core->y));
  auto *uc = static_cast<ucontext_t *>(context);
  // Bit 1 of the page-fault error code: the access was a write.
  bool write = uc->uc_mcontext.gregs[REG_ERR] & 2;
  violation =
      write && watcherEnabled() && !regionHolding(*t->core, addr) ? addr : 0;
  uint64_t offset = r->dev.l1FileOffset(t->core->x, t->core->y) + kLo;
  void *mapped =
      violation
          ? mmap(window(), kHi - kLo, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0)
          : mmap(window(), kHi - kLo, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_FIXED, r->dev.l1File(),
                 static_cast<off_t>(offset));
  if (mapped == MAP_FAILED) {
    windowOpen.store(false);
    owner.store(nullptr);
    forward(previousSegv, sig, info, context);
    return;
  }
  static_cast<ucontext_t *>(context)->uc_mcontext.gregs[REG_EFL] |= kTrapFlag;
}

void onTrap(int sig, siginfo_t *info, void *context) {
  ThreadRun *t = currentThread();
  if (!t || owner.load() != t) {
    forward(previousTrap, sig, info, context);
    return;
  }
  closeWindow();
  static_cast<ucontext_t *>(context)->uc_mcontext.gregs[REG_EFL] &= ~kTrapFlag;
  windowOpen.store(false);
  owner.store(nullptr);
  if (uintptr_t addr = violation) {
    // This thread was interrupted in kernel code, where it holds no lock.
    // The kernel goes on (its write went nowhere) until its next API call,
    // which unwinds it as the run is aborted.
    violation = 0;
    Run *r = currentRun();
    std::lock_guard lock(r->mu);
    r->abort(fmt::format("{}: watcher (TT_EMU_WATCHER): raw L1 write to "
                         "0x{:x} on core ({},{}), which the core does not own "
                         "(no circular buffer, semaphore or L1 buffer there)",
                         t->who(), addr, t->core->x, t->core->y));
  }
}

} // namespace

void installL1Window() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Where something already lives in the window, raw L1 addresses keep
    // faulting as before rather than corrupting it.
    void *p = mmap(window(), kHi - kLo, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE |
                       MAP_NORESERVE,
                   -1, 0);
    if (p != window()) {
      if (p != MAP_FAILED)
        munmap(p, kHi - kLo);
      return;
    }
    struct sigaction sa = {};
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sa.sa_sigaction = onSegv;
    sigaction(SIGSEGV, &sa, &previousSegv);
    sa.sa_sigaction = onTrap;
    sigaction(SIGTRAP, &sa, &previousTrap);
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sa.sa_sigaction = onPark;
    sigaction(parkSignal(), &sa, &previousPark);
    installed = true;
  });
}

void enterKernelThread(const DeviceState &dev, uint32_t x, uint32_t y) {
  if (!installed)
    return;
  for (int i = 0; i < kMaxParticipants; ++i) {
    bool expected = false;
    Participant &p = participants[i];
    if (p.active.load() || !p.active.compare_exchange_strong(expected, true))
      continue;
    // Published before `active` is seen by an owner: it reads these only
    // after its windowOpen store, and we wait for the window below.
    p.thread = pthread_self();
    p.device = &dev;
    p.core = dev.coreIndex(x, y);
    mySlot = i;
    break;
  }
  // Not in the list an owner already walked: wait for its window to close.
  waitWhileOpen();
}

void leaveKernelThread() {
  if (mySlot < 0)
    return;
  participants[mySlot].active.store(false);
  // A park signal may be on its way; it must find this thread alive.
  waitWhileOpen();
  mySlot = -1;
}

void suspendKernelThread() {
  // A park signal already on its way is still acknowledged: the thread is
  // alive, waiting for its turn.
  if (mySlot >= 0)
    participants[mySlot].active.store(false);
}

void resumeKernelThread(const DeviceState &dev, uint32_t x, uint32_t y) {
  if (mySlot < 0)
    return;
  // As in enterKernelThread: visible to the next owner, or wait for the
  // current one's window to close.
  Participant &p = participants[mySlot];
  p.device.store(&dev);
  p.core.store(dev.coreIndex(x, y));
  p.active.store(true);
  waitWhileOpen();
}

} // namespace ttemu

#else

namespace ttemu {
void installL1Window() {}
void enterKernelThread(const DeviceState &, uint32_t, uint32_t) {}
void leaveKernelThread() {}
void suspendKernelThread() {}
void resumeKernelThread(const DeviceState &, uint32_t, uint32_t) {}
} // namespace ttemu

#endif
