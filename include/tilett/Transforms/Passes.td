//===- Passes.td - The five tilett lowering passes ---------*- tablegen -*-===//
//
// InferTTLayout -> PropagateTTLayout -> TTTilesToCoreMap ->
// LowerTTTileIntrinsics -> GridToPersistentTT. Each pass verifies the
// metadata it consumes and the IR it produces; there is no separate verify
// pass.
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_TRANSFORMS_PASSES_TD
#define TILETT_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def InferTTLayout : Pass<"tt-infer-layout", "::mlir::ModuleOp"> {
  let summary = "Give every global buffer a layout and every kernel a core grid";
  let description = [{
    Upgrades legacy attributes, then gives every global buffer (kernel
    function argument) a `#tt.layout_desc` in `tt.layout_desc` — DRAM,
    interleaved, 32x32 tiles, padded to whole tiles — keeping user
    annotations, and sets `tt.arch` on the module and a default
    `tt.core_grid` / `tt.core_ranges` on each kernel. Rejects buffers no
    layout can hold (unsupported element type, rank 0).
  }];
  let options = [
    // Enum-typed: the values are the tt dialect's Arch names, parsed and
    // checked where the option is read (PipelineOptions.h).
    Option<"arch", "arch", "::mlir::tilett::tt::Arch",
           /*default=*/"::mlir::tilett::kDefaultArch",
           "Target architecture">,
    Option<"coreGrid", "core-grid", "std::string", /*default=*/"\"\"",
           "Worker grid GXxGY (default: the arch's full grid, clamped to the work)">,
    Option<"kBlock", "k-block", "int64_t",
           /*default=*/"::mlir::tilett::kDefaultKBlockTiles",
           "K tiles a pipelined GEMM loop step may cover once widened "
           "(WidenKSteps.h); 1 keeps each step as written">,
    Option<"coarsenGrid", "coarsen-grid", "bool", /*default=*/"true",
           "Run neighbouring blocks that share a load as one larger block "
           "per core where no core gets more work (CoarsenGrid.h); only "
           "when no core grid is given">,
    // Typed (PipelineOptions.h): FxG, parsed and refused where given.
    Option<"blockFactor", "block-factor", "::mlir::tilett::BlockFactor",
           /*default=*/"::mlir::tilett::BlockFactor{}",
           "Per-core block FxG: F x G TileLang blocks along the grid's "
           "first and second dimensions as one (1x1: the blocks as written; "
           "unset: CoarsenGrid's model chooses). Overrides coarsen-grid and "
           "applies under a given core grid; a factor the blocks cannot be "
           "grouped by is an error">
  ];
  let dependentDialects = ["::mlir::tilett::tt::TTDialect"];
}

def PropagateTTLayout : Pass<"tt-propagate-layout", "::mlir::ModuleOp"> {
  let summary = "Carry layouts to on-chip buffers and derive circular buffers";
  let description = [{
    Normalises user layout spellings, carries layouts from global buffers to
    the shared and fragment buffers they feed, derives `tt.cb_desc` (one
    circular buffer per block-local buffer, pages from the pipeline depth),
    and checks that operand dtypes and tile alignment agree and that the
    circular buffers fit in L1.
  }];
  let dependentDialects = ["::mlir::tilett::tt::TTDialect"];
}

def TTTilesToCoreMap : Pass<"tt-tiles-to-core-map", "::mlir::ModuleOp"> {
  let summary = "Split the output tile space over the core grid";
  let description = [{
    Enumerates the kernel's blocks (each one output tile window, padding
    included) and assigns them to cores as `tt.work_partition` work items,
    with the contiguous, 2-D block, owner-computes or cyclic 2-D strategy
    (`auto` picks cyclic 2-D when a row or column of blocks shares a load,
    so that the lowering can multicast it; contiguous otherwise). Narrows
    `tt.core_ranges` to the cores that get work and reports imbalance.
  }];
  let options = [
    Option<"strategy", "strategy", "::mlir::tilett::StrategyChoice",
           /*default=*/"::mlir::tilett::kDefaultStrategy",
           "Partition strategy (auto or a tt.partition_strategy)">,
    Option<"reportImbalance", "report-imbalance", "bool", /*default=*/"false",
           "Emit a remark with the work items per core (max/min)">
  ];
  let dependentDialects = ["::mlir::tilett::tt::TTDialect"];
}

