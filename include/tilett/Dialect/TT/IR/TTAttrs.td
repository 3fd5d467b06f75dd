//===- TTAttrs.td - Tenstorrent metadata attributes --------*- tablegen -*-===//
//
// Field for field the metadata of the original TileLang-TT backend
// (CoreRange, WorkItem, layout descriptors), with tilett's extensions.
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_DIALECT_TT_IR_TTATTRS_TD
#define TILETT_DIALECT_TT_IR_TTATTRS_TD

include "tilett/Dialect/TT/IR/TTBase.td"

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def TT_Arch : I32EnumAttr<"Arch", "Tenstorrent device architecture", [
    I32EnumAttrCase<"WormholeB0", 0, "wormhole_b0">,
    I32EnumAttrCase<"Blackhole", 1, "blackhole">
  ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tt";
}
def TT_ArchAttr : EnumAttr<TT_Dialect, TT_Arch, "arch"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "device architecture (worker grid, L1 and DRAM size follow)";
}

def TT_MemorySpace : I32EnumAttr<"MemorySpace", "where a buffer lives", [
    I32EnumAttrCase<"DRAM", 0, "dram">,
    I32EnumAttrCase<"L1", 1, "l1">
  ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tt";
}
def TT_MemorySpaceAttr : EnumAttr<TT_Dialect, TT_MemorySpace, "memory"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "memory of a buffer: dram or l1";
}

def TT_BufferLayout : I32EnumAttr<"BufferLayout", "how a buffer's pages are spread", [
    I32EnumAttrCase<"Interleaved", 0, "interleaved">,
    I32EnumAttrCase<"HeightSharded", 1, "height_sharded">,
    I32EnumAttrCase<"WidthSharded", 2, "width_sharded">,
    I32EnumAttrCase<"BlockSharded", 3, "block_sharded">
  ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tt";
}
def TT_BufferLayoutAttr : EnumAttr<TT_Dialect, TT_BufferLayout, "buffer_layout"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "interleaved or sharded";
}

def TT_TileOrder : I32EnumAttr<"TileOrder", "order of tile ids", [
    I32EnumAttrCase<"RowMajor", 0, "row_major">,
    I32EnumAttrCase<"ColumnMajor", 1, "column_major">,
    I32EnumAttrCase<"MatchShard", 2, "match_shard">,
    I32EnumAttrCase<"ZOrder", 3, "z_order">
  ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tt";
}
def TT_TileOrderAttr : EnumAttr<TT_Dialect, TT_TileOrder, "tile_order"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "order in which tile ids are enumerated";
}

def TT_KernelKind : I32EnumAttr<"KernelKind", "role of a kernel function", [
    I32EnumAttrCase<"Reader", 0, "reader">,
    I32EnumAttrCase<"Compute", 1, "compute">,
    I32EnumAttrCase<"Writer", 2, "writer">
  ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tt";
}
def TT_KernelKindAttr : EnumAttr<TT_Dialect, TT_KernelKind, "kernel_kind"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "reader, compute or writer kernel";
}

def TT_PartitionStrategy : I32EnumAttr<"PartitionStrategy",
    "how output tiles are split over cores", [
    I32EnumAttrCase<"Contiguous", 0, "contiguous">,
    I32EnumAttrCase<"Block2D", 1, "block_2d">,
    I32EnumAttrCase<"OwnerComputes", 2, "owner_computes">,
    I32EnumAttrCase<"Cyclic2D", 3, "cyclic_2d">
  ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tt";
}
def TT_PartitionStrategyAttr
    : EnumAttr<TT_Dialect, TT_PartitionStrategy, "partition_strategy"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "work partition strategy";
}

// TT-Metalium's MathFidelity, fastest first: how many of the four
// partial-product passes the FPU runs. No attribute: tt.compute_config keeps
// the name as a string (the plan's spelling); this is the one list of names
// the options, the verifier and the lowering accept.
def TT_MathFidelity : I32EnumAttr<"MathFidelity", "multiplier fidelity", [
    I32EnumAttrCase<"LoFi", 0, "LoFi">,
    I32EnumAttrCase<"HiFi2", 1, "HiFi2">,
    I32EnumAttrCase<"HiFi3", 2, "HiFi3">,
    I32EnumAttrCase<"HiFi4", 3, "HiFi4">
  ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tt";
}

