// The state of one program run: per-core circular buffers, per-processor
// clocks, shared NOC/DRAM resources, and the scheduler that orders them.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "Cost/CostTable.h"
#include "Device/DeviceState.h"
#include "Device/NocLayout.h"
#include "Host/ProgramState.h"
#include "Kernel/L1Regions.h"
#include "Kernel/Scheduler.h"

namespace ttemu {

struct FabricChip;

/// Thrown by `fail`: a misuse, reported with core/processor/kernel.
struct KernelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// Thrown into kernel threads blocked (or calling the API) after the run
/// failed elsewhere, to unwind them.
struct RunAborted {};

struct CircularBuffer {
  bool configured = false;
  uint32_t addr = 0; // L1 offset of the FIFO
  uint32_t pageSize = 0, numPages = 0;
  tt::DataFormat format = tt::DataFormat::Float16_b;
  // Backed by a globally allocated L1 buffer (set_globally_allocated_address):
  // its pages hold data before anyone pushes them, so a consumer may read
  // and pop them without cb_wait_front, as kernels on sharded data do.
  bool global = false;
  // Pages popped before they were pushed (only for `global`); the
  // hardware's received/acked counters absorb them on the next pushes.
  uint32_t poppedAhead = 0;
  // FIFO state, in pages.
  uint32_t visible = 0;  // pushed and not yet popped
  uint32_t reserved = 0; // reserved by the producer, not yet pushed
  uint32_t waited = 0;   // made visible to the consumer by cb_wait_front
  uint32_t readSlot = 0, writeSlot = 0;
  uint64_t pushedTotal = 0;
  // Timestamps per slot: when its page was pushed / popped.
  std::vector<uint64_t> pushedAt, poppedAt;
};

struct CoreRun {
  uint32_t x = 0, y = 0;
  uint8_t *l1 = nullptr;
  std::array<CircularBuffer, 32> cbs;
  std::vector<L1Region> regions; // what its L1 holds, for bounds checks
  // Processors blocked on this core's CB state, and whether that state
  // changed since the scheduler last looked (Scheduler::changed).
  std::vector<ThreadRun *> waiters;
  bool changed = false;
  uint64_t lastRemoteWrite = 0; // latest completion of a NOC write into it
  uint64_t nocPortFree = 0;     // when its NOC port is next free
};

struct TraceEvent {
  const char *name;
  uint64_t start, end;
};

struct PendingRead {
  uint32_t l1Offset, bytes;
  uint64_t completeAt;
  uint32_t trid; // transaction id (noc_async_read_set_trid)
};

/// Why a processor's clock jumped forward: what it waited for
/// (TT_EMU_PROFILE's summary).
enum class Stall : uint8_t {
  CbFull,     ///< cb_reserve_back / pack: pages not yet popped
  CbEmpty,    ///< cb_wait_front: pages not yet pushed
  Semaphore,  ///< noc_semaphore_wait
  NocRead,    ///< noc_async_read_barrier
  NocWrite,   ///< noc_async_write/atomic barrier
  SrcRegs,    ///< UNPACK waits for MATH to free a source register bank
  Operands,   ///< MATH waits for UNPACK
  DstFree,    ///< MATH waits for PACK to release a DST half
  DstReady,   ///< PACK waits for MATH to commit DST
  Count
};
constexpr uint32_t kStalls = static_cast<uint32_t>(Stall::Count);
const char *stallName(Stall s);
using StallCycles = std::array<uint64_t, kStalls>;

/// The three TRISCs that run one compute kernel on the device. The emulator
/// runs the kernel's code once, on one host thread, and keeps a clock per
/// TRISC (docs/COST_MODEL.md, "Compute pipeline").
enum class Trisc : uint8_t { Unpack, Math, Pack };
constexpr uint32_t kTriscs = 3;
const char *triscName(Trisc p); // "UNPACK", "MATH", "PACK"

struct ComputePipe {
  // Clock and busy cycles per TRISC; the one `active` lives in
  // ThreadRun::clock/busy while it is active (useTrisc).
  std::array<uint64_t, kTriscs> clock{}, busy{};
  std::array<StallCycles, kTriscs> stall{};
  Trisc active = Trisc::Unpack;
  // Source registers SrcA/SrcB are double-buffered: unpack may fill the
  // bank of op n once math has finished op n-2.
  std::array<uint64_t, 2> srcFreeAt{};
  uint32_t srcBank = 0;
  // DST half-sync double buffer: when pack released each half, the half
  // math works on, and when math committed it.
  std::array<uint64_t, 2> halfFreeAt{};
  uint32_t half = 0;
  uint64_t committedAt = 0;
};

struct ThreadRun {
  enum class State : uint8_t { Runnable, Running, Blocked, Finished };

