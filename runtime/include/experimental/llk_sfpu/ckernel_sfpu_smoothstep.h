// ckernel::sfpu::smoothstep_tile_face, the SFPI face function of tt-metal's
// experimental LLK set that the custom_sfpi_smoothstep example calls through
// SFPU_UNARY_CALL_NO_TEMPLATE_ARGS: per element of one face,
// t = clamp((x - edge0) * inv_delta, 0, 1), x = t^2 (3 - 2t).
#pragma once

#include <cstdint>

#include "sfpi.h"

namespace ckernel::sfpu {

inline void smoothstep_tile_face(float edge0, [[maybe_unused]] float edge1,
                                 float inv_delta) {
  for (uint32_t i = 0; i < 8; ++i) {
    sfpi::vFloat x = sfpi::dst_reg[i];
    sfpi::vFloat t = (x - edge0) * inv_delta;
    v_if(t < sfpi::vConst0) { t = sfpi::vConst0; }
    v_elseif(t > sfpi::vConst1) { t = sfpi::vConst1; }
    v_endif;
    sfpi::dst_reg[i] = t * t * (3.0f - 2.0f * t);
  }
}

} // namespace ckernel::sfpu
