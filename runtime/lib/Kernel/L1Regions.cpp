// Per-core L1 regions and the bounds checks of NOC, DRAM and (under the
// watcher) raw L1 accesses. On the device a stray write silently corrupts
// a neighbouring CB, buffer or firmware data; here it is an error naming
// the kernel, the address and what it ran into.
#include "Kernel/L1Regions.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include <tt-metalium/buffer.hpp>

#include "Kernel/RunState.h"

namespace ttemu {

namespace {
// Read at each run's start (snapshotL1Regions), not once per process, so a
// host program (or test) may turn it on for one run; atomic because the
// fault handler reads it.
std::atomic<bool> watcher{false};
} // namespace

bool watcherEnabled() { return watcher.load(std::memory_order_relaxed); }

void snapshotL1Regions(Run &r) {
  const char *env = std::getenv("TT_EMU_WATCHER");
  watcher.store(env && *env && std::strcmp(env, "0") != 0);
  auto buffers = r.dev.l1Buffers();
  const ArchSpec &a = r.dev.arch;
  for (auto &slot : r.cores) {
    if (!slot)
      continue;
    CoreRun &core = *slot;
    core.regions.clear();
    for (uint32_t i = 0; i < core.cbs.size(); ++i) {
      const CircularBuffer &cb = core.cbs[i];
      if (!cb.configured)
        continue;
      L1Region reg{L1Region::CircularBuffer};
      reg.lo = cb.addr;
      reg.hi = cb.addr + uint64_t(cb.numPages) * cb.pageSize;
      reg.index = i;
      core.regions.push_back(reg);
    }
    for (uint32_t id = 0; id < r.program.semaphores.size(); ++id) {
      if (!r.program.semaphores[id].cores.contains(CoreCoord{core.x, core.y}))
        continue;
      L1Region reg{L1Region::Semaphore};
      reg.lo = kSemaphoreBase + id * kSemaphoreStride;
      reg.hi = reg.lo + kSemaphoreStride;
      reg.index = id;
      core.regions.push_back(reg);
    }
    for (auto [buf, bytesPerCore] : buffers) {
      L1Region reg{L1Region::L1Buffer};
      reg.buffer = buf;
      reg.lo = buf->address();
      reg.hi = reg.lo + bytesPerCore;
      reg.pagesEnd = reg.hi;
      if (buf->is_sharded()) {
        // Only the shard grid's cores hold pages of a sharded buffer.
        bool mine = false;
        for (const CoreCoord &c : buf->shardCores())
          mine |= c.x == core.x && c.y == core.y;
        if (!mine)
          continue;
      } else {
        uint32_t banks = a.numCores(), pages = buf->num_pages();
        reg.bank = r.dev.coreIndex(core.x, core.y);
        uint64_t here = pages / banks + (reg.bank < pages % banks ? 1 : 0);
        reg.pagesEnd = reg.lo + here * buf->aligned_page_size();
      }
      core.regions.push_back(reg);
    }
  }
}

std::string describe(const L1Region &reg) {
  switch (reg.kind) {
  case L1Region::CircularBuffer:
    return fmt::format("circular buffer {} (0x{:x}-0x{:x})", reg.index, reg.lo,
                       reg.hi);
  case L1Region::Semaphore:
    return fmt::format("semaphore {} (0x{:x}-0x{:x})", reg.index, reg.lo,
                       reg.hi);
  case L1Region::L1Buffer:
    return fmt::format("the {}-page L1 buffer at 0x{:x} (0x{:x}-0x{:x} on "
                       "this core)",
                       reg.buffer->num_pages(), reg.buffer->address(), reg.lo,
                       reg.hi);
  }
  return "?";
}

const L1Region *regionHolding(const CoreRun &core, uint64_t off) {
  for (const L1Region &reg : core.regions)
    if (reg.lo <= off && off < reg.hi)
      return &reg;
  return nullptr;
}

void checkL1Access(Run &r, const CoreRun &core, uint64_t off, uint64_t bytes,
                   bool write, const char *op) {
  uint64_t end = off + bytes;
  if (end > r.dev.arch.l1Size)
    failHere(fmt::format("{} of {} bytes at L1 0x{:x} on core ({},{}) runs "
                         "past the end of L1 ({} bytes)",
                         op, bytes, off, core.x, core.y, r.dev.arch.l1Size));
  if (bytes == 0)
    return;
  // A CB over a globally allocated buffer lies inside that buffer: either
  // holding the whole access will do, the CB (no page check) first.
  const L1Region *inside = nullptr, *crossed = nullptr;
  for (const L1Region &reg : core.regions) {
    if (reg.lo <= off && end <= reg.hi) {
      if (!inside || inside->kind == L1Region::L1Buffer)
        inside = &reg;
    } else if (off < reg.hi && reg.lo < end && !crossed) {
      crossed = &reg;
    }
  }
  auto where = [&] {
    return fmt::format("{} of {} bytes at L1 0x{:x}-0x{:x} on core ({},{})", op,
                       bytes, off, end, core.x, core.y);
  };
  if (!inside && crossed)
    failHere(fmt::format("L1 access out of bounds: {} {} {}", where(),
                         crossed->lo <= off ? "runs past the end of"
                                            : "overlaps the start of",
                         describe(*crossed)));
  if (inside && inside->kind == L1Region::L1Buffer && end > inside->pagesEnd) {
    uint64_t aligned = inside->buffer->aligned_page_size();
    uint64_t first = std::max(off, inside->pagesEnd);
    uint64_t page =
        (first - inside->lo) / aligned * r.dev.arch.numCores() + inside->bank;
    failHere(fmt::format("L1 access out of bounds: {} reaches page {} of {}, "
                         "which has no such page",
                         where(), page, describe(*inside)));
  }
  if (inside || !write)
    return;
  if (off < r.dev.arch.l1UnreservedBase)
    failHere(fmt::format("L1 access out of bounds: {} would overwrite the "
                         "firmware-reserved L1 below 0x{:x}",
                         where(), r.dev.arch.l1UnreservedBase));
  if (watcherEnabled())
    failHere(fmt::format("watcher (TT_EMU_WATCHER): {} writes L1 the core does "
                         "not own (no circular buffer, semaphore or L1 buffer "
                         "there)",
                         where()));
}

namespace {

/// The end of the pages bank `bank` (of `banks`) holds of `buf`, as an
/// offset into the buffer's slice of the bank: page p lives in bank
/// p % banks at slot p / banks; the rest of the slice is padding (and past
/// the slice lies the next buffer).
uint64_t pagesEndInBank(const tt::tt_metal::Buffer &buf, uint32_t bank,
                        uint32_t banks) {
  uint32_t pages = buf.num_pages();
  uint64_t here = pages / banks + (bank < pages % banks ? 1 : 0);
  return here * buf.aligned_page_size();
}

/// The page of `buf` (in bank `bank` of `banks`) at offset `off` of its
/// slice, or of its first page slot if `off` precedes the buffer.
uint64_t pageAt(const tt::tt_metal::Buffer &buf, int64_t off, uint32_t bank,
                uint32_t banks) {
  return off < 0 ? bank : off / buf.aligned_page_size() * banks + bank;
}

} // namespace

void checkDramAccess(Run &r, uint32_t bank, uint64_t addr, uint64_t bytes,
                     const tt::tt_metal::Buffer *named, const char *op) {
  const tt::tt_metal::Buffer *buf =
      named ? named : r.dev.dramBufferHolding(addr);
  if (!buf)
    failHere(fmt::format("DRAM access out of bounds: {} of {} bytes at DRAM "
                         "bank {} address 0x{:x} is not inside any allocated "
                         "buffer",
                         op, bytes, bank, addr));
  uint32_t banks = r.dev.arch.numDramBanks;
  uint64_t valid = pagesEndInBank(*buf, bank, banks);
  int64_t off = static_cast<int64_t>(addr) - buf->address();
  if (off >= 0 && off + bytes <= valid)
    return;
  int64_t first = off < 0 ? off : std::max<int64_t>(off, valid);
  failHere(fmt::format(
      "DRAM access out of bounds: {} of {} bytes at DRAM "
      "bank {} address 0x{:x} reaches {} of the {}-page DRAM "
      "buffer at 0x{:x} (pages of {} bytes), which has no "
      "such page",
      op, bytes, bank, addr,
      off < 0 ? std::string("before the start")
              : fmt::format("page {}", pageAt(*buf, first, bank, banks)),
      buf->num_pages(), buf->address(), buf->page_size()));
}

void checkNamedL1Access(Run &r, const CoreRun &core, uint64_t off,
                        uint64_t bytes, const tt::tt_metal::Buffer &named,
                        const char *op) {
  if (named.is_sharded())
    return; // Not addressed by page interleaving; the region check applies.
  uint32_t banks = r.dev.arch.numCores();
  uint32_t bank = r.dev.coreIndex(core.x, core.y);
  uint64_t valid = pagesEndInBank(named, bank, banks);
  int64_t rel = static_cast<int64_t>(off) - named.address();
  if (rel >= 0 && rel + bytes <= valid)
    return;
  int64_t first = rel < 0 ? rel : std::max<int64_t>(rel, valid);
  failHere(fmt::format(
      "L1 access out of bounds: {} of {} bytes at L1 "
      "0x{:x}-0x{:x} on core ({},{}) reaches {} of the "
      "{}-page L1 buffer at 0x{:x}, which has no such page",
      op, bytes, off, off + bytes, core.x, core.y,
      rel < 0 ? std::string("before the start")
              : fmt::format("page {}", pageAt(named, first, bank, banks)),
      named.num_pages(), named.address()));
}

} // namespace ttemu
