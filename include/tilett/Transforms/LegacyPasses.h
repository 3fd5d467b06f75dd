//===- LegacyPasses.h - The original backend's pass names ------*- C++ -*-===//
//
// Users of the original TileLang-TT backend call its passes by their Python
// names (`infer_default_tt_schedule`, `tile_pad_tt`, ...) and its grouped
// entry points (`apply_tt_defaults`, ...). These are registered here as
// deprecated aliases that run tilett's five passes, and
// `buildSelectedPipeline` picks between the pipeline and the legacy
// sequence from `TT_USE_NEW_PIPELINE`.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TRANSFORMS_LEGACYPASSES_H
#define TILETT_TRANSFORMS_LEGACYPASSES_H

#include "tilett/Transforms/Pipeline.h"

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <memory>

namespace mlir::tilett {

/// What a legacy pass name runs.
enum class LegacyTarget {
  InferTTLayout,
  PropagateTTLayout,
  TTTilesToCoreMap,
  LowerTTTileIntrinsics,
  GridToPersistentTT,
  Verify,
};

/// One legacy pass name and the pass it stands for.
struct LegacyPassInfo {
  StringRef legacyName;
  LegacyTarget target;
  /// The new pass's name and flag, for messages and docs.
  StringRef newName;
  StringRef newFlag;
};

/// Every legacy pass alias registered with `tilett-opt` (in order of the
/// original pipeline).
ArrayRef<LegacyPassInfo> getLegacyPassTable();
/// The legacy grouped entry points, registered as pipelines.
ArrayRef<StringRef> getLegacyPipelineNames();

/// Creates the alias pass for `legacyName` (a pass name or
/// `apply_tt_defaults`), forwarding the pipeline options; nullptr if the
/// name is unknown. With `silence`, it emits no deprecation warning.
std::unique_ptr<Pass> createLegacyAliasPass(StringRef legacyName,
                                            const TTPipelineOptions &options,
                                            bool silence = false);

/// Appends the original backend's pass sequence: apply defaults, infer
/// schedule, infer shard, work partition, tile pad, lower gemm, grid to
/// persistent, memory space lower, verify. It produces the same IR as
/// `buildTTPipeline`.
void buildLegacyTTSequence(OpPassManager &pm, const TTPipelineOptions &options,
                           bool silence = false);

/// False only when `TT_USE_NEW_PIPELINE` is "0" or "false" (any case).
bool useNewPipeline();
/// True when `TT_SILENCE_DEPRECATION` is "1" or "true" (any case).
bool isDeprecationSilenced();

/// Appends `buildTTPipeline` or, when `TT_USE_NEW_PIPELINE` selects it,
/// the legacy sequence (with one deprecation note on stderr).
void buildSelectedPipeline(OpPassManager &pm, const TTPipelineOptions &options);

/// Registers the legacy pass aliases and pipelines.
void registerLegacyPasses();

} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_LEGACYPASSES_H
