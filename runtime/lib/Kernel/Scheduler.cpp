// The baton: which kernel processor runs, decided in simulated time.
//
// The only primitive tied to OS threads is the handoff (dispatch() sets the
// next processor's hasBaton and wakes its condition variable; await() waits
// on the caller's own one): running processors as fibers on a pool of host
// threads replaces those two with a context switch and leaves the decisions
// as they are.
#include "Kernel/Scheduler.h"

#include <algorithm>

#include <fmt/format.h>

#include "Kernel/RunState.h"

namespace ttemu {

Scheduler::Key Scheduler::keyOf(const ThreadRun &t) {
  return {t.clock, t.index};
}

void Scheduler::start(std::unique_lock<std::mutex> &) {
  for (auto &t : r.threads) {
    t->state = ThreadRun::State::Runnable;
    runnable_.insert(keyOf(*t));
  }
  dispatch();
}

void Scheduler::enter(std::unique_lock<std::mutex> &lock, ThreadRun &t) {
  await(lock, t);
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

void Scheduler::dispatch() {
  running_ = nullptr;
  if (r.aborted)
    return;
  wakeSatisfied(false);
  if (runnable_.empty() && blocked_ > 0) {
    // Every change is flagged, so this finds nothing new; it makes the
    // deadlock verdict independent of that bookkeeping.
    wakeSatisfied(true);
    if (runnable_.empty()) {
      abortDeadlock();
      return;
    }
  }
  if (runnable_.empty())
    return; // every processor finished
  ThreadRun &next = *r.threads[runnable_.begin()->second];
  runnable_.erase(runnable_.begin());
  next.state = ThreadRun::State::Running;
  next.hasBaton = true;
  running_ = &next;
  ++switches;
  next.turn.notify_one();
}

void Scheduler::await(std::unique_lock<std::mutex> &lock, ThreadRun &t) {
  while (!t.hasBaton && !r.aborted)
    t.turn.wait(lock);
  if (r.aborted)
    throw RunAborted{};
}

void Scheduler::yield(std::unique_lock<std::mutex> &lock, ThreadRun &t) {
  if (r.aborted)
    throw RunAborted{};
  wakeSatisfied(false);
  // Still first: no handoff (the common case when one processor is ahead
  // of the others in work but behind them in simulated time).
  if (runnable_.empty() || keyOf(t) < *runnable_.begin())
    return;
  t.hasBaton = false;
  makeRunnable(t);
  dispatch();
  await(lock, t);
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
    dispatch();
    await(lock, t);
  }
  t.waitReady = nullptr;
  t.waitDescribe = nullptr;
}

void Scheduler::finish(std::unique_lock<std::mutex> &, ThreadRun &t) {
  t.state = ThreadRun::State::Finished;
  if (running_ == &t) {
    t.hasBaton = false;
    dispatch();
  }
}

void Scheduler::wakeAll() {
  for (auto &t : r.threads)
    t->turn.notify_all();
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
