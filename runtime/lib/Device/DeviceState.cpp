// L1 windows, allocators and the DRAM buffer registry of one chip.
#include "Device/DeviceState.h"

#include <cstring>
#include <stdexcept>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

#include <fmt/format.h>

namespace ttemu {

DeviceState::DeviceState(int id, const ArchSpec &arch)
    : id(id), arch(arch),
      dramAlloc(0x1000, arch.dramBankSize, arch.dramAlignment, false),
      l1Alloc(arch.l1UnreservedBase, arch.l1Size, arch.l1Alignment, true) {
  l1Stride = alignUp(arch.l1Size, 1 << 16);
  l1MapBytes = l1Stride * arch.numCores();
  // MAP_32BIT places the mapping in the low 2 GiB, so L1 pointer values fit
  // the 32-bit addresses kernels pass around (get_write_ptr, semaphores).
  // The memory is a memfd so that one core's L1 can also be mapped at its
  // device addresses (see Kernel/L1Window.cpp).
  l1Fd = memfd_create("tt-emu-l1", MFD_CLOEXEC);
  if (l1Fd < 0 || ftruncate(l1Fd, static_cast<off_t>(l1MapBytes)) != 0)
    throw std::runtime_error("tt-emu: cannot create the L1 memory file");
  void *p = mmap(nullptr, l1MapBytes, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_32BIT | MAP_NORESERVE, l1Fd, 0);
  // MAP_32BIT takes addresses from 1 GiB to 2 GiB only, which about ten
  // chips' L1 fill (a mesh holds up to 32): the rest of the 32-bit range,
  // from 16 MiB up, is tried in turn.
  for (uintptr_t at = 1ull << 24; p == MAP_FAILED && at + l1MapBytes <= (1ull << 32);
       at += 1ull << 26)
    p = mmap(reinterpret_cast<void *>(at), l1MapBytes, PROT_READ | PROT_WRITE,
             MAP_SHARED | MAP_FIXED_NOREPLACE | MAP_NORESERVE, l1Fd, 0);
  if (p == MAP_FAILED)
    throw std::runtime_error("tt-emu: cannot map L1 memory below 4 GiB");
  l1Base = static_cast<uint8_t *>(p);
  auto base = reinterpret_cast<uintptr_t>(l1Base);
  // Pointer values must not be confusable with L1 offsets.
  if (base < arch.l1Size || base + l1MapBytes > (1ull << 32)) {
    munmap(p, l1MapBytes);
    throw std::runtime_error("tt-emu: L1 mapping landed outside the 32-bit "
                             "range kernels can address");
  }
}

DeviceState::~DeviceState() {
  munmap(l1Base, l1MapBytes);
  close(l1Fd);
}

std::optional<uint32_t> DeviceState::l1Offset(uint32_t addr) const {
  if (addr < arch.l1Size)
    return addr;
  auto base = reinterpret_cast<uintptr_t>(l1Base);
  if (addr >= base && addr < base + l1MapBytes) {
    uint64_t off = (addr - base) % l1Stride;
    if (off < arch.l1Size)
      return static_cast<uint32_t>(off);
  }
  return std::nullopt;
}

NocNode DeviceState::nodeAt(uint32_t nx, uint32_t ny) const {
  NocNode n;
  if (nx == 0 && ny >= 1 && ny <= arch.numDramBanks) {
    n.kind = NocNode::Dram;
    n.bank = ny - 1;
  } else if (nx >= 1 && ny >= 1 && inGrid(nx - 1, ny - 1)) {
    n.kind = NocNode::Worker;
    n.x = nx - 1;
    n.y = ny - 1;
  }
  return n;
}

uint32_t DeviceState::allocateDram(uint64_t bytesPerBank,
                                   tt::tt_metal::Buffer *buffer,
                                   std::optional<uint32_t> address) {
  std::lock_guard lock(allocMutex);
  auto a = dramAlloc.allocate(bytesPerBank, address);
  if (!a)
    throw std::runtime_error(fmt::format(
        "DRAM out of memory: cannot allocate {} bytes per bank{} (bank size {})",
        bytesPerBank, address ? fmt::format(" at 0x{:x}", *address) : "",
        arch.dramBankSize));
  dramBuffers[*a] = {alignUp(bytesPerBank, arch.dramAlignment), buffer};
  if (uint32_t tag = newTag(buffer))
    dramTags_[*a] = tag;
  return static_cast<uint32_t>(*a);
}

uint32_t DeviceState::allocateL1(uint64_t bytesPerCore,
                                 tt::tt_metal::Buffer *buffer,
                                 std::optional<uint32_t> address) {
  std::lock_guard lock(allocMutex);
  auto a = l1Alloc.allocate(bytesPerCore, address);
  if (!a)
    throw std::runtime_error(fmt::format(
        "L1 over-allocation: an L1 buffer of {} bytes per core does not fit in "
        "the {} bytes of L1 left per core (L1 size {})",
        bytesPerCore, l1Alloc.capacity(), arch.l1Size));
  l1Buffers_[*a] = {bytesPerCore, buffer};
  if (uint32_t tag = newTag(buffer))
    l1Tags_[*a] = tag;
  return static_cast<uint32_t>(*a);
}

void DeviceState::deallocate(tt::tt_metal::BufferType type, uint32_t address) {
  std::lock_guard lock(allocMutex);
  auto &tags = type == tt::tt_metal::BufferType::DRAM ? dramTags_ : l1Tags_;
  if (auto it = tags.find(address); it != tags.end()) {
    tagged_[it->second - 1] = nullptr;
    tags.erase(it);
  }
  if (type == tt::tt_metal::BufferType::DRAM) {
    dramAlloc.free(address);
    dramBuffers.erase(address);
  } else {
    l1Alloc.free(address);
    l1Buffers_.erase(address);
  }
}

uint32_t DeviceState::l1BuffersBottom() const {
  std::lock_guard lock(allocMutex);
  return static_cast<uint32_t>(l1Alloc.lowest());
}

uint32_t DeviceState::newTag(tt::tt_metal::Buffer *buffer) {
  for (size_t i = 0; i < tagged_.size(); ++i)
    if (!tagged_[i]) {
      tagged_[i] = buffer;
      return static_cast<uint32_t>(i + 1);
    }
  // Past the tag space, buffers go untagged: their accesses are checked by
  // address only.
  if (tagged_.size() == kMaxBufferTag)
    return 0;
  tagged_.push_back(buffer);
  return static_cast<uint32_t>(tagged_.size());
}

uint32_t DeviceState::bufferTag(bool dram, uint64_t bankBase) const {
  std::lock_guard lock(allocMutex);
  const auto &tags = dram ? dramTags_ : l1Tags_;
  auto it = tags.find(bankBase);
  return it == tags.end() ? 0 : it->second;
}

tt::tt_metal::Buffer *DeviceState::bufferByTag(uint32_t tag) const {
  std::lock_guard lock(allocMutex);
  return tag >= 1 && tag <= tagged_.size() ? tagged_[tag - 1] : nullptr;
}

tt::tt_metal::Buffer *DeviceState::dramBufferHolding(uint64_t addr) const {
  std::lock_guard lock(allocMutex);
  auto it = dramBuffers.upper_bound(addr);
  if (it == dramBuffers.begin())
    return nullptr;
  --it;
  return addr < it->first + it->second.first ? it->second.second : nullptr;
}

std::vector<std::pair<tt::tt_metal::Buffer *, uint64_t>>
DeviceState::l1Buffers() const {
  std::lock_guard lock(allocMutex);
  std::vector<std::pair<tt::tt_metal::Buffer *, uint64_t>> out;
  for (const auto &[addr, entry] : l1Buffers_)
    out.push_back({entry.second, entry.first});
  return out;
}

} // namespace ttemu
