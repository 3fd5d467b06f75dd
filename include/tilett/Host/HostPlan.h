//===- HostPlan.h - What a TT-Metalium host runs, as plain C++ --*- C++ -*-===//
//
// The host side of a compiled kernel, as the one host implementation
// (HostRuntime.h) consumes it: buffers, core ranges, circular buffers,
// semaphores and kernels with their arguments, already checked and with
// every default resolved (tt.plan.json is read once, by the compiler's typed
// reader, PlanSchema.h). Plain C++20 with no dependency: `tilett compile`
// ships this file beside host.cpp, which holds one Plan as an aggregate, and
// `tilett run` builds the same Plan in-process (docs/tenstorrent/CODEGEN.md,
// "Host program").
//
// It also holds the one table of plan dtypes (name, bytes, tt::DataFormat)
// that the compiler and the host share.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_HOST_HOSTPLAN_H
#define TILETT_HOST_HOSTPLAN_H

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tilett_host {

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

/// The element types a tile holds.
enum class DType : uint8_t { BF16, F16, F32, I32 };

struct DTypeInfo {
  DType dtype;
  /// As plans and messages spell it.
  const char *name;
  uint32_t bytes;
  /// The tt::DataFormat enumerator of tiles of it.
  const char *dataFormat;
  /// The DType enumerator, as host.cpp spells it.
  const char *enumerator;
};

/// The one dtype table, indexed by DType.
inline constexpr DTypeInfo kDTypes[] = {
    {DType::BF16, "bf16", 2, "Float16_b", "BF16"},
    {DType::F16, "f16", 2, "Float16", "F16"},
    {DType::F32, "f32", 4, "Float32", "F32"},
    {DType::I32, "i32", 4, "Int32", "I32"},
};

constexpr const DTypeInfo &info(DType t) { return kDTypes[unsigned(t)]; }

/// The entry named `name` ("bf16", ...); nullptr for anything else.
constexpr const DTypeInfo *findDType(std::string_view name) {
  for (const DTypeInfo &d : kDTypes)
    if (name == d.name)
      return &d;
  return nullptr;
}

/// Elements of a 32x32 tile, in four 16x16 faces.
inline constexpr uint32_t kTileElements = 1024;

//===----------------------------------------------------------------------===//
// The plan
//===----------------------------------------------------------------------===//

/// Which way a buffer's data goes; an unused buffer is only allocated (and
/// zeroed).
enum class Role : uint8_t { Input, Output, InOut, Unused };
/// As plans spell them, indexed by Role.
inline constexpr const char *kRoleNames[] = {"input", "output", "inout",
                                             "unused"};
constexpr bool isInput(Role r) { return r == Role::Input || r == Role::InOut; }
constexpr bool isOutput(Role r) { return r == Role::Output || r == Role::InOut; }

/// A global buffer, interleaved one tile per page.
struct Buffer {
  std::string name;
  Role role = Role::Input;
  DType dtype = DType::BF16;
  /// Logical shape (what the host reads and writes, row-major) and the
  /// padded shape the device holds (last two dims multiples of 32; a rank-1
  /// buffer is a column vector, one element per tile row).
  std::vector<uint32_t> shape, paddedShape;
  /// 0 means one tile of the dtype and one page per tile.
  uint32_t pageSize = 0, numPages = 0;
  bool l1 = false;
  /// `shape` and `paddedShape` are the device's; the host's tensor has its
  /// dims in another order: device dim i is host dim dimOrder[i] (a BSHD
  /// tensor held as BHSD has {0, 2, 1, 3}). Empty: the same order.
  std::vector<uint32_t> dimOrder = {};
};

/// The shape of the host's tensor of `b` (its `shape` in host dim order).
inline std::vector<uint32_t> hostShape(const Buffer &b) {
  if (b.dimOrder.size() != b.shape.size())
    return b.shape;
  std::vector<uint32_t> s(b.shape.size());
  for (size_t i = 0; i < b.shape.size(); ++i)
    s[b.dimOrder[i]] = b.shape[i];
  return s;
}

/// Cores x..x+width-1 by y..y+height-1.
struct CoreRange {
  uint32_t x = 0, y = 0, width = 1, height = 1;
};

struct CircularBuffer {
  uint32_t index = 0;
  DType dtype = DType::BF16;
  uint32_t pageSize = 0, numPages = 0;
};

/// One argument word: a value, or one the host knows only at run time.
struct Arg {
  enum class Kind : uint8_t {
    Value,    // the word itself
    Address,  // the device address of `buffer`
    Accessor, // TensorAccessorArgs(buffer) (several compile-time words)
    NocX,     // NOC x of logical worker core (x, y): depends on harvesting
    NocY,
  };
  Kind kind = Kind::Value;
  uint32_t value = 0;
  std::string buffer;
  uint32_t x = 0, y = 0;

  Arg(uint32_t value = 0) : value(value) {}
  Arg(Kind kind, std::string buffer, uint32_t x = 0, uint32_t y = 0)
      : kind(kind), buffer(std::move(buffer)), x(x), y(y) {}
};
inline Arg address(std::string buffer) {
  return Arg(Arg::Kind::Address, std::move(buffer));
}
inline Arg accessor(std::string buffer) {
  return Arg(Arg::Kind::Accessor, std::move(buffer));
}
inline Arg nocX(uint32_t x, uint32_t y) { return Arg(Arg::Kind::NocX, "", x, y); }
inline Arg nocY(uint32_t x, uint32_t y) { return Arg(Arg::Kind::NocY, "", x, y); }

/// The runtime arguments of one kernel on logical core (x, y).
struct CoreArgs {
  uint32_t x = 0, y = 0;
  std::vector<Arg> args;
};

enum class KernelKind : uint8_t { Reader, Compute, Writer };
enum class Fidelity : uint8_t { LoFi, HiFi2, HiFi3, HiFi4 };
/// As plans spell them, indexed by the enums.
inline constexpr const char *kKernelKindNames[] = {"reader", "compute",
                                                   "writer"};
inline constexpr const char *kFidelityNames[] = {"LoFi", "HiFi2", "HiFi3",
                                                 "HiFi4"};

/// A kernel, created on every core of the core ranges.
struct Kernel {
  KernelKind kind = KernelKind::Reader;
  /// Relative to the kernel directory.
  std::string file;
  /// Data movement: RISC-V 0 or 1 and NOC 0 or 1.
  uint32_t processor = 0, noc = 0;
  /// Compute.
  Fidelity fidelity = Fidelity::HiFi4;
  bool fp32DestAccEn = false, mathApproxMode = false;
  std::vector<Arg> compileArgs;
  std::map<std::string, std::string> defines;
  std::vector<CoreArgs> runtimeArgs;
};

struct Plan {
  /// The kernel's name, for messages.
  std::string kernel;
  std::vector<Buffer> buffers;
  std::vector<CoreRange> cores;
  std::vector<CircularBuffer> circularBuffers;
  /// Initial values; a semaphore's id is its index (creation order).
  std::vector<uint32_t> semaphores;
  std::vector<Kernel> kernels;
};

//===----------------------------------------------------------------------===//
// Layout: row-major host data <-> the device's tiles
//===----------------------------------------------------------------------===//

inline uint64_t product(const std::vector<uint32_t> &v) {
  uint64_t n = 1;
  for (uint32_t d : v)
    n *= d;
  return n;
}

/// How a buffer's padded shape maps onto tiles: `batch` matrices of
/// rows x cols (multiples of 32), leading dimensions outermost, tiles in
/// row-major tile order, each of four 16x16 faces.
struct TiledShape {
  uint64_t batch = 1, rows = 1, cols = 1;
  uint64_t numTiles() const { return batch * (rows / 32) * (cols / 32); }
};

inline TiledShape tiledShape(const Buffer &b) {
  TiledShape t;
  const std::vector<uint32_t> &p = b.paddedShape;
  if (p.size() == 1) {
    t.rows = p[0];
    t.cols = 32;
  } else if (p.size() >= 2) {
    t.rows = p[p.size() - 2];
    t.cols = p.back();
    for (size_t i = 0; i + 2 < p.size(); ++i)
      t.batch *= p[i];
  }
  return t;
}

/// Bytes of one page of `b`: one tile of its dtype.
inline uint32_t pageBytes(const Buffer &b) {
  return kTileElements * info(b.dtype).bytes;
}

/// Why the host cannot lay `b` out (a sentence), or "".
inline std::string checkLayout(const Buffer &b) {
  std::string where = "buffer '" + b.name + "': ";
  if (b.shape.empty() || b.shape.size() != b.paddedShape.size())
    return where + "expected shape and padded_shape of equal, non-zero rank";
  for (size_t i = 0; i < b.shape.size(); ++i)
    if (b.shape[i] == 0 || b.shape[i] > b.paddedShape[i])
      return where + "expected positive shape within padded_shape";
  if (!b.dimOrder.empty()) {
    std::vector<bool> seen(b.shape.size(), false);
    bool ok = b.dimOrder.size() == b.shape.size();
    for (size_t i = 0; ok && i < b.dimOrder.size(); ++i) {
      ok = b.dimOrder[i] < seen.size() && !seen[b.dimOrder[i]];
      if (ok)
        seen[b.dimOrder[i]] = true;
    }
    if (!ok)
      return where + "expected dim_order to be a permutation of the " +
             std::to_string(b.shape.size()) + " dims";
  }
  TiledShape t = tiledShape(b);
  if (t.rows % 32 || t.cols % 32)
    return where + "expected a padded shape of whole 32x32 tiles but got " +
           std::to_string(t.rows) + "x" + std::to_string(t.cols);
  if (b.numPages && b.numPages != t.numTiles())
    return where + "expected num_pages = " + std::to_string(t.numTiles()) +
           " (one tile per page) but got " + std::to_string(b.numPages);
  if (b.pageSize && b.pageSize != pageBytes(b))
    return where + "expected page_size " + std::to_string(pageBytes(b)) +
           " (one " + info(b.dtype).name + " tile) but got " +
           std::to_string(b.pageSize);
  return "";
}

/// The position of element (r, c) of a 32x32 tile in its face order.
constexpr uint32_t faceOrderIndex(uint32_t r, uint32_t c) {
  return ((r / 16) * 2 + c / 16) * 256 + (r % 16) * 16 + c % 16;
}

/// Calls fn(logicalIndex, tiledIndex) for every element of the logical
/// shape; logicalIndex is its row-major position in the host's tensor (dims
/// in host order, dimOrder), tiledIndex its position in the device's tile
/// array.
template <class Fn> void forEachElement(const Buffer &b, Fn fn) {
  const std::vector<uint32_t> &s = b.shape, &p = b.paddedShape;
  size_t rank = s.size();
  TiledShape t = tiledShape(b);
  uint64_t rows = rank == 1 ? s[0] : s[rank - 2],
           cols = rank == 1 ? 1 : s.back();
  uint64_t tilesPerRow = t.cols / 32, tilesPerMatrix = (t.rows / 32) * tilesPerRow;
  // Host strides of the device's dims.
  std::vector<uint64_t> stride(rank, 1);
  {
    std::vector<uint32_t> hs = hostShape(b);
    std::vector<uint64_t> hostStride(rank, 1);
    for (size_t d = rank; d-- > 1;)
      hostStride[d - 1] = hostStride[d] * hs[d];
    for (size_t i = 0; i < rank; ++i)
      stride[i] = hostStride[b.dimOrder.size() == rank ? b.dimOrder[i] : i];
  }
  uint64_t rowStride = rank == 1 ? stride[0] : stride[rank - 2],
           colStride = rank == 1 ? 0 : stride.back();
  std::vector<uint32_t> lead(rank > 2 ? rank - 2 : 0, 0);
  while (true) {
    uint64_t batch = 0, base = 0;
    for (size_t i = 0; i < lead.size(); ++i) {
      batch = batch * p[i] + lead[i];
      base += lead[i] * stride[i];
    }
    for (uint64_t r = 0; r < rows; ++r)
      for (uint64_t c = 0; c < cols; ++c) {
        uint64_t tile = batch * tilesPerMatrix + (r / 32) * tilesPerRow + c / 32;
        fn(base + r * rowStride + c * colStride,
           tile * kTileElements + faceOrderIndex(r % 32, c % 32));
      }
    // The next batch index over the logical leading extents.
    size_t d = lead.size();
    for (; d > 0; --d) {
      if (++lead[d - 1] < s[d - 1])
        break;
      lead[d - 1] = 0;
    }
    if (d == 0)
      return;
  }
}

/// Row-major logical values (product(shape) raw little-endian elements of
/// the dtype; null: zeros) -> the device image, zero-padded; and back.
inline std::vector<uint8_t> tilize(const Buffer &b, const uint8_t *logical) {
  uint32_t eb = info(b.dtype).bytes;
  std::vector<uint8_t> tiled(tiledShape(b).numTiles() * kTileElements * eb, 0);
  if (logical)
    forEachElement(b, [&](uint64_t l, uint64_t t) {
      std::memcpy(&tiled[t * eb], &logical[l * eb], eb);
    });
  return tiled;
}
inline std::vector<uint8_t> untilize(const Buffer &b,
                                     const std::vector<uint8_t> &tiled) {
  uint32_t eb = info(b.dtype).bytes;
  std::vector<uint8_t> logical(product(b.shape) * eb, 0);
  forEachElement(b, [&](uint64_t l, uint64_t t) {
    if ((t + 1) * eb <= tiled.size())
      std::memcpy(&logical[l * eb], &tiled[t * eb], eb);
  });
  return logical;
}

} // namespace tilett_host

#endif // TILETT_HOST_HOSTPLAN_H
