//===- TTOps.td - TT-Metalium kernel-level operations ------*- tablegen -*-===//
//
// One op per TT-Metalium kernel API function. An op `tt.foo` stands for the
// C++ call `foo(operands...)`, so TTToEmitC turns nearly all of them into
// `emitc.call_opaque "foo"` with one generic rule; `api_name` below records
// the callee where it differs from the mnemonic.
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_DIALECT_TT_IR_TTOPS_TD
#define TILETT_DIALECT_TT_IR_TTOPS_TD

include "tilett/Dialect/TT/IR/TTBase.td"
include "tilett/Dialect/TT/IR/TTAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

def TT_AccessorType : TypeDef<TT_Dialect, "Accessor"> {
  let mnemonic = "accessor";
  let summary = "address generator for an interleaved DRAM/L1 buffer";
  let description = [{
    Stands for a `TensorAccessor` (current API) or an
    `InterleavedAddrGenFast` (older API): maps a page id to a NOC address.
  }];
}

//===----------------------------------------------------------------------===//
// Traits: which kernel an op may appear in
//===----------------------------------------------------------------------===//

def TT_DataMovementOpTrait : NativeOpTrait<"DataMovementOpTrait"> {
  let cppNamespace = "::mlir::tilett::tt";
}
def TT_ComputeOpTrait : NativeOpTrait<"ComputeOpTrait"> {
  let cppNamespace = "::mlir::tilett::tt";
}

class TT_DMOp<string mnemonic, list<Trait> traits = []>
    : TT_Op<mnemonic, !listconcat(traits, [TT_DataMovementOpTrait])>;
class TT_ComputeOp<string mnemonic, list<Trait> traits = []>
    : TT_Op<mnemonic, !listconcat(traits, [TT_ComputeOpTrait])>;

//===----------------------------------------------------------------------===//
// Structure
//===----------------------------------------------------------------------===//

def TT_ThreadOp : TT_Op<"thread", [SingleBlock, NoTerminator,
    RecursiveMemoryEffects]> {
  let summary = "code that belongs to one of the three kernels of a core";
  let description = [{
    LowerTTTileIntrinsics wraps the tile intrinsics it emits for one tile
    operation in `tt.thread` regions, one per kernel that takes part
    (reader, compute, writer), in place in the original control flow.
    GridToPersistentTT then slices the kernel body into one function per
    kind, keeping the control flow and only that kind's thread regions.

    ```mlir
    tt.thread reader {
      tt.cb_reserve_back %cb0, %c4 ...
    }
    ```
  }];
  let arguments = (ins TT_KernelKindAttr:$kind);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$kind attr-dict-with-keyword $body";
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "KernelKind":$kind)>];
}

//===----------------------------------------------------------------------===//
// Arguments
//===----------------------------------------------------------------------===//

def TT_GetArgValOp : TT_Op<"get_arg_val", [Pure]> {
  let summary = "runtime argument of this core (get_arg_val<uint32_t>)";
  let arguments = (ins I32Attr:$index);
  let results = (outs I32:$result);
  let assemblyFormat = "$index attr-dict `:` type($result)";
}

def TT_GetArgValDynOp : TT_Op<"get_arg_val_dyn", [Pure]> {
  let summary = "runtime argument at a computed index (get_arg_val<uint32_t>(i))";
  let description = [{
    The same C++ call as `tt.get_arg_val`, with the index an SSA value: the
    persistent loop of GridToPersistentTT reads work item `i`'s block indices
    from `get_arg_val<uint32_t>(base + 2 * i)` and `(base + 2 * i + 1)`.
  }];
  let arguments = (ins I32:$index);
  let results = (outs I32:$result);
  let assemblyFormat = "$index attr-dict `:` type($result)";
}

def TT_GetCommonArgValOp : TT_Op<"get_common_arg_val", [Pure]> {
  let summary = "runtime argument shared by all cores (get_common_arg_val<uint32_t>)";
  let arguments = (ins I32Attr:$index);
  let results = (outs I32:$result);
  let assemblyFormat = "$index attr-dict `:` type($result)";
}

