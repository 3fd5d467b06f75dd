// The legacy pass names, in the original backend's order, give exactly the
// pipeline's IR: second aliases of a pass that already ran are no-ops.
// RUN: tilett-opt --tt-pipeline %S/Inputs/kernels.mlir > %t.new
// RUN: env TT_SILENCE_DEPRECATION=1 tilett-opt --apply_tt_defaults --infer_default_tt_schedule --infer_default_tt_shard --layout_aware_work_partition_tt --tile_pad_tt --lower_gemm_to_tt_intrinsics --grid_to_persistent_tt --memory_space_lower_tt --verify_tt_ir %S/Inputs/kernels.mlir > %t.legacy
// RUN: diff %t.new %t.legacy
// RUN: env TT_SILENCE_DEPRECATION=1 tilett-opt --apply_tt_transform_passes %S/Inputs/kernels.mlir | diff %t.new -
// RUN: env TT_SILENCE_DEPRECATION=1 tilett-opt --apply_tt_metadata_passes --tt_tiles_to_core_map --tile_pad_tt --lower_gemm_to_tt_intrinsics --memory_space_lower_tt --grid_to_persistent_tt --verify_tt_ir %S/Inputs/kernels.mlir | diff %t.new -

// The first three passes, by their grouped legacy name.
// RUN: tilett-opt --tt-infer-layout --tt-propagate-layout --tt-tiles-to-core-map %S/Inputs/kernels.mlir > %t.meta.new
// RUN: tilett-opt --apply_tt_metadata_passes="silence-deprecation=true" --verify_tt_ir="silence-deprecation=true" %S/Inputs/kernels.mlir | diff %t.meta.new -

// Pass options are forwarded.
// RUN: tilett-opt --tt-infer-layout="core-grid=1x1" %S/Inputs/kernels.mlir > %t.grid.new
// RUN: env TT_SILENCE_DEPRECATION=1 tilett-opt --infer_default_tt_schedule="core-grid=1x1" --verify_tt_ir %S/Inputs/kernels.mlir | diff %t.grid.new -

// The record of which passes legacy aliases ran stays until verify_tt_ir.
// RUN: env TT_SILENCE_DEPRECATION=1 tilett-opt --apply_tt_metadata_passes %S/Inputs/kernels.mlir 2>&1 | FileCheck %s --check-prefix=RECORD
// RECORD: tt.legacy_passes_run = ["InferTTLayout", "PropagateTTLayout", "TTTilesToCoreMap"]

// Every grouped entry point warns once unless silenced.
// RUN: tilett-opt --apply_tt_defaults %S/Inputs/kernels.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=GROUP
// RUN: env TT_SILENCE_DEPRECATION=1 tilett-opt --apply_tt_defaults %S/Inputs/kernels.mlir -o /dev/null 2>&1 | count 0
// GROUP: warning: 'apply_tt_defaults' is deprecated, use '--tt-pipeline'; legacy names are removed in tilett 0.3
// GROUP-NOT: warning
