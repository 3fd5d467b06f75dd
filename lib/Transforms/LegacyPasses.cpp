//===- LegacyPasses.cpp - The original backend's pass names ---------------===//
//
// Each legacy name is a module pass that warns once that the name is
// deprecated and runs the tilett pass it stands for as a dynamic pipeline.
// Several legacy names stand for one pass (`layout_aware_work_partition_tt`,
// `tile_pad_tt` -> TTTilesToCoreMap); in a legacy sequence the second one
// must change nothing, so every alias records the pass it ran in the module
// attribute `tt.legacy_passes_run` and skips a pass already recorded there.
// `verify_tt_ir`, the last step of every legacy sequence, removes the
// record, so the legacy sequence and the pipeline print the same IR.
//
//===----------------------------------------------------------------------===//

#include "tilett/Transforms/LegacyPasses.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTAttrs.h"
#include "tilett/Dialect/TT/IR/TTOps.h"
#include "tilett/Transforms/LegacyAttributes.h"
#include "tilett/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/TypeID.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::tilett;
using tt::TTDialect;

namespace {

/// Module attribute listing the passes legacy aliases have run.
constexpr StringLiteral kLegacyRunAttrName = "tt.legacy_passes_run";

const LegacyPassInfo kLegacyPasses[] = {
    {"infer_default_tt_schedule", LegacyTarget::InferTTLayout, "InferTTLayout",
     "tt-infer-layout"},
    {"infer_default_tt_shard", LegacyTarget::PropagateTTLayout,
     "PropagateTTLayout", "tt-propagate-layout"},
    {"layout_aware_work_partition_tt", LegacyTarget::TTTilesToCoreMap,
     "TTTilesToCoreMap", "tt-tiles-to-core-map"},
    {"tt_tiles_to_core_map", LegacyTarget::TTTilesToCoreMap, "TTTilesToCoreMap",
     "tt-tiles-to-core-map"},
    {"tile_pad_tt", LegacyTarget::TTTilesToCoreMap, "TTTilesToCoreMap",
     "tt-tiles-to-core-map"},
    {"lower_gemm_to_tt_intrinsics", LegacyTarget::LowerTTTileIntrinsics,
     "LowerTTTileIntrinsics", "tt-lower-tile-intrinsics"},
    {"grid_to_persistent_tt", LegacyTarget::GridToPersistentTT,
     "GridToPersistentTT", "tt-grid-to-persistent"},
    {"memory_space_lower_tt", LegacyTarget::GridToPersistentTT,
     "GridToPersistentTT", "tt-grid-to-persistent"},
    {"verify_tt_ir", LegacyTarget::Verify, "the verifiers", ""},
};
constexpr size_t kNumLegacyPasses = std::size(kLegacyPasses);

/// `apply_tt_defaults` is registered as a pipeline, but it is one alias pass
/// (for InferTTLayout) inside it.
const LegacyPassInfo kApplyDefaults = {"apply_tt_defaults",
                                       LegacyTarget::InferTTLayout,
                                       "InferTTLayout", "tt-infer-layout"};

const StringRef kLegacyPipelines[] = {"apply_tt_defaults",
                                      "apply_tt_metadata_passes",
                                      "apply_tt_transform_passes"};

bool envIsOneOf(const char *name, std::initializer_list<StringRef> values) {
  const char *raw = std::getenv(name);
  if (!raw)
    return false;
  std::string lower = StringRef(raw).trim().lower();
  return llvm::is_contained(values, StringRef(lower));
}

/// A distinct pass TypeID per alias: the pass registry keys passes by it.
TypeID getAliasTypeID(const LegacyPassInfo &info) {
  static SelfOwningTypeID ids[kNumLegacyPasses + 1];
  if (&info == &kApplyDefaults)
    return ids[kNumLegacyPasses];
  return ids[&info - kLegacyPasses];
}

//===----------------------------------------------------------------------===//
// verify_tt_ir
//===----------------------------------------------------------------------===//

/// The checks of `verify_tt_ir`: the IR and attribute verifiers, then the
/// cross-attribute facts no single attribute verifier can see.
LogicalResult verifyTTModule(ModuleOp module) {
  if (failed(verify(module)))
    return failure();
  ArrayRef<StringRef> legacyNames = getLegacyAttributeNames();
  WalkResult result = module.walk([&](func::FuncOp func) {
    for (NamedAttribute attr : func->getAttrs()) {
      StringRef name = attr.getName().getValue();
      bool legacy =
          llvm::is_contained(legacyNames, name) ||
          (name.starts_with("tt_buffer_") && name.ends_with("_layout"));
      // `tt.runtime_args` stays when it is not a legacy schedule.
      if (name == "tt.runtime_args")
        legacy =
            isa<DictionaryAttr>(attr.getValue()) &&
            cast<DictionaryAttr>(attr.getValue()).contains("core_assignments");
      if (legacy) {
        func.emitOpError() << "expected no legacy attributes after "
                              "infer_default_tt_schedule (tt-infer-layout) "
                              "but found '"
                           << name << "'";
        return WalkResult::interrupt();
      }
    }
    auto ranges =
        func->getAttrOfType<ArrayAttr>(TTDialect::kCoreRangesAttrName);
    if (ranges) {
      for (auto [i, a] : llvm::enumerate(ranges))
        for (Attribute b : ranges.getValue().drop_front(i + 1)) {
          auto ra = cast<tt::CoreRangeAttr>(a), rb = cast<tt::CoreRangeAttr>(b);
          bool overlap = ra.getSx() < rb.getSx() + rb.getEx() &&
                         rb.getSx() < ra.getSx() + ra.getEx() &&
                         ra.getSy() < rb.getSy() + rb.getEy() &&
                         rb.getSy() < ra.getSy() + ra.getEy();
          if (overlap) {
            func.emitOpError() << "expected disjoint core ranges but " << ra
                               << " overlaps " << rb;
            return WalkResult::interrupt();
          }
        }
    }
    auto partition =
        func->getAttrOfType<DictionaryAttr>(TTDialect::kWorkPartitionAttrName);
    if (!partition)
      return WalkResult::advance();
    int64_t numItems = 0;
    for (NamedAttribute entry : partition) {
      auto core = tt::parseCoreKey(entry.getName().getValue());
      if (ranges && core && llvm::none_of(ranges, [&](Attribute r) {
            return cast<tt::CoreRangeAttr>(r).contains(core->first,
                                                       core->second);
          })) {
        func.emitOpError() << "expected every core of tt.work_partition "
                              "inside tt.core_ranges but core "
                           << entry.getName().getValue() << " is not";
        return WalkResult::interrupt();
      }
      numItems += cast<ArrayAttr>(entry.getValue()).size();
    }
    tl::KernelOp kernel;
    func.walk([&](tl::KernelOp op) { kernel = op; });
    if (kernel && numItems != kernel.getNumBlocks()) {
      func.emitOpError() << "expected one work item per block ("
                         << kernel.getNumBlocks()
                         << ") in tt.work_partition but got " << numItems;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

//===----------------------------------------------------------------------===//
// The alias pass
//===----------------------------------------------------------------------===//

class LegacyAliasPass : public OperationPass<ModuleOp>,
                        public PipelineOptionList<PassOption> {
public:
  explicit LegacyAliasPass(const LegacyPassInfo &info)
      : OperationPass<ModuleOp>(getAliasTypeID(info)),
        PipelineOptionList(static_cast<Pass &>(*this)), info(info),
        description(("Deprecated alias of " + info.newName +
                     (info.newFlag.empty() ? "" : " (--" + info.newFlag + ")") +
                     " from the original TileLang-TT backend")
                        .str()) {}
  // Pass::clone copies the option values after this.
  LegacyAliasPass(const LegacyAliasPass &other)
      : OperationPass<ModuleOp>(other),
        PipelineOptionList(static_cast<Pass &>(*this)), info(other.info),
        description(other.description) {}

  StringRef getName() const override { return info.legacyName; }
  StringRef getArgument() const override { return info.legacyName; }
  StringRef getDescription() const override { return description; }

  std::unique_ptr<Pass> clonePass() const override {
    return std::make_unique<LegacyAliasPass>(*this);
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    if (std::unique_ptr<Pass> pass = createTarget())
      pass->getDependentDialects(registry);
  }

  void runOnOperation() final {
    ModuleOp module = getOperation();
    if (!silence && !isDeprecationSilenced())
      emitWarning(module.getLoc())
          << "'" << info.legacyName << "' is deprecated, use "
          << (info.newFlag.empty() ? info.newName
                                   : ("'--" + info.newFlag + "'").str())
          << "; legacy names are removed in tilett 0.3";

    if (info.target == LegacyTarget::Verify) {
      if (failed(verifyTTModule(module)))
        return signalPassFailure();
      // The end of a legacy sequence: drop its bookkeeping.
      module->removeAttr(kLegacyRunAttrName);
      return;
    }

    // A pass an earlier alias already ran: this alias has nothing to do.
    auto ran = module->getAttrOfType<ArrayAttr>(kLegacyRunAttrName);
    StringAttr marker = StringAttr::get(&getContext(), info.newName);
    if (ran && llvm::is_contained(ran.getValue(), marker))
      return markAllAnalysesPreserved();

    OpPassManager pm(ModuleOp::getOperationName());
    pm.addPass(createTarget());
    if (failed(runPipeline(pm, module)))
      return signalPassFailure();

    SmallVector<Attribute> record;
    if (auto now = module->getAttrOfType<ArrayAttr>(kLegacyRunAttrName))
      llvm::append_range(record, now.getValue());
    record.push_back(marker);
    module->setAttr(kLegacyRunAttrName, ArrayAttr::get(&getContext(), record));
  }

  Option<bool> silence{
      *this, "silence-deprecation",
      llvm::cl::desc("Do not warn that the name is deprecated"),
      llvm::cl::init(false)};
private:
  std::unique_ptr<Pass> createTarget() const {
    switch (info.target) {
    case LegacyTarget::InferTTLayout: {
      InferTTLayoutOptions layout;
      layout.arch = arch;
      layout.coreGrid = coreGrid;
      layout.kBlock = kBlock;
      layout.blockFactor = blockFactor;
      return createInferTTLayout(layout);
    }
    case LegacyTarget::PropagateTTLayout:
      return createPropagateTTLayout();
    case LegacyTarget::TTTilesToCoreMap:
      return createTTTilesToCoreMap(TTTilesToCoreMapOptions{strategy});
    case LegacyTarget::LowerTTTileIntrinsics:
      return createLowerTTTileIntrinsics(
          LowerTTTileIntrinsicsOptions{mathFidelity, mathApprox});
    case LegacyTarget::GridToPersistentTT:
      return createGridToPersistentTT();
    case LegacyTarget::Verify:
      return nullptr;
    }
    llvm_unreachable("unknown legacy target");
  }

  const LegacyPassInfo &info;
  std::string description;
};

const LegacyPassInfo *lookup(StringRef name) {
  if (name == kApplyDefaults.legacyName)
    return &kApplyDefaults;
  for (const LegacyPassInfo &info : kLegacyPasses)
    if (info.legacyName == name)
      return &info;
  return nullptr;
}

/// Options of the legacy pipelines: the pipeline's, plus silencing.
struct LegacyPipelineOptions
    : public PassPipelineOptions<LegacyPipelineOptions>,
      public PipelineOptionList<StructOption> {
  LegacyPipelineOptions()
      : PipelineOptionList(static_cast<detail::PassOptions &>(*this)) {}
  Option<bool> silence{
      *this, "silence-deprecation",
      llvm::cl::desc("Do not warn that the name is deprecated"),
      llvm::cl::init(false)};
};

/// Appends the alias passes `names`, forwarding the pipeline options.
void addAliases(OpPassManager &pm, ArrayRef<StringRef> names,
                const TTPipelineOptions &options, bool silence) {
  for (StringRef name : names)
    pm.addPass(createLegacyAliasPass(name, options, silence));
}

/// A grouped entry point: one deprecation note for the group, then its
/// aliases, silenced.
void buildGroup(OpPassManager &pm, StringRef group, ArrayRef<StringRef> names,
                const LegacyPipelineOptions &options) {
  TTPipelineOptions pipelineOptions;
  pipelineOptions.copyPipelineOptions(options);
  if (!options.silence && !isDeprecationSilenced())
    llvm::errs() << "warning: '" << group
                 << "' is deprecated, use '--tt-pipeline'; legacy names are "
                    "removed in tilett 0.3\n";
  addAliases(pm, names, pipelineOptions, /*silence=*/true);
}

} // namespace

ArrayRef<LegacyPassInfo> mlir::tilett::getLegacyPassTable() {
  return kLegacyPasses;
}

ArrayRef<StringRef> mlir::tilett::getLegacyPipelineNames() {
  return kLegacyPipelines;
}

std::unique_ptr<Pass> mlir::tilett::createLegacyAliasPass(
    StringRef legacyName, const TTPipelineOptions &options, bool silence) {
  const LegacyPassInfo *info = lookup(legacyName);
  if (!info)
    return nullptr;
  auto pass = std::make_unique<LegacyAliasPass>(*info);
  pass->copyPipelineOptions(options);
  pass->silence = silence;
  return pass;
}

void mlir::tilett::buildLegacyTTSequence(OpPassManager &pm,
                                         const TTPipelineOptions &options,
                                         bool silence) {
  addAliases(pm,
             {"apply_tt_defaults", "infer_default_tt_schedule",
              "infer_default_tt_shard", "layout_aware_work_partition_tt",
              "tile_pad_tt", "lower_gemm_to_tt_intrinsics",
              "grid_to_persistent_tt", "memory_space_lower_tt", "verify_tt_ir"},
             options, silence);
}

bool mlir::tilett::useNewPipeline() {
  return !envIsOneOf("TT_USE_NEW_PIPELINE", {"0", "false"});
}

bool mlir::tilett::isDeprecationSilenced() {
  return envIsOneOf("TT_SILENCE_DEPRECATION", {"1", "true"});
}

void mlir::tilett::buildSelectedPipeline(OpPassManager &pm,
                                         const TTPipelineOptions &options) {
  if (useNewPipeline())
    return buildTTPipeline(pm, options);
  if (!isDeprecationSilenced())
    llvm::errs() << "warning: TT_USE_NEW_PIPELINE=0 selects the deprecated "
                    "legacy pass sequence; it is removed in tilett 0.3\n";
  buildLegacyTTSequence(pm, options, /*silence=*/true);
}

void mlir::tilett::registerLegacyPasses() {
  for (const LegacyPassInfo &info : kLegacyPasses) {
    StringRef name = info.legacyName;
    registerPass(
        [name]() { return createLegacyAliasPass(name, TTPipelineOptions()); });
  }

  PassPipelineRegistration<LegacyPipelineOptions>(
      "apply_tt_defaults",
      "Deprecated: the original backend's defaults (runs InferTTLayout)",
      [](OpPassManager &pm, const LegacyPipelineOptions &options) {
        buildGroup(pm, "apply_tt_defaults", {"apply_tt_defaults"}, options);
      });
  PassPipelineRegistration<LegacyPipelineOptions>(
      "apply_tt_metadata_passes",
      "Deprecated: InferTTLayout, PropagateTTLayout, TTTilesToCoreMap",
      [](OpPassManager &pm, const LegacyPipelineOptions &options) {
        buildGroup(pm, "apply_tt_metadata_passes",
                   {"infer_default_tt_schedule", "infer_default_tt_shard",
                    "layout_aware_work_partition_tt"},
                   options);
      });
  PassPipelineRegistration<LegacyPipelineOptions>(
      "apply_tt_transform_passes",
      "Deprecated: the whole pipeline (five passes, then verify_tt_ir)",
      [](OpPassManager &pm, const LegacyPipelineOptions &options) {
        buildGroup(pm, "apply_tt_transform_passes",
                   {"infer_default_tt_schedule", "infer_default_tt_shard",
                    "layout_aware_work_partition_tt",
                    "lower_gemm_to_tt_intrinsics", "grid_to_persistent_tt",
                    "verify_tt_ir"},
                   options);
      });
}
