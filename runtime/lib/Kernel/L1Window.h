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
/// (so that raw L1 accesses of other cores can park it). With fibers the
/// host thread that runs them is the kernel thread.
void enterKernelThread(const DeviceState &dev, uint32_t x, uint32_t y);
void leaveKernelThread();
/// The calling kernel thread stops running kernel code until resume (it
/// waits for its turn, or switches fibers): raw L1 accesses of other cores
/// need not park it. It resumes for core (x, y) of `dev`, which with fibers
/// is the core of the fiber it switched to.
void suspendKernelThread();
void resumeKernelThread(const DeviceState &dev, uint32_t x, uint32_t y);

} // namespace ttemu
