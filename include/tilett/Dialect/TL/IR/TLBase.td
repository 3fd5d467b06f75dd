//===- TLBase.td - TileLang-level dialect definition -------*- tablegen -*-===//
//
// The `tl` dialect is the tile-program level of tilett: what the TileLang
// frontend produces from a script, and what users may write by hand.
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_DIALECT_TL_IR_TLBASE_TD
#define TILETT_DIALECT_TL_IR_TLBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def TL_Dialect : Dialect {
  let name = "tl";
  let cppNamespace = "::mlir::tilett::tl";
  let summary = "TileLang tile programs: launch grid, on-chip buffers, tile ops";
  let description = [{
    The `tl` dialect models a TileLang `T.prim_func` kernel: a launch over a
    1-D to 3-D grid of blocks (`tl.kernel`), block-local buffers in the
    `shared` and `fragment` memory spaces (`tl.alloc_shared`,
    `tl.alloc_fragment`), and whole-buffer tile operations between them and
    global tensors (`tl.copy`, `tl.gemm`, `tl.clear`, `tl.fill`,
    `tl.reduce`), with software-pipelined loops (`tl.pipelined`) and
    element-wise parallel loops over fragments (`tl.parallel`).

    Global tensors are function arguments of `memref` type without a memory
    space; block-local buffers carry a `#tl.memory_space<...>` memory space.
    Element-wise bodies use the upstream `arith`, `math` and `memref` ops.
  }];
  let useDefaultAttributePrinterParser = 1;
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::func::FuncDialect"
  ];
}

class TL_Op<string mnemonic, list<Trait> traits = []>
    : Op<TL_Dialect, mnemonic, traits>;

def TL_MemorySpace : I32EnumAttr<"MemorySpace",
    "memory space of a block-local TileLang buffer", [
      I32EnumAttrCase<"Shared", 0, "shared">,
      I32EnumAttrCase<"Fragment", 1, "fragment">
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tl";
}

def TL_MemorySpaceAttr : EnumAttr<TL_Dialect, TL_MemorySpace, "memory_space"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "memory space of a block-local buffer (shared or fragment)";
}

def TL_ReduceKind : I32EnumAttr<"ReduceKind", "reduction kind", [
      I32EnumAttrCase<"Sum", 0, "sum">,
      I32EnumAttrCase<"Max", 1, "max">,
      I32EnumAttrCase<"Min", 2, "min">
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::tilett::tl";
}

def TL_ReduceKindAttr : EnumAttr<TL_Dialect, TL_ReduceKind, "reduce_kind"> {
  let assemblyFormat = "`<` $value `>`";
  let summary = "kind of a tl.reduce";
}

// A memref that lives in a block-local memory space.
def TL_LocalBuffer : Type<
    CPred<"::mlir::tilett::tl::isLocalBuffer($_self)">,
    "statically shaped memref in #tl.memory_space<shared|fragment>",
    "::mlir::MemRefType">;

def TL_AnyBuffer : Type<
    And<[IsMemRefTypePred, CPred<"::llvm::cast<::mlir::MemRefType>($_self).hasStaticShape()">]>,
    "statically shaped memref", "::mlir::MemRefType">;

#endif // TILETT_DIALECT_TL_IR_TLBASE_TD