def TT_McastField : I32EnumAttr<"McastField",
    "a per-core runtime argument of a multicast group", [
    I32EnumAttrCase<"IsSender", 0, "is_sender">,
    I32EnumAttrCase<"SenderX", 1, "sender_x">,
    I32EnumAttrCase<"SenderY", 2, "sender_y">,
    I32EnumAttrCase<"StartX", 3, "start_x">,
    I32EnumAttrCase<"StartY", 4, "start_y">,
    I32EnumAttrCase<"EndX", 5, "end_x">,
    I32EnumAttrCase<"EndY", 6, "end_y">,
    I32EnumAttrCase<"NumDests", 7, "num_dests">
  ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tt";
}
def TT_McastFieldAttr : EnumAttr<TT_Dialect, TT_McastField, "mcast_field"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "field of a multicast group's per-core arguments";
}

def TT_ReduceDim : I32EnumAttr<"ReduceDim", "reduced dimension of a tile", [
    I32EnumAttrCase<"Row", 0, "row">,
    I32EnumAttrCase<"Col", 1, "col">,
    I32EnumAttrCase<"Scalar", 2, "scalar">
  ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tt";
}
def TT_ReduceDimAttr : EnumAttr<TT_Dialect, TT_ReduceDim, "reduce_dim"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "ReduceDim of reduce_tile (REDUCE_ROW, REDUCE_COL, REDUCE_SCALAR)";
}

def TT_PoolType : I32EnumAttr<"PoolType", "reduction of reduce_tile", [
    I32EnumAttrCase<"Sum", 0, "sum">,
    I32EnumAttrCase<"Max", 1, "max">,
    I32EnumAttrCase<"Avg", 2, "avg">
  ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tt";
}
def TT_PoolTypeAttr : EnumAttr<TT_Dialect, TT_PoolType, "pool_type"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "PoolType of reduce_tile (SUM, MAX, AVG)";
}

def TT_BroadcastType : I32EnumAttr<"BroadcastType",
    "what a broadcast repeats over a tile", [
    I32EnumAttrCase<"Row", 0, "row">,
    I32EnumAttrCase<"Col", 1, "col">,
    I32EnumAttrCase<"Scalar", 2, "scalar">
  ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tt";
}
def TT_BroadcastTypeAttr
    : EnumAttr<TT_Dialect, TT_BroadcastType, "broadcast_type"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "BroadcastType of unary_bcast: ROW repeats the first row, COL "
                "the first column, SCALAR the first element";
}

//===----------------------------------------------------------------------===//
// Metadata attributes
//===----------------------------------------------------------------------===//

def TT_CoreGridAttr : TT_Attr<"CoreGrid", "core_grid"> {
  let summary = "worker grid (gx, gy) a kernel may use";
  let parameters = (ins "int64_t":$gx, "int64_t":$gy);
  let assemblyFormat = "`<` $gx `,` $gy `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    int64_t getNumCores() const { return getGx() * getGy(); }
  }];
}

def TT_CoreRangeAttr : TT_Attr<"CoreRange", "core_range"> {
  let summary = "rectangle of cores: start (sx, sy) and extent (ex, ey)";
  let description = [{
    As in the original backend the second pair is an extent (a size), not an
    inclusive end: the range covers x in [sx, sx+ex) and y in [sy, sy+ey).
  }];
  let parameters = (ins "int64_t":$sx, "int64_t":$sy,
                        "int64_t":$ex, "int64_t":$ey);
  let assemblyFormat = [{
    `<` `start` `=` `(` $sx `,` $sy `)` `,` `extent` `=` `(` $ex `,` $ey `)` `>`
  }];
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    int64_t getNumCores() const { return getEx() * getEy(); }
    bool contains(int64_t x, int64_t y) const {
      return x >= getSx() && x < getSx() + getEx() &&
             y >= getSy() && y < getSy() + getEy();
    }
  }];
}

