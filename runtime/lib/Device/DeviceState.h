// State of one emulated chip: the L1 of every worker core, the DRAM and L1
// allocators, and the buffers living in them.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/core_coord.hpp>

#include "Device/Arch.h"
#include "Device/RangeAllocator.h"

namespace ttemu {

/// A NOC endpoint: a worker core (by logical coordinate) or a DRAM bank.
struct NocNode {
  enum Kind { Worker, Dram, None } kind = None;
  uint32_t x = 0, y = 0; // logical core, for Worker
  uint32_t bank = 0;     // for Dram
};

class DeviceState {
public:
  DeviceState(int id, const ArchSpec &arch);
  ~DeviceState();
  DeviceState(const DeviceState &) = delete;

  int id;
  const ArchSpec &arch;

  uint32_t coreIndex(uint32_t x, uint32_t y) const { return y * arch.gridX + x; }
  bool inGrid(uint32_t x, uint32_t y) const {
    return x < arch.gridX && y < arch.gridY;
  }
  /// Host memory backing the L1 of core (x, y). Every core's L1 sits below
  /// 4 GiB so that kernels can turn 32-bit L1 addresses into pointers.
  uint8_t *l1(uint32_t x, uint32_t y) const {
    return l1Base + static_cast<size_t>(coreIndex(x, y)) * l1Stride;
  }
  /// The memory file behind every core's L1, and where core (x, y)'s L1
  /// starts in it.
  int l1File() const { return l1Fd; }
  uint64_t l1FileOffset(uint32_t x, uint32_t y) const {
    return static_cast<uint64_t>(coreIndex(x, y)) * l1Stride;
  }
  /// Maps a 32-bit L1 address as kernels see it (either an L1 offset or the
  /// pointer value of some core's L1 byte) to an offset, if it is one.
  std::optional<uint32_t> l1Offset(uint32_t addr) const;

  // NOC coordinates: worker (x, y) is at (x + 1, y + 1); DRAM bank b is at
  // (0, b + 1).
  CoreCoord workerNoc(uint32_t x, uint32_t y) const { return {x + 1, y + 1}; }
  CoreCoord dramNoc(uint32_t bank) const { return {0, bank + 1}; }
  NocNode nodeAt(uint32_t nx, uint32_t ny) const;
  /// Logical core holding page `page` of an interleaved L1 buffer.
  CoreCoord l1BankCore(uint32_t bank) const {
    return {bank % arch.gridX, bank / arch.gridX};
  }

  // Allocation (thread-safe).
  uint32_t allocateDram(uint64_t bytesPerBank, tt::tt_metal::Buffer *buffer,
                        std::optional<uint32_t> address);
  uint32_t allocateL1(uint64_t bytesPerCore, tt::tt_metal::Buffer *buffer,
                      std::optional<uint32_t> address);
  void deallocate(tt::tt_metal::BufferType type, uint32_t address);
  /// Lowest L1 address used by L1 buffers (circular buffers must end below).
  uint32_t l1BuffersBottom() const;
  /// A small number (1..kMaxBufferTag) naming the buffer that starts at
  /// `bankBase` in DRAM or L1, or 0 if none does. Address generators put it
  /// in the unused high bits of the NOC addresses they compute, so that an
  /// access can be checked against the buffer it was computed for, not
  /// merely whichever buffer its address happens to land in.
  uint32_t bufferTag(bool dram, uint64_t bankBase) const;
  /// The live buffer a tag names, or null.
  tt::tt_metal::Buffer *bufferByTag(uint32_t tag) const;
  static constexpr uint32_t kMaxBufferTag = (1u << 15) - 1;
  /// The DRAM buffer whose allocation in every bank holds byte `addr`.
  tt::tt_metal::Buffer *dramBufferHolding(uint64_t addr) const;
  /// The L1 buffers (with the bytes they take per core), for the checks
  /// that keep kernel accesses inside what they name.
  std::vector<std::pair<tt::tt_metal::Buffer *, uint64_t>> l1Buffers() const;

  /// Serialises program runs on this device.
  std::mutex runMutex;

private:
  uint8_t *l1Base = nullptr;
  int l1Fd = -1;
  size_t l1Stride = 0, l1MapBytes = 0;
  mutable std::mutex allocMutex;
  RangeAllocator dramAlloc, l1Alloc;
  std::map<uint64_t, std::pair<uint64_t, tt::tt_metal::Buffer *>> dramBuffers;
  std::map<uint64_t, std::pair<uint64_t, tt::tt_metal::Buffer *>> l1Buffers_;
  // Buffer tags: tagged_[tag - 1] is the buffer, the maps give a buffer's
  // tag from its address.
  std::vector<tt::tt_metal::Buffer *> tagged_;
  std::map<uint64_t, uint32_t> dramTags_, l1Tags_;
  uint32_t newTag(tt::tt_metal::Buffer *buffer);
};

/// Aligns `v` up to a multiple of `a` (a power of two).
inline uint64_t alignUp(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

} // namespace ttemu
