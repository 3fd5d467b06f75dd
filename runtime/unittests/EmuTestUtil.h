// Helpers shared by the emulator's program-level tests.
#pragma once

#include <functional>
#include <random>
#include <string>
#include <vector>

#include <tt-metalium/bfloat16.hpp>

namespace ttemu::test {

/// Absolute path of a test kernel under unittests/kernels.
inline std::string kernelPath(const std::string &rel) {
  return std::string(TTEMU_TEST_KERNEL_DIR) + "/" + rel;
}

/// Runs `f` and returns the message of the exception it throws.
inline std::string errorOf(const std::function<void()> &f) {
  try {
    f();
  } catch (const std::exception &e) {
    return e.what();
  }
  return "<no error>";
}

/// `n` bfloat16 values uniform in [lo, hi).
inline std::vector<bfloat16> randomBf16(size_t n, unsigned seed, float lo,
                                        float hi) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<bfloat16> v(n);
  for (auto &x : v)
    x = bfloat16(dist(gen));
  return v;
}

} // namespace ttemu::test
