// FNV-1a 64-bit hashing of strings, for kernel cache keys.
#pragma once

#include <cstdint>
#include <string_view>

namespace ttemu {

class ContentHash {
public:
  ContentHash &add(std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001b3ull;
    }
    // A separator so that ("ab","c") and ("a","bc") differ.
    h ^= 0xff;
    h *= 0x100000001b3ull;
    return *this;
  }
  uint64_t value() const { return h; }

private:
  uint64_t h = 0xcbf29ce484222325ull;
};

} // namespace ttemu
