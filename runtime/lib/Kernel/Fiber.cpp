// Fiber stacks and the x86-64 context switch.
//
// The switch saves the SysV callee-saved registers (rbx, rbp, r12-r15) and
// the MXCSR / x87 control words on the suspended fiber's stack and moves the
// stack pointer; everything else is dead across a call. Hand-rolled rather
// than swapcontext(), which also saves and restores the signal mask with a
// system call on every switch: the switch is the whole cost of a handoff.
//
// The C++ runtime keeps the exceptions being handled in a per-thread record
// (__cxa_get_globals). Fibers that share a thread must not share it: a fiber
// that yields inside a catch block would otherwise see another fiber's
// exception stack when it resumes. fiberSwitch swaps it with the fiber.
#include "Kernel/Fiber.h"

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <new>
#include <vector>

// AddressSanitizer and ThreadSanitizer track one stack per thread; a build
// with them runs processors as OS threads rather than teach them fibers.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TTEMU_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define TTEMU_SANITIZED 1
#endif
#endif

#if defined(__linux__) && defined(__x86_64__) && !defined(TTEMU_SANITIZED)
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#define TTEMU_HAVE_FIBERS 1
#endif

namespace __cxxabiv1 {
struct __cxa_eh_globals;
extern "C" __cxa_eh_globals *__cxa_get_globals() noexcept;
} // namespace __cxxabiv1

namespace ttemu {

namespace {

// Below every stack: large enough that a frame with a big array, whose
// first access may be far below the previous frame, still lands in it.
constexpr size_t kGuardBytes = 64u << 10;

// The per-thread exception record: caught exceptions and the count of
// uncaught ones (the same layout in libstdc++ and libc++abi).
struct EhGlobals {
  void *caught;
  unsigned int uncaught;
};

// Stacks of finished runs, reused by the next (bounded, so a one-off run
// with many processors does not pin its stacks' touched pages for good).
constexpr size_t kPoolMax = 512;
std::mutex poolMutex;
std::vector<void *> pool;

} // namespace

#ifdef TTEMU_HAVE_FIBERS

// ttemu_fiber_switch(void **saveSp, void *newSp): pushes the callee-saved
// state, stores the stack pointer, loads the other one and pops its state.
// ttemu_fiber_start is where a new fiber's first switch "returns" to: it
// calls fn(arg) from r12/r13 with the stack 16-byte aligned; its return
// address is undefined for the unwinder, so backtraces stop there.
asm(R"(
  .text
  .p2align 4
  .globl ttemu_fiber_switch
  .hidden ttemu_fiber_switch
  .type ttemu_fiber_switch,@function
ttemu_fiber_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  subq $8, %rsp
  stmxcsr (%rsp)
  fnstcw 4(%rsp)
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  ldmxcsr (%rsp)
  fldcw 4(%rsp)
  addq $8, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .size ttemu_fiber_switch, .-ttemu_fiber_switch

  .p2align 4
  .globl ttemu_fiber_start
  .hidden ttemu_fiber_start
  .type ttemu_fiber_start,@function
ttemu_fiber_start:
  .cfi_startproc
  .cfi_undefined rip
  movq %r13, %rdi
  callq *%r12
  ud2
  .cfi_endproc
  .size ttemu_fiber_start, .-ttemu_fiber_start
)");

extern "C" void ttemu_fiber_switch(void **saveSp, void *newSp);
extern "C" void ttemu_fiber_start();

bool fibersSupported() { return true; }

size_t fiberStackBytes() {
  static const size_t bytes = [] {
    size_t size = 8u << 20;
    pthread_attr_t attr;
    if (pthread_getattr_default_np(&attr) == 0) {
      size_t s = 0;
      if (pthread_attr_getstacksize(&attr, &s) == 0 && s > 0)
        size = s;
      pthread_attr_destroy(&attr);
    }
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size = std::max<size_t>(size, 256u << 10);
    return (size + page - 1) / page * page;
  }();
  return bytes;
}

FiberStack FiberStack::acquire() {
  FiberStack s;
  {
    std::lock_guard lock(poolMutex);
    if (!pool.empty()) {
      s.base_ = pool.back();
      pool.pop_back();
      return s;
    }
  }
  size_t total = kGuardBytes + fiberStackBytes();
  void *p = mmap(nullptr, total, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1,
                 0);
  if (p == MAP_FAILED)
    throw std::bad_alloc();
  if (mprotect(static_cast<char *>(p) + kGuardBytes, fiberStackBytes(),
               PROT_READ | PROT_WRITE) != 0) {
    munmap(p, total);
    throw std::bad_alloc();
  }
  s.base_ = p;
  return s;
}

FiberStack::~FiberStack() {
  if (!base_)
    return;
  {
    std::lock_guard lock(poolMutex);
    if (pool.size() < kPoolMax) {
      pool.push_back(base_);
      return;
    }
  }
  munmap(base_, kGuardBytes + fiberStackBytes());
}

void *FiberStack::top() const {
  return static_cast<char *>(base_) + kGuardBytes + fiberStackBytes();
}

void fiberInit(FiberContext &c, const FiberStack &stack, void (*fn)(void *),
               void *arg) {
  // The frame ttemu_fiber_switch pops: control words, r15, r14, r13 (arg),
  // r12 (fn), rbx, rbp, return address (ttemu_fiber_start). After its ret
  // the stack pointer is `top - 16`, 16-byte aligned as a call needs.
  auto top = reinterpret_cast<uintptr_t>(stack.top()) & ~uintptr_t(15);
  auto *frame = reinterpret_cast<uint64_t *>(top - 16 - 8 * 8);
  uint32_t mxcsr = 0;
  uint16_t fpucw = 0;
  asm volatile("stmxcsr %0" : "=m"(mxcsr));
  asm volatile("fnstcw %0" : "=m"(fpucw));
  frame[0] = uint64_t(mxcsr) | (uint64_t(fpucw) << 32);
  frame[1] = 0;
  frame[2] = 0;
  frame[3] = reinterpret_cast<uint64_t>(arg);
  frame[4] = reinterpret_cast<uint64_t>(fn);
  frame[5] = 0;
  frame[6] = 0;
  frame[7] = reinterpret_cast<uint64_t>(&ttemu_fiber_start);
  frame[8] = 0; // a null "return address" above, for debuggers
  c.sp = frame;
}

void fiberSwitch(FiberContext &from, const FiberContext &to) {
  // Each fiber's exception record travels with it (see the top): kept on
  // its own stack while it is suspended, cleared for the one resumed (a new
  // fiber starts with none; a resumed one puts its own back below).
  auto *eh = reinterpret_cast<EhGlobals *>(__cxxabiv1::__cxa_get_globals());
  EhGlobals mine = *eh;
  *eh = EhGlobals{nullptr, 0};
  ttemu_fiber_switch(&from.sp, to.sp);
  eh = reinterpret_cast<EhGlobals *>(__cxxabiv1::__cxa_get_globals());
  *eh = mine;
}

#else

bool fibersSupported() { return false; }
size_t fiberStackBytes() { return 0; }
FiberStack FiberStack::acquire() { throw std::bad_alloc(); }
FiberStack::~FiberStack() {}
void *FiberStack::top() const { return nullptr; }
void fiberInit(FiberContext &, const FiberStack &, void (*)(void *), void *) {}
void fiberSwitch(FiberContext &, const FiberContext &) {}

#endif

FiberStack &FiberStack::operator=(FiberStack &&o) noexcept {
  if (this != &o) {
    FiberStack old(std::move(*this));
    base_ = o.base_;
    o.base_ = nullptr;
  }
  return *this;
}

} // namespace ttemu
