// Kernels may dereference an L1 address the host handed them (an L1
// buffer's address() is a device address, not a host pointer); this makes
// such accesses reach the running core's L1.
#pragma once

#include <cstdint>

namespace ttemu {

class DeviceState;

/// Reserves the window of device L1 addresses and installs the fault
/// handlers, once per process; a no-op where unsupported.
void installL1Window();

/// A kernel thread of core (x, y) of `dev` starts / ends running kernel code
/// (so that raw L1 accesses of other cores can park it).
void enterKernelThread(const DeviceState &dev, uint32_t x, uint32_t y);
void leaveKernelThread();
/// The calling kernel thread stops running kernel code until resume (it
/// waits for its turn): raw L1 accesses of other cores need not park it.
void suspendKernelThread();
void resumeKernelThread();

} // namespace ttemu
