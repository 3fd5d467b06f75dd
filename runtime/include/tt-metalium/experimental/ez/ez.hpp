// tt-metal's experimental "ez" convenience layer (DeviceContext,
// ProgramBuilder), which its newest programming examples use; header-only
// here, on top of the emulated host API.
#pragma once

#include <tt-metalium/experimental/ez/device_context.hpp>
#include <tt-metalium/experimental/ez/program_builder.hpp>