def TT_FloatBitsOp : TT_Op<"float_bits", [Pure]> {
  let summary = "the IEEE bits of an fp32 value, for the *_unary_tile ops";
  let description = [{
    `add_unary_tile(dst, bits)` and its kin take their scalar as the bits of
    an fp32 value; this gives them a scalar known only at run time (one
    computed from block indices), as `std::bit_cast<uint32_t>(x)`.
  }];
  let arguments = (ins F32:$value);
  let results = (outs I32:$bits);
  let assemblyFormat = "$value attr-dict";
}

def TT_GetCompileTimeArgValOp : TT_Op<"get_compile_time_arg_val", [Pure]> {
  let summary = "compile-time argument (get_compile_time_arg_val)";
  let arguments = (ins I32Attr:$index);
  let results = (outs I32:$result);
  let assemblyFormat = "$index attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Circular buffers
//===----------------------------------------------------------------------===//

class TT_CBPagesOp<string mnemonic, string what> : TT_Op<mnemonic> {
  let summary = what # " (" # mnemonic # "(cb_id, num_pages))";
  let arguments = (ins I32:$cb, I32:$num_pages);
  let assemblyFormat = "$cb `,` $num_pages attr-dict";
}

def TT_CBReserveBackOp : TT_CBPagesOp<"cb_reserve_back",
    "wait for free pages at the back of a circular buffer">;
def TT_CBPushBackOp : TT_CBPagesOp<"cb_push_back",
    "publish written pages to the consumer">;
def TT_CBWaitFrontOp : TT_CBPagesOp<"cb_wait_front",
    "wait for pages at the front of a circular buffer">;
def TT_CBPopFrontOp : TT_CBPagesOp<"cb_pop_front",
    "free pages at the front of a circular buffer">;

class TT_CBPtrOp<string mnemonic, string what> : TT_DMOp<mnemonic> {
  let summary = what # " (" # mnemonic # "(cb_id))";
  let arguments = (ins I32:$cb);
  let results = (outs I32:$result);
  let assemblyFormat = "$cb attr-dict `:` type($result)";
}

def TT_GetWritePtrOp : TT_CBPtrOp<"get_write_ptr",
    "L1 address of the first reserved page">;
def TT_GetReadPtrOp : TT_CBPtrOp<"get_read_ptr",
    "L1 address of the first visible page">;

def TT_GetTileSizeOp : TT_DMOp<"get_tile_size", [Pure]> {
  let summary = "bytes per tile of a circular buffer (get_tile_size(cb_id))";
  let arguments = (ins I32:$cb);
  let results = (outs I32:$result);
  let assemblyFormat = "$cb attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// NOC
//===----------------------------------------------------------------------===//

def TT_InterleavedAccessorOp : TT_DMOp<"interleaved_accessor", [Pure]> {
  let summary = "address generator for an interleaved buffer";
  let description = [{
    `base` is the buffer's address (a runtime argument), `page_size` one
    page in bytes. `cta_offset` is the buffer's position among the
    kernel's TensorAccessorArgs blocks of compile-time arguments: the C++
    chains the offset through `next_compile_time_args_offset()` of the
    blocks before it, since each block's size is the API's (two words in
    current tt-metal). `is_dram` tells the older InterleavedAddrGenFast
    form where the buffer lives.
  }];
  let arguments = (ins I32:$base, I32:$page_size, I32Attr:$cta_offset,
                       DefaultValuedAttr<BoolAttr, "true">:$is_dram,
                       TypeAttr:$dtype);
  let results = (outs TT_AccessorType:$result);
  let assemblyFormat = "$base `,` $page_size attr-dict `:` type($result)";
}

def TT_BufferAddressOp : TT_DMOp<"buffer_address", [Pure]> {
  let summary = "device address of a global buffer (becomes a runtime argument)";
  let description = [{
    Emitted by LowerTTTileIntrinsics while kernels still see the global
    memrefs; GridToPersistentTT replaces it by the `tt.get_arg_val` that
    carries the buffer's address.
  }];
  let arguments = (ins AnyMemRef:$buffer);
  let results = (outs I32:$result);
  let assemblyFormat = "$buffer attr-dict `:` type($buffer) `->` type($result)";
}

def TT_NocAsyncReadTileOp : TT_DMOp<"noc_async_read_tile"> {
  let summary = "read one page by id into L1 (noc_async_read_tile)";
  let arguments = (ins I32:$tile_id, TT_AccessorType:$accessor, I32:$l1_addr);
  let assemblyFormat = "$tile_id `,` $accessor `,` $l1_addr attr-dict";
}

def TT_NocAsyncWriteTileOp : TT_DMOp<"noc_async_write_tile"> {
  let summary = "write one page by id from L1 (noc_async_write_tile)";
  let arguments = (ins I32:$tile_id, TT_AccessorType:$accessor, I32:$l1_addr);
  let assemblyFormat = "$tile_id `,` $accessor `,` $l1_addr attr-dict";
}

def TT_L1MoveBytesOp : TT_DMOp<"l1_move_bytes"> {
  let summary = "move bytes within this core's L1 on the RISC-V";
  let description = [{
    `num_bytes` bytes from L1 address `src` to `dst` (the ranges may
    overlap), by the data-movement core's own loads and stores, as a
    tt-metal kernel does through a `tt_l1_ptr` pointer. The reader uses it
    to bring one element of a tile it has read to the tile's first position
    (an element read, `tl.copy` into a unit buffer), where
    `unary_bcast<SCALAR>` takes it from.
  }];
  let arguments = (ins I32:$dst, I32:$src, I32:$num_bytes);
  let assemblyFormat = "$dst `,` $src `,` $num_bytes attr-dict";
}

def TT_NocAsyncReadBarrierOp : TT_DMOp<"noc_async_read_barrier"> {
  let summary = "wait until all issued NOC reads have landed";
  let assemblyFormat = "attr-dict";
}

def TT_NocAsyncWriteBarrierOp : TT_DMOp<"noc_async_write_barrier"> {
  let summary = "wait until all issued NOC writes have been sent";
  let assemblyFormat = "attr-dict";
}

//===----------------------------------------------------------------------===//
// Semaphores and multicast
//===----------------------------------------------------------------------===//

def TT_McastArgOp : TT_DMOp<"mcast_arg", [Pure]> {
  let summary = "a per-core argument of a multicast group (placeholder)";
  let description = [{
    Emitted by LowerTTTileIntrinsics for a load shared through multicast
    (`#tt.mcast_group` entry `group` of the function's `tt.mcast_groups`);
    GridToPersistentTT replaces it by the `tt.get_arg_val` that carries the
    field, and the runtime plan fills the field per core.
  }];
  let arguments = (ins I64Attr:$group, TT_McastFieldAttr:$field);
  let results = (outs I32:$result);
  let assemblyFormat = "$group $field attr-dict";
}

def TT_GetSemaphoreOp : TT_DMOp<"get_semaphore", [Pure]> {
  let summary = "L1 address of semaphore `id` (get_semaphore)";
  let arguments = (ins I32:$id);
  let results = (outs I32:$result);
  let assemblyFormat = "$id attr-dict";
}

def TT_NocSemaphoreWaitOp : TT_DMOp<"noc_semaphore_wait"> {
  let summary = "wait until the local semaphore at `addr` holds `value`";
  let arguments = (ins I32:$addr, I32:$value);
  let assemblyFormat = "$addr `,` $value attr-dict";
}

def TT_NocSemaphoreSetOp : TT_DMOp<"noc_semaphore_set"> {
  let summary = "set the local semaphore at `addr` to `value`";
  let arguments = (ins I32:$addr, I32:$value);
  let assemblyFormat = "$addr `,` $value attr-dict";
}

def TT_NocSemaphoreIncOp : TT_DMOp<"noc_semaphore_inc"> {
  let summary = "atomically add `incr` to a semaphore at a NOC address";
  let arguments = (ins I64:$noc_addr, I32:$incr);
  let assemblyFormat = "$noc_addr `,` $incr attr-dict";
}

def TT_GetNocAddrOp : TT_DMOp<"get_noc_addr", [Pure]> {
  let summary = "NOC address of L1 address `addr` on core (x, y) (get_noc_addr)";
  let arguments = (ins I32:$x, I32:$y, I32:$addr);
  let results = (outs I64:$result);
  let assemblyFormat = "$x `,` $y `,` $addr attr-dict";
}

def TT_GetNocMulticastAddrOp : TT_DMOp<"get_noc_multicast_addr", [Pure]> {
  let summary = "multicast NOC address of `addr` on a rectangle of cores";
  let arguments = (ins I32:$x_start, I32:$y_start, I32:$x_end, I32:$y_end,
                       I32:$addr);
  let results = (outs I64:$result);
  let assemblyFormat = "$x_start `,` $y_start `,` $x_end `,` $y_end `,` $addr attr-dict";
}

def TT_NocAsyncWriteMulticastOp : TT_DMOp<"noc_async_write_multicast"> {
  let summary = "write `size` bytes of L1 to every core of a multicast address";
  let arguments = (ins I32:$src_addr, I64:$dst, I32:$size, I32:$num_dests);
  let assemblyFormat = "$src_addr `,` $dst `,` $size `,` $num_dests attr-dict";
}

def TT_NocSemaphoreSetMulticastOp : TT_DMOp<"noc_semaphore_set_multicast"> {
  let summary = "copy the local semaphore at `src_addr` to every core of a multicast address";
  let arguments = (ins I32:$src_addr, I64:$dst, I32:$num_dests);
  let assemblyFormat = "$src_addr `,` $dst `,` $num_dests attr-dict";
}

//===----------------------------------------------------------------------===//
// DST register file
//===----------------------------------------------------------------------===//

class TT_NoArgComputeOp<string mnemonic, string what> : TT_ComputeOp<mnemonic> {
  let summary = what;
  let assemblyFormat = "attr-dict";
}

def TT_TileRegsAcquireOp : TT_NoArgComputeOp<"tile_regs_acquire",
    "math thread acquires the DST registers">;
def TT_TileRegsCommitOp : TT_NoArgComputeOp<"tile_regs_commit",
    "math thread hands DST to the packer">;
def TT_TileRegsWaitOp : TT_NoArgComputeOp<"tile_regs_wait",
    "packer waits for DST from math">;
def TT_TileRegsReleaseOp : TT_NoArgComputeOp<"tile_regs_release",
    "packer releases DST">;

def TT_DstSectionOp : TT_ComputeOp<"dst_section", [SingleBlock, NoTerminator,
    RecursiveMemoryEffects]> {
  let summary = "one use of a DST half: math fills it, pack drains it";
  let description = [{
    DST as a resource in the IR. The `math` region unpacks and computes into
    the first `dst_tiles` tiles of DST; the `pack` region packs them out.
    The device runs math and pack on two TRISCs that hand a DST half over
    (half-sync: 8 tiles, 4 with fp32_dest_acc_en); InsertDstSync makes the
    handoff explicit: tile_regs_acquire, math, tile_regs_commit,
    tile_regs_wait, pack, tile_regs_release. Until then passes see which
    code touches DST, and how much of it, as structure.

    ```mlir
    tt.dst_section tiles 4 {
      tt.copy_tile %cb0, %t, %c0_i32
    } pack {
      tt.pack_tile %c0_i32, %cb16
    }
    ```
  }];
  let arguments = (ins ConfinedAttr<I64Attr, [IntPositive]>:$dst_tiles);
  let regions = (region SizedRegion<1>:$math, SizedRegion<1>:$pack);
  let assemblyFormat = [{
    `tiles` $dst_tiles $math `pack` $pack attr-dict
  }];
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "int64_t":$dstTiles)>];
}

//===----------------------------------------------------------------------===//
// Unpack / pack
//===----------------------------------------------------------------------===//

def TT_CopyTileInitOp : TT_ComputeOp<"copy_tile_init"> {
  let summary = "configure unpack for copy_tile (copy_tile_to_dst_init_short)";
  let arguments = (ins I32:$cb);
  let assemblyFormat = "$cb attr-dict";
}

def TT_CopyTileOp : TT_ComputeOp<"copy_tile"> {
  let summary = "unpack one tile of a CB into DST (copy_tile)";
  let arguments = (ins I32:$cb, I32:$tile, I32:$dst);
  let assemblyFormat = "$cb `,` $tile `,` $dst attr-dict";
}

def TT_PackTileOp : TT_ComputeOp<"pack_tile"> {
  let summary = "pack one DST tile into the next reserved page of a CB";
  let arguments = (ins I32:$dst, I32:$cb);
  let assemblyFormat = "$dst `,` $cb attr-dict";
}

def TT_PackReconfigL1AccOp : TT_ComputeOp<"pack_reconfig_l1_acc"> {
  let summary = "make pack_tile add to the CB page it packs to (or not)";
  let description = [{
    Packer L1 accumulation (pack_reconfig_l1_acc): while `l1_acc_en` is
    non-zero, every pack_tile adds the DST tile to the tile already in the
    page it packs into, in fp32, instead of overwriting it. The setting
    stays until changed.
  }];
  let arguments = (ins I32:$l1_acc_en);
  let assemblyFormat = "$l1_acc_en attr-dict";
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

def TT_MmInitOp : TT_ComputeOp<"mm_init"> {
  let summary = "initialise unpack/math/pack for matmul_tiles (mm_init)";
  let arguments = (ins I32:$in0_cb, I32:$in1_cb, I32:$out_cb,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose);
  let assemblyFormat = "$in0_cb `,` $in1_cb `,` $out_cb attr-dict";
}

def TT_MatmulTilesOp : TT_ComputeOp<"matmul_tiles"> {
  let summary = "DST[dst] += in0[t0] * in1[t1] (matmul_tiles)";
  let description = [{
    With `transpose`, the in1 tile is transposed (within the tile) first.
  }];
  let arguments = (ins I32:$in0_cb, I32:$in1_cb, I32:$in0_tile, I32:$in1_tile,
                       I32:$dst, DefaultValuedAttr<BoolAttr, "false">:$transpose);
  let assemblyFormat = [{
    $in0_cb `,` $in1_cb `,` $in0_tile `,` $in1_tile `,` $dst attr-dict
  }];
}

//===----------------------------------------------------------------------===//
// Element-wise: binary on CB tiles (FPU), unary and binary on DST (SFPU)
//===----------------------------------------------------------------------===//

def TT_BinaryOpInitCommonOp : TT_ComputeOp<"binary_op_init_common"> {
  let summary = "common set-up for binary tile ops";
  let arguments = (ins I32:$in0_cb, I32:$in1_cb, I32:$out_cb);
  let assemblyFormat = "$in0_cb `,` $in1_cb `,` $out_cb attr-dict";
}

multiclass TT_BinaryTilesOp<string name> {
  def _InitOp : TT_ComputeOp<name # "_tiles_init"> {
    let summary = "initialise " # name # "_tiles";
    let arguments = (ins I32:$in0_cb, I32:$in1_cb);
    let assemblyFormat = "$in0_cb `,` $in1_cb attr-dict";
  }
  def _Op : TT_ComputeOp<name # "_tiles"> {
    let summary = "DST[dst] = in0[t0] " # name # " in1[t1] (" # name # "_tiles)";
    let arguments = (ins I32:$in0_cb, I32:$in1_cb, I32:$in0_tile,
                         I32:$in1_tile, I32:$dst);
    let assemblyFormat = [{
      $in0_cb `,` $in1_cb `,` $in0_tile `,` $in1_tile `,` $dst attr-dict
    }];
  }
}
defm TT_AddTiles : TT_BinaryTilesOp<"add">;
defm TT_SubTiles : TT_BinaryTilesOp<"sub">;
defm TT_MulTiles : TT_BinaryTilesOp<"mul">;

