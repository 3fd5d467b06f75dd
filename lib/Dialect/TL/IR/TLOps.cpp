//===- TLOps.cpp - TileLang-level dialect: ops and verifiers --------------===//

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tilett::tl;

#include "tilett/Dialect/TL/IR/TLOpsDialect.cpp.inc"
#include "tilett/Dialect/TL/IR/TLOpsEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "tilett/Dialect/TL/IR/TLOpsAttrs.cpp.inc"

void TLDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "tilett/Dialect/TL/IR/TLOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "tilett/Dialect/TL/IR/TLOpsAttrs.cpp.inc"
      >();
}

std::optional<MemorySpace> mlir::tilett::tl::getMemorySpace(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref)
    return std::nullopt;
  if (auto space = dyn_cast_or_null<MemorySpaceAttr>(memref.getMemorySpace()))
    return space.getValue();
  return std::nullopt;
}

bool mlir::tilett::tl::isLocalBuffer(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && memref.hasStaticShape() && getMemorySpace(type).has_value();
}

bool mlir::tilett::tl::isGlobalBuffer(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && !memref.getMemorySpace();
}

std::string mlir::tilett::tl::getBufferName(Value buffer) {
  if (auto arg = dyn_cast<BlockArgument>(buffer)) {
    auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
    if (func && arg.getOwner()->isEntryBlock()) {
      if (auto name = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                        kBufferNameAttr))
        return name.str();
      return "arg" + std::to_string(arg.getArgNumber());
    }
    return "value";
  }
  Operation *def = buffer.getDefiningOp();
  if (auto name = def->getAttrOfType<StringAttr>(kBufferNameAttr))
    return name.str();
  bool shared = isa<AllocSharedOp>(def);
  unsigned index = 0;
  if (auto kernel = def->getParentOfType<KernelOp>())
    kernel.walk([&](Operation *op) {
      if (op == def)
        return WalkResult::interrupt();
      if (isa<AllocSharedOp, AllocFragmentOp>(op))
        ++index;
      return WalkResult::advance();
    });
  return std::string(shared ? "shared" : "fragment") + std::to_string(index);
}

//===----------------------------------------------------------------------===//
// Region ops with named index arguments
//===----------------------------------------------------------------------===//

/// Parses `(%a, %b)` as index-typed region arguments.
static ParseResult
parseIndexArgs(OpAsmParser &parser,
               SmallVectorImpl<OpAsmParser::Argument> &args) {
  if (parser.parseArgumentList(args, OpAsmParser::Delimiter::Paren))
    return failure();
  for (auto &arg : args)
    arg.type = parser.getBuilder().getIndexType();
  return success();
}

static void printIndexArgs(OpAsmPrinter &p, Block::BlockArgListType args) {
  p << "(";
  llvm::interleaveComma(args, p, [&](BlockArgument a) { p << a; });
  p << ")";
}

static void buildBodyWithIndexArgs(OpBuilder &builder, OperationState &state,
                                   unsigned numArgs) {
  Region *region = state.addRegion();
  Block *block = new Block();
  region->push_back(block);
  for (unsigned i = 0; i < numArgs; ++i)
    block->addArgument(builder.getIndexType(), state.location);
}

static LogicalResult verifyIndexArgs(Operation *op, Block &body,
                                     size_t expected, StringRef what) {
  if (body.getNumArguments() != expected)
    return op->emitOpError() << "expected " << expected << " " << what
                             << " but got " << body.getNumArguments();
  for (BlockArgument arg : body.getArguments())
    if (!arg.getType().isIndex())
      return op->emitOpError() << "expected index-typed " << what
                               << " but got " << arg.getType();
  return success();
}

//===----------------------------------------------------------------------===//
// KernelOp
//===----------------------------------------------------------------------===//

void KernelOp::build(OpBuilder &builder, OperationState &state,
                     ArrayRef<int64_t> grid, std::optional<int64_t> threads) {
  state.addAttribute(getGridAttrName(state.name),
                     builder.getDenseI64ArrayAttr(grid));
  if (threads)
    state.addAttribute(getThreadsAttrName(state.name),
                       builder.getI64IntegerAttr(*threads));
  buildBodyWithIndexArgs(builder, state, grid.size());
}

