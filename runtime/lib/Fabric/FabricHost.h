// Host-side fabric state shared with the mesh (FabricHost.cpp).
#pragma once

#include <cstdint>

#include <tt-metalium/base_types.hpp>
#include <tt-metalium/experimental/fabric/fabric_types.hpp>

namespace ttemu {

/// Whether `c` wraps rows and columns around (FABRIC_1D_RING, tori).
bool fabricRing(tt::tt_fabric::FabricConfig c);
/// Records the mesh FabricNodeIds name (MeshDevice::create with fabric).
void registerFabricMesh(uint32_t rows, uint32_t cols, tt::ARCH arch);
/// Links between two neighbouring chips that kernels may use.
uint32_t fabricLinksBetweenNeighbours(uint32_t rows, uint32_t cols);

} // namespace ttemu