def TT_InitSfpuOp : TT_ComputeOp<"init_sfpu"> {
  let summary = "common set-up for SFPU ops (init_sfpu(in_cb, out_cb))";
  let arguments = (ins I32:$in_cb, I32:$out_cb);
  let assemblyFormat = "$in_cb `,` $out_cb attr-dict";
}

multiclass TT_SfpuUnaryOp<string name> {
  def _InitOp : TT_ComputeOp<name # "_tile_init"> {
    let summary = "initialise " # name # "_tile";
    let assemblyFormat = "attr-dict";
  }
  def _Op : TT_ComputeOp<name # "_tile"> {
    let summary = "DST[dst] = " # name # "(DST[dst]) on the SFPU";
    let arguments = (ins I32:$dst);
    let assemblyFormat = "$dst attr-dict";
  }
}
defm TT_ExpTile : TT_SfpuUnaryOp<"exp">;
defm TT_ReluTile : TT_SfpuUnaryOp<"relu">;
defm TT_RecipTile : TT_SfpuUnaryOp<"recip">;
defm TT_SqrtTile : TT_SfpuUnaryOp<"sqrt">;
defm TT_SigmoidTile : TT_SfpuUnaryOp<"sigmoid">;
defm TT_TanhTile : TT_SfpuUnaryOp<"tanh">;
defm TT_GeluTile : TT_SfpuUnaryOp<"gelu">;
defm TT_LogTile : TT_SfpuUnaryOp<"log">;
defm TT_AbsTile : TT_SfpuUnaryOp<"abs">;
defm TT_NegativeTile : TT_SfpuUnaryOp<"negative">;
defm TT_RsqrtTile : TT_SfpuUnaryOp<"rsqrt">;
defm TT_Exp2Tile : TT_SfpuUnaryOp<"exp2">;
// Comparisons with zero (1.0 where true, else 0.0).
defm TT_GtzTile : TT_SfpuUnaryOp<"gtz">;
defm TT_LtzTile : TT_SfpuUnaryOp<"ltz">;
defm TT_GezTile : TT_SfpuUnaryOp<"gez">;
defm TT_LezTile : TT_SfpuUnaryOp<"lez">;
defm TT_EqzTile : TT_SfpuUnaryOp<"eqz">;
defm TT_NezTile : TT_SfpuUnaryOp<"nez">;

