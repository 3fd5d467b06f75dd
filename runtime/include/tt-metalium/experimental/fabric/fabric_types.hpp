// tt-fabric's host types: fabric configurations, topologies and the node
// id of a chip (its mesh and its index in it).
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>

#include <fmt/format.h>

namespace tt::tt_fabric {

/// How kernels reach other chips (SetFabricConfig). The 1D configurations
/// route along a row or a column of the mesh, FABRIC_1D_RING wrapping
/// around; the 2D ones are accepted and routed as 1D (docs/MESH.md).
enum class FabricConfig : uint32_t {
  DISABLED = 0,
  FABRIC_1D = 1,
  FABRIC_1D_RING = 2,
  FABRIC_2D = 3,
  FABRIC_2D_TORUS_X = 4,
  FABRIC_2D_TORUS_Y = 5,
  FABRIC_2D_TORUS_XY = 6,
  FABRIC_2D_DYNAMIC = 7,
  CUSTOM = 8,
};

enum class FabricReliabilityMode : uint32_t {
  STRICT_SYSTEM_HEALTH_SETUP_MODE = 0,
  RELAXED_SYSTEM_HEALTH_SETUP_MODE = 1,
  DYNAMIC_RECONFIGURATION_SETUP_MODE = 2,
};

enum class Topology : uint32_t { Ring = 0, Linear = 1, Mesh = 2, Torus = 3 };

enum class FabricType : uint32_t {
  MESH = 0,
  TORUS_X = 1,
  TORUS_Y = 2,
  TORUS_XY = 3
};

/// A mesh's id (one mesh per process here: 0).
class MeshId {
public:
  constexpr MeshId() = default;
  constexpr explicit MeshId(uint32_t v) : v_(v) {}
  constexpr uint32_t operator*() const { return v_; }
  constexpr uint32_t get() const { return v_; }
  friend constexpr bool operator==(MeshId a, MeshId b) { return a.v_ == b.v_; }
  friend constexpr bool operator<(MeshId a, MeshId b) { return a.v_ < b.v_; }

private:
  uint32_t v_ = 0;
};

/// A chip of the fabric: its mesh, and its row-major index in that mesh.
struct FabricNodeId {
  FabricNodeId(MeshId mesh_id, uint32_t chip_id)
      : mesh_id(mesh_id), chip_id(chip_id) {}
  MeshId mesh_id;
  uint32_t chip_id;
  friend bool operator==(const FabricNodeId &a, const FabricNodeId &b) {
    return a.mesh_id == b.mesh_id && a.chip_id == b.chip_id;
  }
  friend bool operator<(const FabricNodeId &a, const FabricNodeId &b) {
    return a.mesh_id < b.mesh_id ||
           (a.mesh_id == b.mesh_id && a.chip_id < b.chip_id);
  }
  friend std::ostream &operator<<(std::ostream &os, const FabricNodeId &n) {
    return os << "(M" << *n.mesh_id << ", D" << n.chip_id << ")";
  }
};

} // namespace tt::tt_fabric

template <> struct fmt::formatter<tt::tt_fabric::MeshId> : formatter<uint32_t> {
  template <typename Ctx>
  auto format(const tt::tt_fabric::MeshId &id, Ctx &ctx) const {
    return formatter<uint32_t>::format(*id, ctx);
  }
};

template <> struct fmt::formatter<tt::tt_fabric::FabricNodeId> {
  constexpr auto parse(fmt::format_parse_context &ctx) { return ctx.begin(); }
  template <typename Ctx>
  auto format(const tt::tt_fabric::FabricNodeId &n, Ctx &ctx) const {
    return fmt::format_to(ctx.out(), "(M{}, D{})", *n.mesh_id, n.chip_id);
  }
};
