// Kernel-side ASSERT (tt-metal's api/debug/assert.h).
//
// On the device an ASSERT only trips when the watcher is compiled in; a
// kernel that asserts something false has a bug either way, so the emulator
// always checks and stops the run with the condition's text, naming core,
// processor and kernel (ttemu::fail). Extra arguments (tt-metal's assert
// type) are accepted and ignored.
#pragma once

#include "ttemu/kernel_context.h"

#ifndef ASSERT
#define ASSERT(condition, ...)                                                 \
  do {                                                                         \
    if (!(condition))                                                          \
      ::ttemu::fail("ASSERT(" #condition ") failed in " __FILE__);             \
  } while (0)
#endif