def TT_WhereTileInitOp : TT_ComputeOp<"where_tile_init"> {
  let summary = "initialise where_tile";
  let assemblyFormat = "attr-dict";
}

def TT_WhereTileOp : TT_ComputeOp<"where_tile"> {
  let summary = "DST[out] = DST[cond] != 0 ? DST[on_true] : DST[on_false]";
  let description = [{
    The SFPU's ternary select. `fp32` says whether DST holds fp32 values
    (fp32_dest_acc_en), which picks the `DataFormat` template argument of
    `where_tile<format>`.
  }];
  let arguments = (ins I32:$cond, I32:$on_true, I32:$on_false, I32:$out,
                       BoolAttr:$fp32);
  let assemblyFormat = [{
    $cond `,` $on_true `,` $on_false `,` $out attr-dict
  }];
}

def TT_BinopWithScalarTileInitOp : TT_ComputeOp<"binop_with_scalar_tile_init"> {
  let summary = "initialise the *_unary_tile scalar ops";
  let assemblyFormat = "attr-dict";
}

multiclass TT_SfpuScalarOp<string name> {
  def _Op : TT_ComputeOp<name # "_unary_tile"> {
    let summary = "DST[dst] = DST[dst] " # name # " scalar; the scalar is "
                  "passed as the bits of an fp32";
    let arguments = (ins I32:$dst, I32:$param_bits);
    let assemblyFormat = "$dst `,` $param_bits attr-dict";
  }
}
defm TT_AddUnaryTile : TT_SfpuScalarOp<"add">;
defm TT_SubUnaryTile : TT_SfpuScalarOp<"sub">;
defm TT_MulUnaryTile : TT_SfpuScalarOp<"mul">;
defm TT_DivUnaryTile : TT_SfpuScalarOp<"div">;