  uint32_t index = 0; // position in Run::threads: the scheduler's tie-break
  CoreRun *core = nullptr;
  KernelInfo *kernel = nullptr;
  Processor processor = Processor::BRISC;
  ArgsSlot *args = nullptr;
  void (*entry)() = nullptr;

  uint64_t clock = 0, busy = 0, flops = 0;
  StallCycles stall{}; // data-movement processors (compute: pipe.stall)
  bool finished = false;
  /// While blocked: what it waits on, and how to tell that the wait is over.
  std::function<std::string()> waitDescribe;
  std::function<bool()> waitReady;
  // Scheduling (Scheduler.h): its state, whether it holds the baton, and
  // the word its OS thread waits on for it (1: its turn, or the run ended).
  State state = State::Runnable;
  bool hasBaton = false;
  std::atomic<uint32_t> turn{0};

  std::vector<PendingRead> pendingReads;
  uint64_t writesDoneAt = 0, atomicsDoneAt = 0;
  uint64_t readStateNode = 0;
  uint32_t readStateBytes = 0;
  uint32_t readTrid = 0; // tag of the next reads
  std::array<uint32_t, 32> packCounter{};
  std::array<uint8_t, 2> myX{}, myY{};
  std::string dprintLine;
  // State that lived in thread_locals while each processor had its own OS
  // thread and must now follow the processor from fiber to fiber: DPRINT's
  // stream (a partial line and its format flags) and TRISC role, and the
  // DST register file of a compute kernel (DstRegs.cpp; type-erased, as the
  // compute library owns its type). Created on first use.
  std::unique_ptr<std::ostringstream> dprintStream;
  int dprintRole = -1;
  std::shared_ptr<void> dstState;
  std::vector<TraceEvent> trace;
  /// Per-TRISC trace of a compute kernel (tracing only).
  std::array<std::vector<TraceEvent>, kTriscs> triscTrace;
  ComputePipe pipe; // compute kernels only

  std::string who() const; // "core (x,y) NCRISC kernel 'path'"
};

class Run {
public:
  Run(DeviceState &dev, ProgramState &program);

  DeviceState &dev;
  ProgramState &program;
  const CostTable &cost;
  bool tracing = false;
  /// TT_EMU_TIMING_ONLY: charge every cost but skip tile math and bulk NOC
  /// data (docs/COST_MODEL.md, "Timing-only mode").
  bool timingOnly = false;

  std::mutex mu;
  std::vector<std::unique_ptr<CoreRun>> cores; // indexed by core index
  std::vector<std::unique_ptr<ThreadRun>> threads;
  std::vector<uint64_t> dramBankFree;
  /// Where cores and DRAM endpoints sit on the NOC, and when each of its
  /// links is next free (docs/COST_MODEL.md, "NOC links"); after the links,
  /// one entry per core: when its DRAM read return is next free.
  const NocLayout &layout;
  std::vector<uint64_t> linkFree;
  uint64_t flops = 0;
  /// warnHere: what was said ("who: message"), and the keys already said.
  std::vector<std::string> warnings;
  std::set<std::string> warnedKeys;

  /// Set when the run is one chip of a fabric mesh run (Fabric/Fabric.h):
  /// its scheduler then takes turns with the other chips.
  const FabricChip *fabric = nullptr;
  Scheduler sched{*this};
  bool aborted = false;
  std::string error;
  std::condition_variable doneCv;
  int unfinished = 0;

