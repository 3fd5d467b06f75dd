// DST register file acquire/commit/wait/release (half-sync) and the older
// acquire_dst/release_dst pair.
#pragma once

#include "api/compute/common_globals.h"

namespace ckernel {

ALWI void tile_regs_acquire() { ttemu::compute::tileRegsAcquire(); }
ALWI void tile_regs_wait() { ttemu::compute::tileRegsWait(); }
ALWI void tile_regs_commit() { ttemu::compute::tileRegsCommit(); }
ALWI void tile_regs_release() { ttemu::compute::tileRegsRelease(); }

ALWI void acquire_dst() { ttemu::compute::acquireDst(); }
ALWI void release_dst() { ttemu::compute::releaseDst(); }

} // namespace ckernel
