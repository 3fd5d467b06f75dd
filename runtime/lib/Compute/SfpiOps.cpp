// SFPI support: DST access for vector code written against sfpi.h, with the
// same protocol checks, store rounding and cost as the built-in SFPU ops.
#include "Compute/ComputeState.h"
#include "api/compute/emu/sfpi_emu.h"

namespace ttemu::compute {

using namespace detail;

float *sfpiTile(uint32_t index) { return mathTile(index, "SFPI dst_reg"); }

float sfpiStore(uint32_t index, float v) {
  DataFormat fmt = dst().formats[index];
  // SFPSTORE into a 16-bit DST keeps the upper bits (as sfpuBinary's add).
  float stored = sfpuStore(v, fmt, num::Rounding::TowardZero);
  markWritten(index, fmt);
  return stored;
}

bool sfpiChargeTile(uint32_t index) {
  if (chargeOnlyDst(CostOp::SfpuTile, index, "SFPI"))
    return true;
  host().charge(CostOp::SfpuTile, dst().formats[index], 1);
  return false;
}

} // namespace ttemu::compute