multiclass TT_SfpuBinaryOp<string name> {
  def _InitOp : TT_ComputeOp<name # "_binary_tile_init"> {
    let summary = "initialise " # name # "_binary_tile";
    let assemblyFormat = "attr-dict";
  }
  def _Op : TT_ComputeOp<name # "_binary_tile"> {
    let summary = "DST[out] = DST[lhs] " # name # " DST[rhs] on the SFPU";
    let arguments = (ins I32:$lhs, I32:$rhs, I32:$out);
    let assemblyFormat = "$lhs `,` $rhs `,` $out attr-dict";
  }
}
defm TT_AddBinaryTile : TT_SfpuBinaryOp<"add">;
defm TT_SubBinaryTile : TT_SfpuBinaryOp<"sub">;
defm TT_MulBinaryTile : TT_SfpuBinaryOp<"mul">;
defm TT_DivBinaryTile : TT_SfpuBinaryOp<"div">;
defm TT_MaxBinaryTile : TT_SfpuBinaryOp<"max">;
defm TT_MinBinaryTile : TT_SfpuBinaryOp<"min">;

def TT_FillTileInitOp : TT_ComputeOp<"fill_tile_init"> {
  let summary = "initialise fill_tile";
  let assemblyFormat = "attr-dict";
}

def TT_FillTileOp : TT_ComputeOp<"fill_tile"> {
  let summary = "DST[dst] = value in every element (fill_tile)";
  let arguments = (ins I32:$dst, F32Attr:$value);
  let assemblyFormat = "$dst `,` $value attr-dict";
}