  CoreRun *coreAt(uint32_t x, uint32_t y) {
    return cores[dev.coreIndex(x, y)].get();
  }

  /// Blocks the calling processor (holding `lock`) until `ready()`; see
  /// Scheduler::waitUntil.
  void waitUntil(std::unique_lock<std::mutex> &lock, ThreadRun &t,
                 std::function<bool()> ready,
                 std::function<std::string()> describe, bool poll = false) {
    sched.waitUntil(lock, t, std::move(ready), std::move(describe), poll);
  }
  /// Records the first error, stops the run and wakes every thread.
  void abort(const std::string &message);
  /// Occupies a shared resource: returns when a transfer of `bytes` issued
  /// at `issue` completes, and advances the resource's free time.
  static uint64_t occupy(uint64_t &freeAt, uint64_t issue, uint32_t bytes,
                         double bytesPerCycle, uint32_t latency);
  void record(ThreadRun &t, const char *name, uint64_t start);
  /// Whether a NOC transfer of `bytes` may skip its data: in timing-only
  /// mode, anything larger than a flag or semaphore word (16 bytes), so
  /// that synchronisation through L1 still works.
  bool skipsData(uint32_t bytes) const { return timingOnly && bytes > 16; }
};

/// The calling kernel processor (null on host threads). Thread-local, and
/// set again by the scheduler whenever it resumes a processor's fiber.
ThreadRun *currentThread();
Run *currentRun();
void setCurrentThread(Run *run, ThreadRun *t);

/// The calling thread and run; fails if called from outside a kernel.
ThreadRun &self();
Run &run();

/// Advances the calling thread's clock by `cycles` of work.
inline void busyFor(ThreadRun &t, uint64_t cycles) {
  t.clock += cycles;
  t.busy += cycles;
}
/// Moves the clock to `when` if that is later (time spent waiting for
/// `cause`).
inline void waitFor(ThreadRun &t, uint64_t when, Stall cause) {
  if (when <= t.clock)
    return;
  StallCycles &s = t.processor == Processor::TRISC
                       ? t.pipe.stall[static_cast<uint32_t>(t.pipe.active)]
                       : t.stall;
  s[static_cast<uint32_t>(cause)] += when - t.clock;
  t.clock = when;
}

/// Makes TRISC `p` the active one of compute thread `t`: its clock and busy
/// cycles become t.clock/t.busy, so the CB code (and the scheduler, which
/// orders yield points by t.clock) sees the clock of the TRISC that does
/// the call. No-op for data-movement processors.
inline void useTrisc(ThreadRun &t, Trisc p) {
  if (t.processor != Processor::TRISC || t.pipe.active == p)
    return;
  auto a = static_cast<uint32_t>(t.pipe.active), b = static_cast<uint32_t>(p);
  t.pipe.clock[a] = t.clock;
  t.pipe.busy[a] = t.busy;
  t.clock = t.pipe.clock[b];
  t.busy = t.pipe.busy[b];
  t.pipe.active = p;
}
/// Stores the active TRISC's clock into the pipe and sets t.clock to the
/// compute kernel's end: the latest of its three clocks. Called when the
/// kernel returns.
void foldTriscs(ThreadRun &t);

/// Locks the run of the calling thread; unwinds if the run was aborted.
std::unique_lock<std::mutex> lockRun(Run &r);
/// lockRun at a yield point: returns once `t` is the first runnable
/// processor in simulated-time order. For API calls that read or change
/// state other processors share (NOC, DRAM, CBs, semaphores).
std::unique_lock<std::mutex> lockInTurn(Run &r, ThreadRun &t);

/// Throws the KernelError for `message`, naming the calling thread.
[[noreturn]] void failHere(const std::string &message);

/// Reports a race the device tolerates, once per `key` and calling thread
/// (printed as "tt-emu warning: <who>: message" and kept in RunStats), and
/// lets the run go on with the device's semantics; under TT_EMU_STRICT=1 it
/// is an error instead. Call with the run's lock held.
void warnHere(Run &r, const std::string &key, const std::string &message);

} // namespace ttemu