ParseResult KernelOp::parse(OpAsmParser &parser, OperationState &result) {
  SmallVector<int64_t> grid;
  if (parser.parseKeyword("grid") || parser.parseLSquare() ||
      parser.parseCommaSeparatedList([&]() {
        return parser.parseInteger(grid.emplace_back());
      }) ||
      parser.parseRSquare())
    return failure();
  result.addAttribute("grid", parser.getBuilder().getDenseI64ArrayAttr(grid));
  if (succeeded(parser.parseOptionalKeyword("threads"))) {
    int64_t threads;
    if (parser.parseInteger(threads))
      return failure();
    result.addAttribute("threads",
                        parser.getBuilder().getI64IntegerAttr(threads));
  }
  SmallVector<OpAsmParser::Argument> args;
  if (parseIndexArgs(parser, args) ||
      parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  Region *body = result.addRegion();
  return parser.parseRegion(*body, args);
}

void KernelOp::print(OpAsmPrinter &p) {
  p << " grid [";
  llvm::interleaveComma(getGrid(), p);
  p << "]";
  if (auto threads = getThreads())
    p << " threads " << *threads;
  p << " ";
  printIndexArgs(p, getBlockIndices());
  p.printOptionalAttrDictWithKeyword((*this)->getAttrs(),
                                     {getGridAttrName(), getThreadsAttrName()});
  p << " ";
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false);
}

LogicalResult KernelOp::verify() {
  ArrayRef<int64_t> grid = getGrid();
  if (grid.empty() || grid.size() > 3)
    return emitOpError() << "expected a 1-D, 2-D or 3-D grid but got "
                         << grid.size() << " dimensions";
  for (int64_t g : grid)
    if (g <= 0)
      return emitOpError() << "expected positive grid extents but got " << g;
  return verifyIndexArgs(*this, getBody().front(), grid.size(),
                         "block indices");
}

//===----------------------------------------------------------------------===//
// PipelinedOp
//===----------------------------------------------------------------------===//

void PipelinedOp::build(OpBuilder &builder, OperationState &state,
                        int64_t lower, int64_t upper, int64_t step,
                        int64_t numStages) {
  state.addAttribute(getLowerAttrName(state.name),
                     builder.getI64IntegerAttr(lower));
  state.addAttribute(getUpperAttrName(state.name),
                     builder.getI64IntegerAttr(upper));
  state.addAttribute(getStepAttrName(state.name),
                     builder.getI64IntegerAttr(step));
  state.addAttribute(getNumStagesAttrName(state.name),
                     builder.getI64IntegerAttr(numStages));
  buildBodyWithIndexArgs(builder, state, 1);
}

ParseResult PipelinedOp::parse(OpAsmParser &parser, OperationState &result) {
  OpAsmParser::Argument iv;
  int64_t lower, upper, step = 1, stages = 1;
  if (parser.parseArgument(iv) || parser.parseEqual() ||
      parser.parseInteger(lower) || parser.parseKeyword("to") ||
      parser.parseInteger(upper))
    return failure();
  if (succeeded(parser.parseOptionalKeyword("step")) &&
      parser.parseInteger(step))
    return failure();
  if (succeeded(parser.parseOptionalKeyword("stages")) &&
      parser.parseInteger(stages))
    return failure();
  Builder &b = parser.getBuilder();
  result.addAttribute("lower", b.getI64IntegerAttr(lower));
  result.addAttribute("upper", b.getI64IntegerAttr(upper));
  result.addAttribute("step", b.getI64IntegerAttr(step));
  result.addAttribute("num_stages", b.getI64IntegerAttr(stages));
  iv.type = b.getIndexType();
  if (parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  return parser.parseRegion(*result.addRegion(), {iv});
}

void PipelinedOp::print(OpAsmPrinter &p) {
  p << " " << getInductionVar() << " = " << getLower() << " to " << getUpper()
    << " step " << getStep() << " stages " << getNumStages();
  p.printOptionalAttrDictWithKeyword(
      (*this)->getAttrs(), {getLowerAttrName(), getUpperAttrName(),
                            getStepAttrName(), getNumStagesAttrName()});
  p << " ";
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false);
}

LogicalResult PipelinedOp::verify() {
  if (getStep() <= 0)
    return emitOpError() << "expected a positive step but got " << getStep();
  if (getNumStages() < 1)
    return emitOpError() << "expected at least 1 stage but got "
                         << getNumStages();
  return verifyIndexArgs(*this, getBody().front(), 1, "induction variable");
}

