// The baton: which kernel processor runs, decided in simulated time.
//
// The only code that depends on how processors are carried is handOff (and
// enter/wakeAll): with threads, wake() posts the next processor's turn word
// (a futex, so a handoff wakes exactly one thread, after the run's mutex is
// released) and the giver waits on its own; with fibers, the giver switches
// to the next processor's context on the same host thread. The decisions
// (yield, waitUntil, finish, dispatch) are shared, which is what makes the
// two carry the same cycles.
#include "Kernel/Scheduler.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#ifdef __linux__
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <fmt/format.h>

#include "Fabric/Fabric.h"
#include "Kernel/L1Window.h"
#include "Kernel/RunState.h"

namespace ttemu {

Scheduler::Scheduler(Run &r) : r(r) {
  if (const char *q = std::getenv("TT_EMU_SCHED_QUANTUM"); q && *q)
    quantum_ = std::strtoull(q, nullptr, 10);
  useFibers_ = fibersSupported();
  if (const char *m = std::getenv("TT_EMU_SCHED"); m && *m) {
    std::string mode = m;
    if (mode == "threads")
      useFibers_ = false;
    else if (mode != "fibers")
      throw std::runtime_error(
          fmt::format("TT_EMU_SCHED='{}': expected 'fibers' (the default) or "
                      "'threads' (one OS thread per kernel processor)",
                      mode));
  }
}

void Scheduler::fiberEntry(void *arg) {
  auto &f = *static_cast<Fiber *>(arg);
  Scheduler &s = *f.sched;
  ThreadRun &t = *f.thread;
  setCurrentThread(&s.r, &t);
  resumeKernelThread(s.r.dev, t.core->x, t.core->y);
  ThreadRun *next = s.body_(s.r, t);
  // This fiber is done for good: on to the next processor, or back to
  // runFibers. Nothing on this stack is used again.
  suspendKernelThread();
  setCurrentThread(nullptr, nullptr);
  FiberContext dead;
  fiberSwitch(dead, next ? s.fibers_[next->index].ctx : s.main_);
  __builtin_trap();
}

void Scheduler::runFibers(std::unique_lock<std::mutex> &lock, Body body) {
  body_ = body;
  fibers_.resize(r.threads.size());
  for (size_t i = 0; i < fibers_.size(); ++i) {
    Fiber &f = fibers_[i];
    f.sched = this;
    f.thread = r.threads[i].get();
    f.stack = FiberStack::acquire();
    fiberInit(f.ctx, f.stack, &Scheduler::fiberEntry, &f);
  }
  // Back here (lock held) when dispatch found no one to run: every
  // processor finished, or the run was aborted.
  start(lock);
  if (r.unfinished > 0 && !r.aborted)
    r.abort("internal error: the scheduler ran out of processors to run "
            "while some had not finished");
  // The suspended processors unwind with RunAborted, one at a time; each
  // comes back here when done.
  for (auto &t : r.threads)
    if (!t->finished)
      handOff(lock, t.get(), nullptr);
}

Scheduler::Key Scheduler::keyOf(const ThreadRun &t) {
  return {t.clock, t.index};
}

void Scheduler::start(std::unique_lock<std::mutex> &lock) {
  for (auto &t : r.threads) {
    t->state = ThreadRun::State::Runnable;
    runnable_.insert(keyOf(*t));
  }
  handOff(lock, dispatch(), nullptr);
}

void Scheduler::enter(std::unique_lock<std::mutex> &lock, ThreadRun &t) {
  // A fiber starts only when switched to: it holds the baton already.
  if (useFibers_) {
    if (r.aborted)
      throw RunAborted{};
    return;
  }
  // Even if the baton is already ours: its turn word is posted and must be
  // taken, or the next wait would return at once.
  handOff(lock, nullptr, &t);
}

void Scheduler::makeRunnable(ThreadRun &t) {
  if (t.state == ThreadRun::State::Blocked)
    --blocked_;
  t.state = ThreadRun::State::Runnable;
  runnable_.insert(keyOf(t));
}

void Scheduler::changed(CoreRun &core) {
  if (core.changed || core.waiters.empty())
    return;
  core.changed = true;
  changedCores_.push_back(&core);
}

void Scheduler::wakeSatisfied(bool all) {
  auto wake = [this](std::vector<ThreadRun *> &waiters) {
    std::erase_if(waiters, [this](ThreadRun *w) {
      if (!w->waitReady())
        return false;
      makeRunnable(*w);
      return true;
    });
  };
  if (all) {
    for (auto &c : r.cores)
      if (c)
        wake(c->waiters);
  } else {
    for (CoreRun *c : changedCores_)
      wake(c->waiters);
  }
  for (CoreRun *c : changedCores_)
    c->changed = false;
  changedCores_.clear();
  wake(pollers_);
}

ThreadRun *Scheduler::dispatch() {
  running_ = nullptr;
  if (r.aborted)
    return nullptr;
  for (;;) {
    wakeSatisfied(false);
    if (runnable_.empty() && blocked_ > 0) {
      // Every change is flagged, so this finds nothing new; it makes the
      // deadlock verdict independent of that bookkeeping.
      wakeSatisfied(true);
      if (runnable_.empty()) {
        // On a fabric mesh a packet from another chip may still release
        // one (Fabric/Fabric.h); the mesh decides whether this is a
        // deadlock.
        if (r.fabric && r.fabric->mesh->block(r.fabric->chip, &r))
          continue;
        if (r.fabric)
          r.abort(r.fabric->mesh->error());
        else
          abortDeadlock();
        return nullptr;
      }
    }
    if (runnable_.empty()) {
      if (r.fabric)
        r.fabric->mesh->finish(r.fabric->chip);
      return nullptr; // every processor finished
    }
    if (!r.fabric)
      break;
    // The first processor in turn here runs once no chip of the mesh has
    // an earlier one; packets delivered meanwhile may have released an
    // earlier processor of this chip.
    Key first = *runnable_.begin();
    if (!r.fabric->mesh->turn(r.fabric->chip, first.first, &r)) {
      r.abort(r.fabric->mesh->error());
      return nullptr;
    }
    wakeSatisfied(false);
    if (*runnable_.begin() == first)
      break;
  }
  ThreadRun &next = *r.threads[runnable_.begin()->second];
  runnable_.erase(runnable_.begin());
  next.state = ThreadRun::State::Running;
  next.hasBaton = true;
  running_ = &next;
  ++switches;
  return &next;
}

namespace {

// A thread's turn word: 0 while it waits, 1 once posted. A futex on Linux
// (one syscall to wake exactly the one thread, none if it has not slept
// yet); std::atomic's wait elsewhere. libstdc++'s atomic wait spins and
// yields before it sleeps, which with ~200 waiting threads on few CPUs
// costs more than the handoff itself.
void post(std::atomic<uint32_t> &word) {
  if (word.exchange(1, std::memory_order_release) != 0)
    return;
#ifdef __linux__
  syscall(SYS_futex, reinterpret_cast<uint32_t *>(&word), FUTEX_WAKE_PRIVATE, 1,
          nullptr, nullptr, 0);
#else
  word.notify_one();
#endif
}

void take(std::atomic<uint32_t> &word) {
  while (word.load(std::memory_order_acquire) == 0) {
#ifdef __linux__
    syscall(SYS_futex, reinterpret_cast<uint32_t *>(&word), FUTEX_WAIT_PRIVATE,
            0, nullptr, nullptr, 0);
#else
    word.wait(0, std::memory_order_acquire);
#endif
  }
  word.store(0, std::memory_order_relaxed);
}

} // namespace

void Scheduler::wake(ThreadRun *next) {
  if (next)
    post(next->turn);
}

void Scheduler::handOff(std::unique_lock<std::mutex> &lock, ThreadRun *next,
                        ThreadRun *self) {
  if (next == self)
    return; // `self` was first after all
  // Unlocked first, so that the woken thread does not wake into the mutex
  // (a fiber resumed on this thread takes it again itself).
  lock.unlock();
  if (useFibers_) {
    // The raw-L1 window parks this host thread only while it runs kernel
    // code, and must know for which core (L1Window.h).
    if (self)
      suspendKernelThread();
    fiberSwitch(self ? fibers_[self->index].ctx : main_,
                next ? fibers_[next->index].ctx : main_);
    // Resumed: the per-processor state is this processor's again.
    if (self) {
      setCurrentThread(&r, self);
      resumeKernelThread(r.dev, self->core->x, self->core->y);
    } else {
      setCurrentThread(nullptr, nullptr);
    }
  } else {
    wake(next);
  }
  if (!useFibers_ && self) {
    // The release in wake() (after the waker's kernel code and unlock) and
    // the acquire here order everything before the handoff before
    // everything after it.
    suspendKernelThread();
    take(self->turn);
    resumeKernelThread(r.dev, self->core->x, self->core->y);
  }
  lock.lock();
  if (self && r.aborted)
    throw RunAborted{};
}

void Scheduler::yield(std::unique_lock<std::mutex> &lock, ThreadRun &t) {
  if (r.aborted)
    throw RunAborted{};
  if (r.fabric) {
    // On a fabric mesh even the first processor in turn asks the mesh:
    // dispatch() does, and hands the baton back to `t` if it is first.
    t.hasBaton = false;
    makeRunnable(t);
    handOff(lock, dispatch(), &t);
    if (r.aborted)
      throw RunAborted{};
    return;
  }
  wakeSatisfied(false);
  // Still first (or within the quantum of the first): no handoff, the
  // common case when a processor is behind the others in simulated time.
  if (runnable_.empty())
    return;
  Key first = *runnable_.begin();
  first.first += quantum_;
  if (keyOf(t) < first)
    return;
  t.hasBaton = false;
  makeRunnable(t);
  handOff(lock, dispatch(), &t);
}

void Scheduler::waitUntil(std::unique_lock<std::mutex> &lock, ThreadRun &t,
                          std::function<bool()> ready,
                          std::function<std::string()> describe, bool poll) {
  if (r.aborted)
    throw RunAborted{};
  if (ready())
    return;
  t.waitReady = std::move(ready);
  t.waitDescribe = std::move(describe);
  // Woken when the condition held at a decision; it may not hold any more
  // when this processor runs (another consumer got there first), so check.
  while (!t.waitReady()) {
    t.state = ThreadRun::State::Blocked;
    ++blocked_;
    (poll ? pollers_ : t.core->waiters).push_back(&t);
    t.hasBaton = false;
    handOff(lock, dispatch(), &t);
  }
  t.waitReady = nullptr;
  t.waitDescribe = nullptr;
}

ThreadRun *Scheduler::finish(ThreadRun &t) {
  t.state = ThreadRun::State::Finished;
  if (running_ != &t)
    return nullptr;
  t.hasBaton = false;
  return dispatch();
}

void Scheduler::wakeAll() {
  if (useFibers_)
    return;
  for (auto &t : r.threads)
    wake(t.get());
}

void Scheduler::abortDeadlock() {
  std::string msg = "deadlock: every kernel thread is blocked";
  for (auto &t : r.threads)
    if (t->state == ThreadRun::State::Blocked)
      msg += "\n  " + t->who() + " waits on " + t->waitDescribe();
  r.abort(msg);
}

std::string Scheduler::describe(const ThreadRun &t) const {
  switch (t.state) {
  case ThreadRun::State::Running:
    return "is running kernel code";
  case ThreadRun::State::Blocked:
    return "waits on " + t.waitDescribe();
  case ThreadRun::State::Runnable:
    return fmt::format("is ready to run at cycle {}", t.clock);
  case ThreadRun::State::Finished:
    break;
  }
  return "has finished";
}

} // namespace ttemu
