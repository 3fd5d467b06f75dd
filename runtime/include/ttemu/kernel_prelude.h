// Included ahead of every kernel source by the JIT, as tt-metal's firmware
// wrappers include the kernel API ahead of the kernel.
#pragma once

#include <ttemu/kernel_api_common.h>
#include <api/debug/dprint.h>
#include <tools/profiler/kernel_profiler.hpp>

// A compute kernel is compiled once, as the MATH TRISC's copy: SFPI code
// sits under #ifdef TRISC_MATH (api/compute/emu/sfpu_params.h).
#if defined(COMPILE_FOR_TRISC) && !defined(TRISC_MATH)
#define TRISC_MATH 1
#endif

#if defined(COMPILE_FOR_BRISC) || defined(COMPILE_FOR_NCRISC)
#include <api/dataflow/dataflow_api.h>
#endif

// Compute kernels written as `namespace NAMESPACE { void MAIN { ... } }`
// land in an inline namespace, so both that form and a plain
// `void kernel_main()` are reachable as ::kernel_main().
#ifndef NAMESPACE
#define NAMESPACE ttemu_kernel_ns
#endif
#ifndef MAIN
#define MAIN kernel_main()
#endif
inline namespace ttemu_kernel_ns {}
#if defined(__clang__)
#pragma clang diagnostic ignored "-Winline-namespace-reopened-noninline"
#endif
