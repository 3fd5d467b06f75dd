//===- PermuteGlobals.cpp - Device dim orders for middle-dim windows ------===//
//
// See PermuteGlobals.h. Run first in InferTTLayout, before anything reads
// a global's shape or a copy's offsets, so that every later pass sees only
// windows over trailing dims.
//
//===----------------------------------------------------------------------===//

#include "tilett/Transforms/PermuteGlobals.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTDialect.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::tilett;

namespace {

/// "dims 1 and 3", "dim 2", "dims 0, 1 and 3": as a diagnostic says it.
std::string describeDims(ArrayRef<int64_t> dims) {
  std::string s = dims.size() == 1 ? "dim " : "dims ";
  for (auto [i, d] : llvm::enumerate(dims)) {
    if (i)
      s += i + 1 == dims.size() ? " and " : ", ";
    s += std::to_string(d);
  }
  return s;
}

/// "file:line:col" of the first file location in `loc` ("" if none).
std::string describeLoc(Location loc) {
  std::string s;
  loc->walk([&](Location l) {
    if (auto file = dyn_cast<FileLineColLoc>(l)) {
      s = (file.getFilename().getValue() + ":" + Twine(file.getLine()) + ":" +
           Twine(file.getColumn()))
              .str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return s;
}

/// Whether `order` puts exactly `spanned`, in order, last.
bool suits(ArrayRef<int64_t> order, ArrayRef<int64_t> spanned) {
  return spanned.size() <= order.size() &&
         order.take_back(spanned.size()) == spanned;
}

LogicalResult permuteArgument(func::FuncOp func, BlockArgument arg) {
  // In source order, so that the first window in the kernel picks the
  // order and the error names the later copy.
  SmallVector<tl::CopyOp> copies;
  func.walk([&](tl::CopyOp copy) {
    if (copy.getGlobal() == arg)
      copies.push_back(copy);
  });
  Operation *other = nullptr;
  for (Operation *user : arg.getUsers()) {
    auto copy = dyn_cast<tl::CopyOp>(user);
    if (!(copy && copy.getGlobal() == arg))
      other = user;
  }
  auto chooser = llvm::find_if(
      copies, [](tl::CopyOp c) { return c.getWindowDims().has_value(); });
  if (chooser == copies.end())
    return success();
  tl::CopyOp first = *chooser;
  std::string name = tl::getBufferName(arg);
  auto type = cast<MemRefType>(arg.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> spanned = first.getSpannedDims(), order;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(spanned, d))
      order.push_back(d);
  order.append(spanned);

  if (other) {
    InFlightDiagnostic diag = other->emitError()
                              << "'" << name
                              << "' is used here other than by T.copy, but "
                                 "a T.copy window spans its "
                              << describeDims(spanned)
                              << ", so the device holds it with its dims "
                                 "reordered; copy a tile first";
    diag.attachNote(first.getLoc()) << "the window that reorders it";
    return diag;
  }
  for (tl::CopyOp copy : copies) {
    SmallVector<int64_t> dims = copy.getSpannedDims();
    if (suits(order, dims))
      continue;
    InFlightDiagnostic diag =
        copy.emitError()
        << "T.copy's window into '" << name << "' spans its "
        << describeDims(dims) << ", but the T.copy at "
        << describeLoc(first.getLoc()) << " spans its " << describeDims(spanned)
        << "; the device tiles one pair of a tensor's dims, so every window "
           "into it must span the same trailing dims";
    diag.attachNote(first.getLoc()) << "the window that fixes the layout";
    return diag;
  }

  // The device tensor: dim i is the declared dim order[i].
  SmallVector<int64_t> shape;
  for (int64_t d : order)
    shape.push_back(type.getDimSize(d));
  arg.setType(MemRefType::get(shape, type.getElementType(), type.getLayout(),
                              type.getMemorySpace()));
  for (tl::CopyOp copy : copies) {
    SmallVector<Value> offsets;
    ValueRange old = copy.getGlobalOffsets();
    for (int64_t d : order)
      offsets.push_back(old[d]);
    (copy.isLoad() ? copy.getSrcOffsetsMutable() : copy.getDstOffsetsMutable())
        .assign(offsets);
    copy.removeWindowDimsAttr();
  }
  if (!llvm::equal(order, llvm::seq<int64_t>(0, rank)))
    func.setArgAttr(arg.getArgNumber(), tt::TTDialect::kDimOrderAttrName,
                    DenseI64ArrayAttr::get(func.getContext(), order));
  return success();
}

} // namespace

LogicalResult mlir::tilett::permuteGlobals(func::FuncOp func) {
  if (func.isExternal())
    return success();
  for (BlockArgument arg : func.getArguments())
    if (tl::isGlobalBuffer(arg.getType()) && failed(permuteArgument(func, arg)))
      return failure();
  func.setFunctionType(FunctionType::get(func.getContext(),
                                         func.front().getArgumentTypes(),
                                         func.getResultTypes()));
  return success();
}