//===----------------------------------------------------------------------===//
// ParallelOp
//===----------------------------------------------------------------------===//

void ParallelOp::build(OpBuilder &builder, OperationState &state,
                       ArrayRef<int64_t> extents) {
  state.addAttribute(getExtentsAttrName(state.name),
                     builder.getDenseI64ArrayAttr(extents));
  buildBodyWithIndexArgs(builder, state, extents.size());
}

ParseResult ParallelOp::parse(OpAsmParser &parser, OperationState &result) {
  SmallVector<OpAsmParser::Argument> args;
  SmallVector<int64_t> extents;
  if (parseIndexArgs(parser, args) || parser.parseKeyword("in") ||
      parser.parseLSquare() ||
      parser.parseCommaSeparatedList([&]() {
        return parser.parseInteger(extents.emplace_back());
      }) ||
      parser.parseRSquare() ||
      parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  result.addAttribute("extents",
                      parser.getBuilder().getDenseI64ArrayAttr(extents));
  return parser.parseRegion(*result.addRegion(), args);
}

void ParallelOp::print(OpAsmPrinter &p) {
  p << " ";
  printIndexArgs(p, getIndices());
  p << " in [";
  llvm::interleaveComma(getExtents(), p);
  p << "]";
  p.printOptionalAttrDictWithKeyword((*this)->getAttrs(),
                                     {getExtentsAttrName()});
  p << " ";
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false);
}

LogicalResult ParallelOp::verify() {
  for (int64_t e : getExtents())
    if (e <= 0)
      return emitOpError() << "expected positive extents but got " << e;
  return verifyIndexArgs(*this, getBody().front(), getExtents().size(),
                         "indices");
}

//===----------------------------------------------------------------------===//
// Allocations
//===----------------------------------------------------------------------===//

static LogicalResult verifyAlloc(Operation *op, MemorySpace expected) {
  auto space = getMemorySpace(op->getResult(0).getType());
  if (space != expected)
    return op->emitOpError()
           << "expected a memref in #tl.memory_space<"
           << stringifyMemorySpace(expected) << "> but got "
           << op->getResult(0).getType();
  if (!op->getParentOfType<KernelOp>())
    return op->emitOpError() << "must be inside a tl.kernel";
  return success();
}

LogicalResult AllocSharedOp::verify() {
  return verifyAlloc(*this, MemorySpace::Shared);
}
LogicalResult AllocFragmentOp::verify() {
  return verifyAlloc(*this, MemorySpace::Fragment);
}

//===----------------------------------------------------------------------===//
// CopyOp
//===----------------------------------------------------------------------===//

bool CopyOp::isLoad() {
  return isGlobalBuffer(getSrc().getType()) &&
         isLocalBuffer(getDst().getType());
}
bool CopyOp::isElementLoad() {
  return isLoad() &&
         llvm::all_of(cast<MemRefType>(getDst().getType()).getShape(),
                      [](int64_t d) { return d == 1; });
}
bool CopyOp::isStore() {
  return isLocalBuffer(getSrc().getType()) &&
         isGlobalBuffer(getDst().getType());
}
Value CopyOp::getGlobal() {
  if (isLoad())
    return getSrc();
  if (isStore())
    return getDst();
  return nullptr;
}
ValueRange CopyOp::getGlobalOffsets() {
  return isLoad() ? getSrcOffsets() : getDstOffsets();
}
Value CopyOp::getLocal() { return isLoad() ? getDst() : getSrc(); }

SmallVector<int64_t> CopyOp::getSpannedDims() {
  if (std::optional<ArrayRef<int64_t>> dims = getWindowDims())
    return SmallVector<int64_t>(*dims);
  Value global = getGlobal(), local = getLocal();
  if (!global)
    return {};
  int64_t grank = cast<MemRefType>(global.getType()).getRank();
  int64_t lrank = cast<MemRefType>(local.getType()).getRank();
  return llvm::to_vector(llvm::seq<int64_t>(grank - lrank, grank));
}

