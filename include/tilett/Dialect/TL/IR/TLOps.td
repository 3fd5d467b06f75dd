//===- TLOps.td - TileLang-level operations ----------------*- tablegen -*-===//

#ifndef TILETT_DIALECT_TL_IR_TLOPS_TD
#define TILETT_DIALECT_TL_IR_TLOPS_TD

include "tilett/Dialect/TL/IR/TLBase.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Launch and loops
//===----------------------------------------------------------------------===//

def TL_KernelOp : TL_Op<"kernel", [SingleBlock, NoTerminator,
    RecursiveMemoryEffects]> {
  let summary = "launch of a tile program over a grid of blocks (T.Kernel)";
  let description = [{
    Runs its body once per block of a 1-D, 2-D or 3-D grid. The body's block
    arguments are the block indices (`bx`, `by`, `bz`), of `index` type, one
    per grid dimension. `threads` is the GPU thread count the script asked
    for; it has no meaning on Tenstorrent and is kept only for round trips.

    ```mlir
    tl.kernel grid [8, 8] threads 128 (%bx, %by) {
      ...
    }
    ```
  }];
  let arguments = (ins DenseI64ArrayAttr:$grid,
                       OptionalAttr<I64Attr>:$threads);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let builders = [
    OpBuilder<(ins "::llvm::ArrayRef<int64_t>":$grid,
                   CArg<"std::optional<int64_t>", "std::nullopt">:$threads)>
  ];
  let extraClassDeclaration = [{
    /// Block index values, one per grid dimension.
    ::mlir::Block::BlockArgListType getBlockIndices() {
      return getBody().front().getArguments();
    }
    int64_t getNumBlocks() {
      int64_t n = 1;
      for (int64_t g : getGrid()) n *= g;
      return n;
    }
  }];
}

def TL_PipelinedOp : TL_Op<"pipelined", [SingleBlock, NoTerminator,
    RecursiveMemoryEffects]> {
  let summary = "software-pipelined loop over a constant range (T.Pipelined)";
  let description = [{
    A sequential loop `for %iv = lower; %iv < upper; %iv += step` whose
    global-to-local copies may run `num_stages` iterations ahead of the
    compute that consumes them. On Tenstorrent the stage count becomes the
    number of pages of the circular buffers those copies fill.

    ```mlir
    tl.pipelined %k = 0 to 32 step 1 stages 3 {
      ...
    }
    ```
  }];
  let arguments = (ins I64Attr:$lower, I64Attr:$upper, I64Attr:$step,
                       I64Attr:$num_stages);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let builders = [
    OpBuilder<(ins "int64_t":$lower, "int64_t":$upper, "int64_t":$step,
                   "int64_t":$numStages)>
  ];
  let extraClassDeclaration = [{
    ::mlir::Value getInductionVar() { return getBody().front().getArgument(0); }
    int64_t getTripCount() {
      int64_t s = getStep();
      return (getUpper() - getLower() + s - 1) / s;
    }
  }];
}

