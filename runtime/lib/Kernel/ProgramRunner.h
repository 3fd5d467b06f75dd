// Runs one program on one device: lays out L1, starts one thread per
// kernel per core, waits under a watchdog, and reports.
#pragma once

#include "Device/DeviceState.h"
#include "Host/ProgramState.h"

namespace ttemu {

/// Runs `program` to completion. Throws std::runtime_error (after printing
/// it) on misuse, deadlock or timeout.
void runProgram(DeviceState &dev, ProgramState &program);

/// Compiles every kernel of `program` (JIT cache), without running it.
void compileProgram(DeviceState &dev, ProgramState &program);

} // namespace ttemu