// The tile-op options LowerTTTileIntrinsics and LowerTTTileOps share.
defvar computeChoiceOptions = [
  Option<"mathFidelity", "math-fidelity", "::mlir::tilett::tt::MathFidelity",
         /*default=*/"::mlir::tilett::kDefaultMathFidelityValue",
         "Multiplier fidelity of the compute kernels (HiFi4: the exact "
         "product)">,
  Option<"mathApprox", "math-approx", "bool", /*default=*/"false",
         "Approximate SFPU functions (math_approx_mode)">
];

def LowerTTTileIntrinsics : Pass<"tt-lower-tile-intrinsics", "::mlir::ModuleOp"> {
  let summary = "Lower tile operations to TT-Metalium tile intrinsics";
  let description = [{
    The fourth stage of the pipeline, itself a pipeline of passes with one
    job each, run in order on the module:

    1. `tt-lower-tile-ops`: tile ops to tile intrinsics in `tt.thread`
       regions, DST uses as `tt.dst_section`s;
    2. `tt-insert-dst-sync`: each section to the DST handoff
       (acquire/commit/wait/release);
    3. `tt-hoist-compute-inits`: `*_init` calls out of loops, repeats
       dropped.

    Its options are those of `tt-lower-tile-ops`.
  }];
  let options = computeChoiceOptions;
  let dependentDialects = [
    "::mlir::tilett::tt::TTDialect", "::mlir::scf::SCFDialect",
    "::mlir::arith::ArithDialect"
  ];
}

def LowerTTTileOps : Pass<"tt-lower-tile-ops", "::mlir::ModuleOp"> {
  let summary = "Lower tile operations to tile intrinsics and DST sections";
  let description = [{
    Rewrites `tl.copy`, `tl.gemm`, `tl.clear`, `tl.fill`, `tl.parallel` and
    `tl.reduce` into `tt.thread` regions of tile intrinsics: NOC tile reads and
    writes, circular-buffer handshakes, matmul_tiles, binary and SFPU ops,
    pack_tile; every use of DST is a `tt.dst_section` of at most a DST
    half's tiles (sub-blocking). Records `tt.compute_config` on the kernel
    function: fp32_dest_acc_en from the dtypes, math_fidelity and
    math_approx_mode from the function's own `tt.compute_config` when it
    names them (the user's annotation wins), else from the options.
  }];
  let options = computeChoiceOptions;
  let dependentDialects = [
    "::mlir::tilett::tt::TTDialect", "::mlir::scf::SCFDialect",
    "::mlir::arith::ArithDialect"
  ];
}

def InsertDstSync : Pass<"tt-insert-dst-sync", "::mlir::ModuleOp"> {
  let summary = "Turn DST sections into the math/pack handoff of DST";
  let description = [{
    Replaces each `tt.dst_section` by tile_regs_acquire, its math region,
    tile_regs_commit, tile_regs_wait, its pack region and
    tile_regs_release. A section needing more tiles than a DST half holds
    (8; 4 when the kernel's `tt.compute_config` has fp32_dest_acc_en) is an
    error: the packer would read tiles the next section is overwriting.
  }];
  let dependentDialects = ["::mlir::tilett::tt::TTDialect"];
}

def HoistComputeInits : Pass<"tt-hoist-compute-inits", "::mlir::ModuleOp"> {
  let summary = "Hoist *_init calls out of loops and drop repeated ones";
  let description = [{
    An init only sets configuration, so one init of a kind holds until the
    next init of that kind: in compute threads, an init repeated with no
    other init of its kind in between is dropped, and a loop whose body
    holds only one init of a kind, repeated, gets it once before the loop.
    Ops that configure unpack and math together (reduce, matmul, FPU binary
    ops, init_sfpu) end what is known.
  }];
}

def GridToPersistentTT : Pass<"tt-grid-to-persistent", "::mlir::ModuleOp"> {
  let summary = "Turn the block grid into persistent reader/compute/writer kernels";
  let description = [{
    Replaces each `tl.kernel` launch by three persistent kernel functions
    (reader, compute, writer) that loop over the core's work items, read
    from runtime arguments; lowers shared/fragment buffers to circular
    buffers; records kernel and runtime-argument metadata for the plan.
  }];
  let dependentDialects = [
    "::mlir::tilett::tt::TTDialect", "::mlir::scf::SCFDialect",
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect"
  ];
}

#endif // TILETT_TRANSFORMS_PASSES_TD
