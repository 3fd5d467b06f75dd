// The emulator's entry points behind SFPI (sfpi.h) and the LLK SFPU call
// wrappers (sfpu_params.h): raw access to the DST tiles that SFPI vector
// code reads and writes. Definitions in runtime/lib/Compute/SfpiOps.cpp.
// Not part of the TT-Metalium API.
#pragma once

#include <cstdint>

namespace ttemu::compute {

/// DST tile `index` as 1024 face-order floats, for SFPI code; fails unless
/// math holds DST (tile_regs_acquire) and the index is in range.
float *sfpiTile(uint32_t index);
/// What SFPSTORE leaves in DST tile `index` for the fp32 lane value `v`
/// (truncated to a 16-bit DST's format, kept in an fp32 DST), and records
/// the tile as written.
float sfpiStore(uint32_t index, float v);
/// Charges one SFPU pass over DST tile `index` (one LLK sfpu params call).
/// True in timing-only mode, where the caller skips the vector code.
bool sfpiChargeTile(uint32_t index);

} // namespace ttemu::compute
