//===- HostTensor.h - Dense host tensors for the runner ---------*- C++ -*-===//
#ifndef TILETT_RUNNER_HOSTTENSOR_H
#define TILETT_RUNNER_HOSTTENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <vector>

namespace mlir::tilett::runner {

/// A dense row-major tensor on the host, values held as doubles (integers
/// as integral doubles). Both the reference interpreter and the emulator
/// runner take and return these, at the buffers' logical shapes.
struct HostTensor {
  llvm::SmallVector<int64_t> shape;
  std::vector<double> data;

  HostTensor() = default;
  explicit HostTensor(llvm::ArrayRef<int64_t> shape, double fill = 0.0)
      : shape(shape.begin(), shape.end()) {
    data.assign(numElements(), fill);
  }
  int64_t numElements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

} // namespace mlir::tilett::runner

#endif // TILETT_RUNNER_HOSTTENSOR_H
