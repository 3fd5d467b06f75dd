// Deterministic scheduling of the kernel processors of one run (see
// docs/SCHEDULING.md). Exactly one processor runs kernel code at a time: it
// holds the baton. At every yield point (a kernel-API call that reads or
// changes state shared with other processors) the baton goes to the runnable
// processor with the smallest (simulated clock, processor index), so shared
// resources are claimed in simulated-time order and every decision depends
// on simulated state only, never on how the host schedules its threads.
//
// A processor is carried by a fiber (default; all fibers of a run take turns
// on one host thread and a handoff is a context switch) or by an OS thread
// of its own (TT_EMU_SCHED=threads; a handoff is a futex). The decisions are
// the same code either way, so both give the same cycles and bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "Kernel/Fiber.h"

namespace ttemu {

class Run;
struct CoreRun;
struct ThreadRun;

class Scheduler {
public:
  explicit Scheduler(Run &r);

  /// Whether processors run as fibers (TT_EMU_SCHED, default `fibers` where
  /// supported) rather than as OS threads.
  bool fibers() const { return useFibers_; }
  /// What a processor runs, on its fiber or thread: its kernel, then
  /// finish(); returns the processor to hand the baton to (finish's result).
  using Body = ThreadRun *(*)(Run &, ThreadRun &);

  // Every member below is called with the run's mutex held through `lock`.

  /// Fibers: runs every processor's `body` on the calling thread, one at a
  /// time in turn, and returns once each has finished (after an abort the
  /// suspended ones are resumed in index order to unwind).
  void runFibers(std::unique_lock<std::mutex> &lock, Body body);

  /// Host side: every processor becomes runnable at cycle 0 and the first
  /// one gets the baton.
  void start(std::unique_lock<std::mutex> &lock);
  /// A processor's own thread, before its kernel starts: waits for the
  /// baton. Throws RunAborted if the run ends first.
  void enter(std::unique_lock<std::mutex> &lock, ThreadRun &t);
  /// A yield point: returns when `t` is the first runnable processor in
  /// (clock, index) order, which it may already be.
  void yield(std::unique_lock<std::mutex> &lock, ThreadRun &t);
  /// Blocks `t` until `ready()`; its clock is left as it was, for the
  /// caller to move to the event that released it. `poll` marks conditions
  /// a plain store to L1 can satisfy (semaphores): those are re-checked at
  /// every decision, the others only after changed() on `t`'s core. Aborts
  /// the run (deadlock) if every live processor is blocked.
  void waitUntil(std::unique_lock<std::mutex> &lock, ThreadRun &t,
                 std::function<bool()> ready,
                 std::function<std::string()> describe, bool poll);
  /// `t`'s kernel returned or unwound: returns the processor to wake() (once
  /// the lock is released) if `t` held the baton.
  ThreadRun *finish(ThreadRun &t);
  /// Threads: lets `next` (if any) run, the second half of a handoff.
  static void wake(ThreadRun *next);
  /// State of `core` that blocked processors may wait on has changed.
  void changed(CoreRun &core);
  /// After an abort: wakes every processor waiting for the baton, so that
  /// it unwinds (their turn words stay posted; the abort is for good).
  /// Fibers: nothing, runFibers resumes them once control is back there.
  void wakeAll();
  /// For the watchdog: what `t` is doing.
  std::string describe(const ThreadRun &t) const;

  /// Handoffs of the baton so far (for tests and tuning).
  uint64_t switches = 0;

private:
  using Key = std::pair<uint64_t, uint32_t>; // (clock, processor index)

  Run &r;
  std::set<Key> runnable_; // runnable processors not holding the baton
  ThreadRun *running_ = nullptr;
  std::vector<CoreRun *> changedCores_;
  std::vector<ThreadRun *> pollers_;
  int blocked_ = 0;
  // How far (cycles) the running processor may be ahead of the first in
  // turn and keep the baton (TT_EMU_SCHED_QUANTUM; 0: strict order).
  uint64_t quantum_ = 0;

  // Fibers: one per processor (by index), the context of runFibers' thread
  // to return to when no processor is left to run, and the processors' code.
  struct Fiber {
    Scheduler *sched = nullptr;
    ThreadRun *thread = nullptr;
    FiberContext ctx;
    FiberStack stack;
  };
  bool useFibers_ = false;
  std::vector<Fiber> fibers_;
  FiberContext main_;
  Body body_ = nullptr;
  static void fiberEntry(void *fiber);

  static Key keyOf(const ThreadRun &t);
  void makeRunnable(ThreadRun &t);
  /// Makes runnable every blocked processor whose condition now holds:
  /// those waiting on a changed core, and every poller (or, with `all`,
  /// every blocked processor).
  void wakeSatisfied(bool all);
  /// Gives the baton to the first runnable processor and returns it, for
  /// handOff; if none is, the run is over or deadlocked.
  ThreadRun *dispatch();
  /// Wakes `next` (fibers: switches to it, or to runFibers if none) and,
  /// if `self` is given, waits until `self` holds the baton again. Releases
  /// `lock` meanwhile; throws RunAborted if the run was aborted by then.
  void handOff(std::unique_lock<std::mutex> &lock, ThreadRun *next,
               ThreadRun *self);
  void abortDeadlock();
};

} // namespace ttemu
