// RUN: not tilett-opt --tt-infer-layout="core-grid=8by8" %S/Inputs/kernels.mlir 2>&1 | FileCheck %s --check-prefix=BADGRID
// RUN: not tilett-opt --tt-infer-layout="core-grid=9x8" %S/Inputs/kernels.mlir 2>&1 | FileCheck %s --check-prefix=BIGGRID
// RUN: not tilett-opt --tt-infer-layout="arch=grayskull" %S/Inputs/kernels.mlir 2>&1 | FileCheck %s --check-prefix=BADARCH
// RUN: not tilett-opt --tt-infer-layout="arch=blackhole" %s 2>&1 | FileCheck %s --check-prefix=CONFLICT
// RUN: tilett-opt --tt-infer-layout="arch=wormhole_b0" %s | FileCheck %s --check-prefix=SAME

// BADGRID: error: invalid core-grid '8by8': expected GXxGY with two positive integers, e.g. 8x8
// BIGGRID: error: core-grid 9x8 exceeds the wormhole_b0 worker grid 8x8
// BADARCH: error: invalid value 'grayskull' for option 'arch'; expected one of: wormhole_b0, blackhole
// CONFLICT: error: module has tt.arch wormhole_b0 but the arch option asks for blackhole
// SAME: module attributes {tt.arch = #tt.arch<wormhole_b0>}

module attributes {tt.arch = #tt.arch<wormhole_b0>} {
}
