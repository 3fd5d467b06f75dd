// First-fit range allocation over a sorted map of used ranges.
#include "Device/RangeAllocator.h"

namespace ttemu {

bool RangeAllocator::isFree(uint64_t start, uint64_t size) const {
  if (start < begin || start + size > end)
    return false;
  auto it = used.upper_bound(start);
  if (it != used.end() && it->first < start + size)
    return false;
  if (it != used.begin()) {
    auto prev = std::prev(it);
    if (prev->first + prev->second > start)
      return false;
  }
  return true;
}

std::optional<uint64_t> RangeAllocator::allocate(uint64_t size,
                                                 std::optional<uint64_t> fixed) {
  size = (size + alignment - 1) / alignment * alignment;
  if (size == 0)
    size = alignment;
  if (fixed) {
    if (!isFree(*fixed, size))
      return std::nullopt;
    used[*fixed] = size;
    return fixed;
  }
  // Candidate starts are the region edges and the edges of used ranges.
  if (!topDown) {
    uint64_t cand = begin;
    for (auto &[s, sz] : used) {
      if (cand + size <= s)
        break;
      cand = std::max(cand, (s + sz + alignment - 1) / alignment * alignment);
    }
    if (cand + size > end)
      return std::nullopt;
    used[cand] = size;
    return cand;
  }
  uint64_t top = end;
  for (auto it = used.rbegin(); it != used.rend(); ++it) {
    uint64_t cand = (top - size) / alignment * alignment;
    if (top >= size && cand >= it->first + it->second && cand >= begin) {
      used[cand] = size;
      return cand;
    }
    top = it->first;
  }
  if (top < size)
    return std::nullopt;
  uint64_t cand = (top - size) / alignment * alignment;
  if (cand < begin)
    return std::nullopt;
  used[cand] = size;
  return cand;
}

} // namespace ttemu
