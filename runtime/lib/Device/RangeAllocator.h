// First-fit address-range allocator (bottom-up or top-down).
#pragma once

#include <cstdint>
#include <map>
#include <optional>

namespace ttemu {

class RangeAllocator {
public:
  RangeAllocator(uint64_t begin, uint64_t end, uint64_t alignment, bool topDown)
      : begin(begin), end(end), alignment(alignment), topDown(topDown) {}

  /// Returns the start of a free range of `size` bytes (at `fixed` if given),
  /// or nothing if it does not fit.
  std::optional<uint64_t> allocate(uint64_t size,
                                   std::optional<uint64_t> fixed = {});
  void free(uint64_t start) { used.erase(start); }
  /// Lowest allocated address, or `end` when empty.
  uint64_t lowest() const { return used.empty() ? end : used.begin()->first; }
  uint64_t capacity() const { return end - begin; }

private:
  bool isFree(uint64_t start, uint64_t size) const;
  uint64_t begin, end, alignment;
  bool topDown;
  std::map<uint64_t, uint64_t> used; // start -> size
};

} // namespace ttemu