def TL_ParallelOp : TL_Op<"parallel", [SingleBlock, NoTerminator,
    RecursiveMemoryEffects]> {
  let summary = "element-wise loop nest over a fragment (T.Parallel)";
  let description = [{
    Runs its body for every point of a static iteration space; the body's
    block arguments are the indices. The body reads and writes block-local
    buffers with `memref.load` / `memref.store` and computes with `arith` and
    `math` ops; iterations are independent.

    ```mlir
    tl.parallel (%i, %j) in [128, 128] {
      %v = memref.load %acc[%i, %j] : memref<128x128xf32, #tl.memory_space<fragment>>
      ...
    }
    ```
  }];
  let arguments = (ins DenseI64ArrayAttr:$extents);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let builders = [OpBuilder<(ins "::llvm::ArrayRef<int64_t>":$extents)>];
  let extraClassDeclaration = [{
    ::mlir::Block::BlockArgListType getIndices() {
      return getBody().front().getArguments();
    }
  }];
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

class TL_AllocOp<string mnemonic, string space> : TL_Op<mnemonic,
    [MemoryEffects<[MemAlloc]>]> {
  let summary = "allocate a block-local " # space # " buffer";
  let description = [{
    Allocates a statically shaped buffer in the `}] # space # [{` memory
    space for the duration of one block of the enclosing `tl.kernel`.
    Must appear directly in a `tl.kernel` body.
  }];
  let results = (outs TL_LocalBuffer:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def TL_AllocSharedOp : TL_AllocOp<"alloc_shared", "shared">;
def TL_AllocFragmentOp : TL_AllocOp<"alloc_fragment", "fragment">;

//===----------------------------------------------------------------------===//
// Tile operations
//===----------------------------------------------------------------------===//

def TL_CopyOp : TL_Op<"copy", [AttrSizedOperandSegments]> {
  let summary = "copy a tile window between buffers (T.copy)";
  let description = [{
    Copies a rectangular window. Exactly one side may be a global tensor, and
    that side carries one offset (in elements) per dimension; the window's
    extent is the shape of the block-local side. If the global tensor has more
    dimensions than the local buffer, the leading ones have extent 1. Parts of
    the window outside the global tensor read as zero and are not written.
    Element types may differ: the copy converts. A load into a local buffer
    whose every dim is 1 reads one element at arbitrary offsets.

    `window_dims`, when present, names the global dimensions the local
    buffer's shape is laid over instead of the trailing ones (one per local
    dimension, increasing): `Q[b, rows, h, :]` of a BSHD tensor into a 2-D
    buffer spans dims 1 and 3, the others have extent 1 at their offsets.
    InferTTLayout permutes such a tensor so that the spanned dims are
    trailing and drops the attribute (the permutation is the argument's
    `tt.dim_order`).

    ```mlir
    tl.copy %A[%r, %c] to %A_s : memref<256x256xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
    tl.copy %C_l to %C[%r, %c] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<256x256xbf16>
    ```
  }];
  let arguments = (ins TL_AnyBuffer:$src, Variadic<Index>:$src_offsets,
                       TL_AnyBuffer:$dst, Variadic<Index>:$dst_offsets,
                       OptionalAttr<DenseI64ArrayAttr>:$window_dims);
  // Windows over the trailing dims, what every pass after InferTTLayout
  // builds.
  let builders = [
    OpBuilder<(ins "::mlir::Value":$src, "::mlir::ValueRange":$src_offsets,
                   "::mlir::Value":$dst, "::mlir::ValueRange":$dst_offsets), [{
      build($_builder, $_state, src, src_offsets, dst, dst_offsets,
            ::mlir::DenseI64ArrayAttr());
    }]>
  ];
  let assemblyFormat = [{
    $src (`[` $src_offsets^ `]`)? `to` $dst (`[` $dst_offsets^ `]`)?
    attr-dict `:` type($src) `to` type($dst)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// True when this copy reads a global tensor into a block-local buffer.
    bool isLoad();
    /// True when this copy writes a block-local buffer to a global tensor.
    bool isStore();
    /// True when this copy reads one element: a load into a local buffer
    /// whose every dim is 1 (the frontend's `Sinks[by]` in a T.Parallel
    /// body). Its offsets need not be tile-aligned; the reader moves the
    /// tile holding the element and extracts it to the local's first one.
    bool isElementLoad();
    /// The global side (null for a local-to-local copy).
    ::mlir::Value getGlobal();
    ::mlir::ValueRange getGlobalOffsets();
    /// The block-local side that fixes the window extent.
    ::mlir::Value getLocal();
    /// The global dimensions the local buffer's shape is laid over, in
    /// order: `window_dims`, or else the trailing ones.
    ::llvm::SmallVector<int64_t> getSpannedDims();
  }];
}

def TL_GemmOp : TL_Op<"gemm"> {
  let summary = "tile matrix multiply-accumulate C += op(A) * op(B) (T.gemm)";
  let description = [{
    `a` is MxK (KxM with `transpose_a`), `b` is KxN (NxK with
    `transpose_b`), `c` is MxN. With `clear_accum`, `c` is zeroed first.
  }];
  let arguments = (ins TL_LocalBuffer:$a, TL_LocalBuffer:$b,
                       TL_LocalBuffer:$c,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_a,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_b,
                       DefaultValuedAttr<BoolAttr, "false">:$clear_accum);
  let assemblyFormat = [{
    $a `,` $b `,` $c attr-dict `:` type($a) `,` type($b) `,` type($c)
  }];
  let hasVerifier = 1;
}

def TL_ClearOp : TL_Op<"clear"> {
  let summary = "set every element of a buffer to zero (T.clear)";
  let arguments = (ins TL_LocalBuffer:$buffer);
  let assemblyFormat = "$buffer attr-dict `:` type($buffer)";
}

def TL_FillOp : TL_Op<"fill"> {
  let summary = "set every element of a buffer to a constant (T.fill)";
  let arguments = (ins TL_LocalBuffer:$buffer, F64Attr:$value);
  let assemblyFormat = "$buffer `,` $value attr-dict `:` type($buffer)";
}

def TL_ReduceOp : TL_Op<"reduce"> {
  let summary = "reduce a buffer along one dimension (T.reduce_sum/max)";
  let description = [{
    `dst` has the shape of `src` without dimension `dim`. With `clear`
    (the default, as in TileLang) `dst` is overwritten; otherwise the
    reduction is combined with its previous contents.
  }];
  let arguments = (ins TL_LocalBuffer:$src, TL_LocalBuffer:$dst,
                       TL_ReduceKindAttr:$kind, I64Attr:$dim,
                       DefaultValuedAttr<BoolAttr, "true">:$clear);
  let assemblyFormat = [{
    $kind $src `to` $dst attr-dict `:` type($src) `to` type($dst)
  }];
  let hasVerifier = 1;
}

#endif // TILETT_DIALECT_TL_IR_TLOPS_TD
