// The pipeline's options are typed (PipelineOptions.h): one parser per enum,
// so --tt-pipeline, a single pass, a legacy pipeline and a legacy alias pass
// take the same names and refuse any other with the same message.
//
// RUN: tilett-opt --tt-pipeline="arch=blackhole strategy=cyclic_2d k-block=4 block-factor=2x1 math-fidelity=LoFi math-approx=true" --dump-pass-pipeline %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=PIPE
// PIPE: tt-infer-layout{arch=blackhole block-factor=2x1 coarsen-grid=true core-grid= k-block=4}
// PIPE: tt-tiles-to-core-map{report-imbalance=false strategy=cyclic_2d}
// PIPE: tt-lower-tile-intrinsics{math-approx=true math-fidelity=LoFi}
//
// The legacy names forward the same typed values to the pass they stand for.
// RUN: tilett-opt --apply_tt_metadata_passes="arch=blackhole strategy=block_2d silence-deprecation=true" --dump-pass-pipeline %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LEGACY
// LEGACY: infer_default_tt_schedule{arch=blackhole block-factor= core-grid= k-block=8 math-approx=false math-fidelity=HiFi4 silence-deprecation=true strategy=block_2d}
// LEGACY: layout_aware_work_partition_tt{arch=blackhole block-factor= core-grid= k-block=8 math-approx=false math-fidelity=HiFi4 silence-deprecation=true strategy=block_2d}
//
// RUN: not tilett-opt --tt-pipeline="strategy=diagonal" %s 2>&1 | FileCheck %s --check-prefix=BAD-STRATEGY
// RUN: not tilett-opt --tt-tiles-to-core-map="strategy=diagonal" %s 2>&1 | FileCheck %s --check-prefix=BAD-STRATEGY
// RUN: not tilett-opt --apply_tt_transform_passes="strategy=diagonal" %s 2>&1 | FileCheck %s --check-prefix=BAD-STRATEGY
// RUN: not tilett-opt --tile_pad_tt="strategy=diagonal" %s 2>&1 | FileCheck %s --check-prefix=BAD-STRATEGY
// BAD-STRATEGY: error: invalid value 'diagonal' for option 'strategy'; expected one of: auto, contiguous, block_2d, owner_computes, cyclic_2d
//
// RUN: not tilett-opt --tt-pipeline="arch=grayskull" %s 2>&1 | FileCheck %s --check-prefix=BAD-ARCH
// RUN: not tilett-opt --infer_default_tt_schedule="arch=grayskull" %s 2>&1 | FileCheck %s --check-prefix=BAD-ARCH
// BAD-ARCH: error: invalid value 'grayskull' for option 'arch'; expected one of: wormhole_b0, blackhole
//
// RUN: not tilett-opt --tt-pipeline="block-factor=2" %s 2>&1 | FileCheck %s --check-prefix=BAD-FACTOR
// RUN: not tilett-opt --tt-infer-layout="block-factor=0x1" %s 2>&1 | FileCheck %s --check-prefix=BAD-FACTOR0
// RUN: not tilett-opt --infer_default_tt_schedule="block-factor=2y1" %s 2>&1 | FileCheck %s --check-prefix=BAD-FACTOR1
// BAD-FACTOR: error: invalid value '2' for option 'block-factor'; expected FxG, two positive integers
// BAD-FACTOR0: error: invalid value '0x1' for option 'block-factor'; expected FxG
// BAD-FACTOR1: error: invalid value '2y1' for option 'block-factor'; expected FxG

module {
}