//===----------------------------------------------------------------------===//
// Reductions and transposes
//===----------------------------------------------------------------------===//

def TT_ReduceInitOp : TT_ComputeOp<"reduce_init"> {
  let summary = "initialise reduce_tile<pool, dim> (reduce_init)";
  let arguments = (ins I32:$in_cb, I32:$scaler_cb, I32:$out_cb,
                       TT_PoolTypeAttr:$pool, TT_ReduceDimAttr:$dim);
  let assemblyFormat = [{
    $pool $dim $in_cb `,` $scaler_cb `,` $out_cb attr-dict
  }];
}

def TT_ReduceTileOp : TT_ComputeOp<"reduce_tile"> {
  let summary = "DST[dst] (op)= reduce(in[t] * scaler[ts]) along dim";
  let arguments = (ins I32:$in_cb, I32:$scaler_cb, I32:$in_tile,
                       I32:$scaler_tile, I32:$dst,
                       TT_PoolTypeAttr:$pool, TT_ReduceDimAttr:$dim);
  let assemblyFormat = [{
    $pool $dim $in_cb `,` $scaler_cb `,` $in_tile `,` $scaler_tile `,` $dst
    attr-dict
  }];
}

def TT_ReduceUninitOp : TT_NoArgComputeOp<"reduce_uninit",
    "undo reduce_init's packer set-up">;

