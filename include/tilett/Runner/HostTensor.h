//===- HostTensor.h - Dense host tensors for the runner ---------*- C++ -*-===//
#ifndef TILETT_RUNNER_HOSTTENSOR_H
#define TILETT_RUNNER_HOSTTENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace mlir::tilett::runner {

/// How a HostTensor holds its values. F64 holds any value exactly; the
/// others hold a tensor of that element type in its own width, so that a
/// large run keeps its tensors once at their size (issue 18: peak memory of
/// a run at most twice the tensors' size plus a fixed amount) instead of as
/// doubles, four times a bf16 tensor's size.
enum class HostElementKind : uint8_t { F64, F32, BF16, F16, I32 };

/// Bytes per element of `kind`.
inline size_t elementBytes(HostElementKind kind) {
  switch (kind) {
  case HostElementKind::F64:
    return 8;
  case HostElementKind::F32:
  case HostElementKind::I32:
    return 4;
  case HostElementKind::BF16:
  case HostElementKind::F16:
    return 2;
  }
  return 8;
}

/// A dense row-major tensor on the host. Both the reference interpreter
/// and the emulator runner take and return these, at the buffers' logical
/// shapes.
///
/// An F64 tensor (every tensor made without a kind: tests, the Python
/// bindings) keeps its values in `data`, integers as integral doubles. A
/// tensor of another kind keeps them packed in `packed` (`data` empty) and
/// is read and written through get/set; a value stored must be one the kind
/// represents (the reference rounds every global store to the element type
/// first), so storing never rounds a second time.
struct HostTensor {
  llvm::SmallVector<int64_t> shape;
  std::vector<double> data;
  HostElementKind kind = HostElementKind::F64;
  std::vector<uint8_t> packed;

  HostTensor() = default;
  explicit HostTensor(llvm::ArrayRef<int64_t> shape, double fill = 0.0)
      : shape(shape.begin(), shape.end()) {
    data.assign(numElements(), fill);
  }
  /// A zero-filled tensor of `kind`.
  HostTensor(llvm::ArrayRef<int64_t> shape, HostElementKind kind)
      : shape(shape.begin(), shape.end()), kind(kind) {
    if (kind == HostElementKind::F64)
      data.assign(numElements(), 0.0);
    else
      packed.assign(size_t(numElements()) * elementBytes(kind), 0);
  }

  int64_t numElements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
  /// Elements held: numElements() unless the tensor was given values of
  /// another count (which the interpreter and runner reject).
  size_t size() const {
    return kind == HostElementKind::F64 ? data.size()
                                        : packed.size() / elementBytes(kind);
  }
  /// Bytes the values take.
  size_t storageBytes() const {
    return kind == HostElementKind::F64 ? data.size() * sizeof(double)
                                        : packed.size();
  }

  double get(int64_t i) const {
    switch (kind) {
    case HostElementKind::F64:
      return data[i];
    case HostElementKind::F32:
      return double(load<float>(i));
    case HostElementKind::BF16:
      return double(std::bit_cast<float>(uint32_t(load<uint16_t>(i)) << 16));
    case HostElementKind::F16:
      return double(load<_Float16>(i));
    case HostElementKind::I32:
      return double(load<int32_t>(i));
    }
    return 0.0;
  }
  void set(int64_t i, double v) {
    switch (kind) {
    case HostElementKind::F64:
      data[i] = v;
      return;
    case HostElementKind::F32:
      return store(i, float(v));
    case HostElementKind::BF16: {
      // `v` is a bf16 value, so its float's low half is zero; a NaN keeps
      // its sign and becomes the quiet NaN (its payload may sit there).
      uint32_t u = std::bit_cast<uint32_t>(float(v));
      if (std::isnan(v))
        u = (u & 0x80000000u) | 0x7FC00000u;
      return store(i, uint16_t(u >> 16));
    }
    case HostElementKind::F16:
      return store(i, _Float16(v));
    case HostElementKind::I32:
      return store(i, int32_t(v));
    }
  }

private:
  template <class T> T load(int64_t i) const {
    T v;
    std::memcpy(&v, packed.data() + size_t(i) * sizeof(T), sizeof(T));
    return v;
  }
  template <class T> void store(int64_t i, T v) {
    std::memcpy(packed.data() + size_t(i) * sizeof(T), &v, sizeof(T));
  }
};

} // namespace mlir::tilett::runner

#endif // TILETT_RUNNER_HOSTTENSOR_H
