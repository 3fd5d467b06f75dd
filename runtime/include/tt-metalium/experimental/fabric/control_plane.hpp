// tt-fabric's control plane: which chips are linked, as the host asks it.
// The emulator's fabric is the mesh's own topology (docs/MESH.md); this
// header is what examples include.
#pragma once

#include <tt-metalium/experimental/fabric/fabric.hpp>