LogicalResult CopyOp::verify() {
  auto srcTy = cast<MemRefType>(getSrc().getType());
  auto dstTy = cast<MemRefType>(getDst().getType());
  bool srcLocal = isLocalBuffer(srcTy), dstLocal = isLocalBuffer(dstTy);
  if (!srcLocal && !dstLocal)
    return emitOpError() << "expected at least one block-local side but got "
                         << srcTy << " to " << dstTy;
  if (srcLocal && dstLocal) {
    if (!getSrcOffsets().empty() || !getDstOffsets().empty())
      return emitOpError()
             << "expected no offsets on a local-to-local copy";
    if (srcTy.getShape() != dstTy.getShape())
      return emitOpError() << "expected equal shapes but got " << srcTy
                           << " and " << dstTy;
    return success();
  }
  MemRefType globalTy = srcLocal ? dstTy : srcTy;
  MemRefType localTy = srcLocal ? srcTy : dstTy;
  ValueRange globalOffsets = srcLocal ? getDstOffsets() : getSrcOffsets();
  ValueRange localOffsets = srcLocal ? getSrcOffsets() : getDstOffsets();
  if (!localOffsets.empty())
    return emitOpError() << "expected no offsets on the block-local side";
  if ((int64_t)globalOffsets.size() != globalTy.getRank())
    return emitOpError() << "expected " << globalTy.getRank()
                         << " offsets for the global side but got "
                         << globalOffsets.size();
  if (localTy.getRank() > globalTy.getRank())
    return emitOpError() << "expected the local buffer's rank ("
                         << localTy.getRank()
                         << ") to be at most the global tensor's ("
                         << globalTy.getRank() << ")";
  if (std::optional<ArrayRef<int64_t>> dims = getWindowDims()) {
    if ((int64_t)dims->size() != localTy.getRank())
      return emitOpError() << "expected one window_dims entry per local "
                              "dimension ("
                           << localTy.getRank() << ") but got " << dims->size();
    for (auto [i, d] : llvm::enumerate(*dims))
      if (d < 0 || d >= globalTy.getRank() || (i > 0 && d <= (*dims)[i - 1]))
        return emitOpError() << "expected window_dims to be increasing "
                                "dimensions of the global tensor (rank "
                             << globalTy.getRank() << ")";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// GemmOp
//===----------------------------------------------------------------------===//

LogicalResult GemmOp::verify() {
  auto a = cast<MemRefType>(getA().getType());
  auto b = cast<MemRefType>(getB().getType());
  auto c = cast<MemRefType>(getC().getType());
  if (a.getRank() != 2 || b.getRank() != 2 || c.getRank() != 2)
    return emitOpError() << "expected 2-D operands";
  int64_t m = getTransposeA() ? a.getDimSize(1) : a.getDimSize(0);
  int64_t ka = getTransposeA() ? a.getDimSize(0) : a.getDimSize(1);
  int64_t kb = getTransposeB() ? b.getDimSize(1) : b.getDimSize(0);
  int64_t n = getTransposeB() ? b.getDimSize(0) : b.getDimSize(1);
  if (ka != kb)
    return emitOpError() << "expected matching reduction extents but got "
                         << ka << " (A) and " << kb << " (B)";
  if (c.getDimSize(0) != m || c.getDimSize(1) != n)
    return emitOpError() << "expected C of shape " << m << "x" << n
                         << " but got " << c;
  if (getMemorySpace(c) != MemorySpace::Fragment &&
      getMemorySpace(c) != MemorySpace::Shared)
    return emitOpError() << "expected a block-local accumulator";
  if (!isa<FloatType>(a.getElementType()) ||
      !isa<FloatType>(b.getElementType()) ||
      !isa<FloatType>(c.getElementType()))
    return emitOpError() << "expected floating-point operands";
  return success();
}

//===----------------------------------------------------------------------===//
// ReduceOp
//===----------------------------------------------------------------------===//

LogicalResult ReduceOp::verify() {
  auto src = cast<MemRefType>(getSrc().getType());
  auto dst = cast<MemRefType>(getDst().getType());
  int64_t dim = getDim();
  if (dim < 0 || dim >= src.getRank())
    return emitOpError() << "expected dim in [0, " << src.getRank()
                         << ") but got " << dim;
  SmallVector<int64_t> expected(src.getShape());
  expected.erase(expected.begin() + dim);
  if (llvm::to_vector(dst.getShape()) != expected) {
    std::string shape;
    llvm::raw_string_ostream os(shape);
    llvm::interleave(expected, os, "x");
    return emitOpError() << "expected a destination of shape " << shape
                         << " but got " << dst;
  }
  return success();
}

#define GET_OP_CLASSES
#include "tilett/Dialect/TL/IR/TLOps.cpp.inc"