def TT_TransposeWHInitOp : TT_ComputeOp<"transpose_wh_init"> {
  let summary = "initialise transpose_wh_tile";
  let arguments = (ins I32:$in_cb, I32:$out_cb);
  let assemblyFormat = "$in_cb `,` $out_cb attr-dict";
}

def TT_TransposeWHTileOp : TT_ComputeOp<"transpose_wh_tile"> {
  let summary = "DST[dst] = transpose(in[t]) (transpose_wh_tile)";
  let arguments = (ins I32:$in_cb, I32:$in_tile, I32:$dst);
  let assemblyFormat = "$in_cb `,` $in_tile `,` $dst attr-dict";
}

def TT_UnaryBcastInitOp : TT_ComputeOp<"unary_bcast_init"> {
  let summary = "initialise unary_bcast<type> (unary_bcast_init)";
  let arguments = (ins I32:$in_cb, I32:$out_cb, TT_BroadcastTypeAttr:$bcast);
  let assemblyFormat = "$bcast $in_cb `,` $out_cb attr-dict";
}

def TT_UnaryBcastOp : TT_ComputeOp<"unary_bcast"> {
  let summary = "DST[dst] = in[t] with its first row, column or element "
                "repeated over the tile (unary_bcast)";
  let description = [{
    How a 1-D buffer (a column vector, or a row vector after a column
    reduction) is read as a whole tile when an element-wise expression
    indexes it with one of its two indices: `col` repeats column 0 over the
    columns (`v[i]` in a `[i, j]` body), `row` repeats row 0 over the rows
    (`v[j]`).
  }];
  let arguments = (ins I32:$in_cb, I32:$in_tile, I32:$dst,
                       TT_BroadcastTypeAttr:$bcast);
  let assemblyFormat = "$bcast $in_cb `,` $in_tile `,` $dst attr-dict";
}

#endif // TILETT_DIALECT_TT_IR_TTOPS_TD
