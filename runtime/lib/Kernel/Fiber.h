// User-space contexts ("fibers") for kernel processors: a stack each and a
// context switch that saves only what the ABI makes the callee keep, so a
// handoff of the baton (Scheduler.h) costs a few nanoseconds instead of a
// futex wake and an OS context switch (docs/SCHEDULING.md, "Fibers").
#pragma once

#include <cstddef>

namespace ttemu {

/// Whether this build has the context switch (x86-64 Linux, no ASan/TSan);
/// elsewhere processors run as OS threads.
bool fibersSupported();

/// Bytes of a fiber's stack: what an OS thread gets by default
/// (pthread_getattr_default_np, i.e. RLIMIT_STACK, 8 MiB on Debian), so a
/// kernel with big stack arrays that ran as a thread runs as a fiber.
size_t fiberStackBytes();

/// A fiber's stack, with an inaccessible guard region below it so that an
/// overflow faults instead of writing into a neighbour. Mapped lazily
/// (MAP_NORESERVE; only touched pages cost memory) and kept in a process
/// pool for the next run, which then needs no mmap.
class FiberStack {
public:
  FiberStack() = default;
  FiberStack(FiberStack &&o) noexcept : base_(o.base_) { o.base_ = nullptr; }
  FiberStack &operator=(FiberStack &&o) noexcept;
  FiberStack(const FiberStack &) = delete;
  FiberStack &operator=(const FiberStack &) = delete;
  ~FiberStack();

  /// A stack of fiberStackBytes() from the pool, or newly mapped.
  static FiberStack acquire();
  /// One past the highest usable byte (stacks grow down).
  void *top() const;
  explicit operator bool() const { return base_ != nullptr; }

private:
  void *base_ = nullptr; // start of the mapping: the guard region
};

/// A suspended fiber: its saved stack pointer (the callee-saved registers
/// and the FPU control words are on its stack).
struct FiberContext {
  void *sp = nullptr;
};

/// Prepares `c` to run fn(arg) on `stack` when first switched to. `fn` must
/// not return: it ends by switching away for good.
void fiberInit(FiberContext &c, const FiberStack &stack, void (*fn)(void *),
               void *arg);

/// Saves the calling context in `from` and resumes `to`; returns when some
/// fiber switches back to `from`.
void fiberSwitch(FiberContext &from, const FiberContext &to);

} // namespace ttemu