def TT_WorkItemAttr : TT_Attr<"WorkItem", "work_item"> {
  let summary = "one unit of output work, in tiles";
  let description = [{
    `io`/`jo`: the output tile row/column where the item starts; `len_k`:
    the reduction length in tiles; `tile_order`: the order in which its tiles
    are visited. tilett's extension `len_m`/`len_n` (default 1) gives the
    item's extent in tiles, so one item can stand for a whole TileLang block.
  }];
  let parameters = (ins "int64_t":$io, "int64_t":$jo, "int64_t":$len_k,
      EnumParameter<TT_TileOrder>:$tile_order,
      DefaultValuedParameter<"int64_t", "1">:$len_m,
      DefaultValuedParameter<"int64_t", "1">:$len_n);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The TileLang block the item stands for: bx = jo / len_n and
    /// by = io / len_m (a 3-D grid's by carries z * gy + y).
    int64_t getBlockX() const { return getJo() / getLenN(); }
    int64_t getBlockY() const { return getIo() / getLenM(); }
  }];
}

def TT_McastGroupAttr : TT_Attr<"McastGroup", "mcast_group"> {
  let summary = "a load shared by a row or column of cores through multicast";
  let description = [{
    The block-local buffer `buffer` is filled with the same tiles on every
    core of a row (`axis` = 0: the cores differ only in bx) or of a column
    (`axis` = 1: they differ only in by) at each step. The core with the
    smallest x (y) of the row (column) reads them from DRAM and multicasts
    them to the others; `sender_semaphore` counts the receivers that are
    ready, `receiver_semaphore` is set to 1 when the tiles have landed
    (semaphore ids, in creation order). Each core's role and the NOC
    coordinates of its sender and of the receivers' rectangle are runtime
    arguments (`tt.mcast_arg`), filled per core from the work partition.
  }];
  let parameters = (ins StringRefParameter<>:$buffer, "int64_t":$axis,
      "int64_t":$sender_semaphore, "int64_t":$receiver_semaphore);
  let assemblyFormat = "`<` struct(params) `>`";
}

def TT_LayoutDescAttr : TT_Attr<"LayoutDesc", "layout_desc"> {
  let summary = "how a global buffer is laid out in device memory";
  let description = [{
    Memory (`dram`/`l1`), page distribution (`interleaved` or sharded),
    tile id order, element type, tile shape, the logical shape and the shape
    padded to whole tiles, the page size in bytes (one tile), and for sharded
    layouts the shard grid (cores) and shard shape (elements).
  }];
  let parameters = (ins
      EnumParameter<TT_MemorySpace>:$memory,
      EnumParameter<TT_BufferLayout>:$layout,
      EnumParameter<TT_TileOrder>:$tile_id_order,
      "::mlir::Type":$dtype,
      ArrayRefParameter<"int64_t">:$tile,
      ArrayRefParameter<"int64_t">:$shape,
      ArrayRefParameter<"int64_t">:$padded_shape,
      "int64_t":$page_size,
      OptionalArrayRefParameter<"int64_t">:$shard_grid,
      OptionalArrayRefParameter<"int64_t">:$shard_shape);
  let assemblyFormat = [{
    `<` `memory` `=` $memory `,` `layout` `=` $layout `,`
        `tile_id_order` `=` $tile_id_order `,` `dtype` `=` $dtype `,`
        `tile` `=` `[` $tile `]` `,` `shape` `=` `[` $shape `]` `,`
        `padded_shape` `=` `[` $padded_shape `]` `,` `page_size` `=` $page_size
        (`,` `shard_grid` `=` `[` $shard_grid^ `]`)?
        (`,` `shard_shape` `=` `[` $shard_shape^ `]`)? `>`
  }];
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Number of tiles along each dimension of the padded shape.
    ::llvm::SmallVector<int64_t> getTileGrid() const;
    int64_t getNumTiles() const;
    bool isSharded() const { return getLayout() != BufferLayout::Interleaved; }
  }];
}

def TT_CBDescAttr : TT_Attr<"CBDesc", "cb_desc"> {
  let summary = "circular buffer in L1: index, format, page size and count";
  let description = [{
    `index` is the CB id (0..31), `dtype` the element type of its tiles,
    `page_size` one tile in bytes, `num_pages` its capacity (from the
    pipeline depth), `buffer` the name of the block-local buffer it stages.
  }];
  let parameters = (ins "int64_t":$index, "::mlir::Type":$dtype,
                        "int64_t":$page_size, "int64_t":$num_pages,
                        StringRefParameter<>:$buffer);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    int64_t getTotalSize() const { return getPageSize() * getNumPages(); }
  }];
}

#endif // TILETT_DIALECT_TT_IR_TTATTRS_TD
