// What each core's L1 holds during a run (circular buffers, semaphores, L1
// buffers), so that an access can be checked against the one it targets
// rather than only against the end of L1.
#pragma once

#include <cstdint>
#include <string>

namespace tt::tt_metal {
class Buffer;
}

namespace ttemu {

class Run;
struct CoreRun;

struct L1Region {
  enum Kind { CircularBuffer, Semaphore, L1Buffer } kind;
  uint64_t lo = 0, hi = 0; // L1 offsets, [lo, hi)
  uint32_t index = 0;      // CB index or semaphore id
  const tt::tt_metal::Buffer *buffer = nullptr;
  /// For an interleaved L1 buffer: the end of the pages this core's bank
  /// really holds (the allocation is rounded up to whole pages per core).
  uint64_t pagesEnd = 0;
  uint32_t bank = 0;
};

/// Records every core's regions; called once the CBs and semaphores are
/// laid out. A snapshot, because the watcher reads it from a fault handler
/// that must take no lock.
void snapshotL1Regions(Run &r);

/// "circular buffer 0 (0x19000-0x1a000)" and the like.
std::string describe(const L1Region &region);

/// The region of `core` holding L1 byte `off`, or null.
const L1Region *regionHolding(const CoreRun &core, uint64_t off);

/// Fails (naming the calling kernel) if [off, off + bytes) on `core` leaves
/// L1, spills out of the region it overlaps, touches a page an L1 buffer
/// does not have, or (`write`) lands in firmware-reserved L1 or, under the
/// watcher, in L1 the core does not own.
void checkL1Access(Run &r, const CoreRun &core, uint64_t off, uint64_t bytes,
                   bool write, const char *op);

/// Fails if [addr, addr + bytes) in DRAM bank `bank` is not inside the
/// pages that bank holds of `named` (the buffer the address was computed
/// for), or, without one, of the buffer its first byte belongs to.
void checkDramAccess(Run &r, uint32_t bank, uint64_t addr, uint64_t bytes,
                     const tt::tt_metal::Buffer *named, const char *op);

/// Fails if [off, off + bytes) on `core` is not inside the pages that core
/// holds of the interleaved L1 buffer `named`.
void checkNamedL1Access(Run &r, const CoreRun &core, uint64_t off,
                        uint64_t bytes, const tt::tt_metal::Buffer &named,
                        const char *op);

/// TT_EMU_WATCHER=1: also check raw L1 pointer accesses and NOC writes
/// against what the core owns.
bool watcherEnabled();

} // namespace ttemu
