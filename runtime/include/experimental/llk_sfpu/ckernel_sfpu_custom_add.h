// ckernel::sfpu::my_add_tile_face, the SFPI face function of tt-metal's
// experimental LLK set that the custom_sfpi_add example calls through
// SFPU_BINARY_CALL_NO_TEMPLATE_ARGS: one face of DST tile out = in0 + in1.
#pragma once

#include <cstdint>

#include "sfpi.h"

namespace ckernel::sfpu {

inline void my_add_tile_face(uint32_t dst_index_in0, uint32_t dst_index_in1,
                             uint32_t dst_index_out) {
  // A tile is 32 SFPU vectors; the wrapper has based dst_reg at this face of
  // tile 0, so tile t's vector i of the face is dst_reg[32 t + i].
  for (uint32_t i = 0; i < 8; ++i) {
    sfpi::vFloat a = sfpi::dst_reg[dst_index_in0 * 32 + i];
    sfpi::vFloat b = sfpi::dst_reg[dst_index_in1 * 32 + i];
    sfpi::dst_reg[dst_index_out * 32 + i] = a + b;
  }
}

} // namespace ckernel::sfpu
