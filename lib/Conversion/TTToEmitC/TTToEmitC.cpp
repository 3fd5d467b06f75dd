//===- TTToEmitC.cpp - tt kernel ops to EmitC -----------------------------===//
//
// One generic rule turns a tt kernel op into the emitc.call_opaque of the
// TT-Metalium function it is named after; the few ops whose API is not a
// plain call (template arguments, literal arguments, address generators)
// have their own rules below.
//
//===----------------------------------------------------------------------===//

#include "tilett/Host/HostPlan.h"
#include "tilett/Conversion/Passes.h"
#include "tilett/Conversion/TTToEmitC/TTToEmitC.h"
#include "tilett/Dialect/TT/IR/TTOps.h"

#include "mlir/Conversion/ArithToEmitC/ArithToEmitC.h"
#include "mlir/Conversion/FuncToEmitC/FuncToEmitC.h"
#include "mlir/Conversion/SCFToEmitC/SCFToEmitC.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/EmitC/Transforms/TypeConversions.h"
#include "mlir/Transforms/DialectConversion.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::tilett {
#define GEN_PASS_DEF_CONVERTTTTOEMITC
#include "tilett/Conversion/Passes.h.inc"
} // namespace mlir::tilett

using namespace mlir;
using namespace mlir::tilett;

std::optional<MetalApi> mlir::tilett::parseMetalApi(StringRef text) {
  if (text == "current")
    return MetalApi::Current;
  if (text == "legacy")
    return MetalApi::Legacy;
  return std::nullopt;
}

StringRef mlir::tilett::getMetalCallee(StringRef mnemonic) {
  // Our op names group SFPU binaries as `<op>_binary_tile`; tt-metal spells
  // max/min the other way round. copy_tile_init is the short re-init that
  // exists in both API generations.
  return llvm::StringSwitch<StringRef>(mnemonic)
      .Case("copy_tile_init", "copy_tile_to_dst_init_short")
      .Case("max_binary_tile", "binary_max_tile")
      .Case("max_binary_tile_init", "binary_max_tile_init")
      .Case("min_binary_tile", "binary_min_tile")
      .Case("min_binary_tile_init", "binary_min_tile_init")
      .Default(mnemonic);
}

/// The C++ DataFormat enumerator of a tile element type (older API's
/// InterleavedAddrGenFast needs it); empty when there is none.
static std::string getDataFormat(Type type) {
  // The one dtype table (tilett/Host/HostPlan.h).
  if (const ::tilett_host::DTypeInfo *d =
          ::tilett_host::findDType(tt::getDTypeName(type)))
    return std::string("DataFormat::") + d->dataFormat;
  return {};
}

/// The C++ spelling of a kernel-API enum value: its type, then the value's
/// mnemonic in capitals after `prefix` (PoolType::SUM,
/// ReduceDim::REDUCE_ROW, BroadcastType::COL).
static std::string enumLiteral(StringRef type, StringRef prefix,
                               StringRef mnemonic) {
  return (type + "::" + prefix + mnemonic.upper()).str();
}

/// `args` for call_opaque: operand indices 0..n-1, then `extra` literals.
static ArrayAttr operandArgs(Builder &b, unsigned numOperands,
                             ArrayRef<Attribute> extra) {
  SmallVector<Attribute> args;
  for (unsigned i = 0; i < numOperands; ++i)
    args.push_back(b.getIndexAttr(i));
  llvm::append_range(args, extra);
  return b.getArrayAttr(args);
}

static emitc::OpaqueAttr opaque(Builder &b, StringRef text) {
  return emitc::OpaqueAttr::get(b.getContext(), text);
}

namespace {

/// The generic rule: `tt.foo %a, %b` -> `foo(a, b)`. Ops with inherent
/// attributes carry information a plain call would drop, so they must have
/// a rule of their own; this one refuses them.
struct GenericCallLowering : public ConversionPattern {
  GenericCallLowering(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const final {
    if (!isa<tt::TTDialect>(op->getDialect()))
      return failure();
    if (op->getNumRegions() != 0)
      return rewriter.notifyMatchFailure(op, "has regions");
    if (Attribute props = op->getPropertiesAsAttribute()) {
      auto dict = dyn_cast<DictionaryAttr>(props);
      if (!dict || !dict.empty())
        return rewriter.notifyMatchFailure(op, "has inherent attributes");
    }
    if (!llvm::all_of(ValueRange(operands).getTypes(), [](Type type) {
          return emitc::isSupportedEmitCType(type);
        }))
      return rewriter.notifyMatchFailure(op, "operand without a C++ type");
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(),
                                                resultTypes)))
      return rewriter.notifyMatchFailure(op, "unconvertible result type");
    StringRef mnemonic = op->getName().stripDialect();
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, resultTypes, getMetalCallee(mnemonic), operands);
    return success();
  }
};

/// get_arg_val / get_common_arg_val: `get_arg_val<uint32_t>(index)`.
template <typename OpTy>
struct ArgValLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Builder &b = rewriter;
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, op.getType(), op->getName().stripDialect(), ValueRange(),
        b.getArrayAttr({b.getI32IntegerAttr(op.getIndex())}),
        b.getArrayAttr({opaque(b, "uint32_t")}));
    return success();
  }
};

/// get_arg_val_dyn(i): the same `get_arg_val<uint32_t>(i)` call with a
/// computed index (GridToPersistentTT reads work items with it).
struct ArgValDynLowering : public OpConversionPattern<tt::GetArgValDynOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(tt::GetArgValDynOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Builder &b = rewriter;
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, op.getType(), "get_arg_val", adaptor.getOperands(), ArrayAttr(),
        b.getArrayAttr({opaque(b, "uint32_t")}));
    return success();
  }
};

/// get_compile_time_arg_val(index): the index must be a literal, the API
/// is constexpr.
struct CompileTimeArgLowering
    : public OpConversionPattern<tt::GetCompileTimeArgValOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(tt::GetCompileTimeArgValOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Builder &b = rewriter;
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, op.getType(), "get_compile_time_arg_val", ValueRange(),
        b.getArrayAttr({b.getI32IntegerAttr(op.getIndex())}));
    return success();
  }
};

/// mm_init(in0, in1, out[, transpose]): the transpose flag is the 4th
/// argument in both API generations.
struct MmInitLowering : public OpConversionPattern<tt::MmInitOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(tt::MmInitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Builder &b = rewriter;
    ArrayAttr args;
    if (op.getTranspose())
      args = operandArgs(b, 3, {b.getI32IntegerAttr(1)});
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, TypeRange(), "mm_init", adaptor.getOperands(), args);
    return success();
  }
};

/// matmul_tiles: the legacy API takes the in1 transpose flag as a 6th
/// argument; the current one has five operands and takes the flag from
/// mm_init.
struct MatmulTilesLowering : public OpConversionPattern<tt::MatmulTilesOp> {
  MatmulTilesLowering(const TypeConverter &converter, MLIRContext *ctx,
                      MetalApi api)
      : OpConversionPattern(converter, ctx), api(api) {}
  LogicalResult
  matchAndRewrite(tt::MatmulTilesOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Builder &b = rewriter;
    ArrayAttr args;
    if (api == MetalApi::Legacy)
      args = operandArgs(b, 5, {b.getI32IntegerAttr(op.getTranspose())});
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, TypeRange(), "matmul_tiles", adaptor.getOperands(), args);
    return success();
  }
  MetalApi api;
};

/// noc_semaphore_wait / noc_semaphore_set take the semaphore as a pointer
/// to its L1 word; the op carries the address get_semaphore returned.
template <typename OpTy>
struct SemaphorePointerLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Builder &b = rewriter;
    Value pointer = emitc::CastOp::create(
        rewriter, op.getLoc(),
        emitc::OpaqueType::get(b.getContext(),
                               "volatile tt_l1_ptr uint32_t*"),
        adaptor.getAddr());
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, TypeRange(), op->getName().stripDialect(),
        ValueRange{pointer, adaptor.getValue()});
    return success();
  }
};

/// fill_tile(dst, value): the value is a float literal.
struct FillTileLowering : public OpConversionPattern<tt::FillTileOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(tt::FillTileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Builder &b = rewriter;
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, TypeRange(), "fill_tile", adaptor.getOperands(),
        operandArgs(b, 1, {op.getValueAttr()}));
    return success();
  }
};

/// The template arguments of the API calls that take them: reduce_init /
/// reduce_tile<PoolType, ReduceDim>, unary_bcast(_init)<BroadcastType>,
/// where_tile<DataFormat> and exp_tile(_init)<APPROX>.
static SmallVector<std::string> templateArgsOf(Operation *op) {
  auto reduce = [](auto r) -> SmallVector<std::string> {
    return {enumLiteral("PoolType", "", tt::stringifyPoolType(r.getPool())),
            enumLiteral("ReduceDim", "REDUCE_",
                        tt::stringifyReduceDim(r.getDim()))};
  };
  auto bcast = [](auto u) -> SmallVector<std::string> {
    return {enumLiteral("BroadcastType", "",
                        tt::stringifyBroadcastType(u.getBcast()))};
  };
  return llvm::TypeSwitch<Operation *, SmallVector<std::string>>(op)
      .Case<tt::ReduceInitOp, tt::ReduceTileOp>(reduce)
      .Case<tt::UnaryBcastInitOp, tt::UnaryBcastOp>(bcast)
      .Case([](tt::WhereTileOp w) -> SmallVector<std::string> {
        return {w.getFp32() ? "DataFormat::Float32" : "DataFormat::Float16_b"};
      })
      // exp_tile's approximation is its template argument (default false,
      // whatever math_approx_mode says); APPROX is math_approx_mode in a
      // compute kernel's build, so --math-approx reaches the SFPU.
      .Case<tt::ExpTile_InitOp, tt::ExpTile_Op>(
          [](Operation *) -> SmallVector<std::string> { return {"APPROX"}; });
}

/// An op whose attributes are the call's template arguments (see
/// templateArgsOf); its operands are the call's arguments.
template <typename OpTy>
struct TemplateCallLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Builder &b = rewriter;
    SmallVector<Attribute> args = llvm::map_to_vector(
        templateArgsOf(op), [&](const std::string &arg) -> Attribute {
          return opaque(b, arg);
        });
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, TypeRange(), op->getName().stripDialect(), adaptor.getOperands(),
        ArrayAttr(), b.getArrayAttr(args));
    return success();
  }
};

/// tt.float_bits: `__builtin_bit_cast(uint32_t, x)` (std::bit_cast without
/// needing <bit> on the device toolchain).
struct FloatBitsLowering : public OpConversionPattern<tt::FloatBitsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(tt::FloatBitsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Builder &b = rewriter;
    Type type = getTypeConverter()->convertType(op.getType());
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, type, "__builtin_bit_cast", adaptor.getOperands(),
        b.getArrayAttr({opaque(b, "uint32_t"), b.getIndexAttr(0)}));
    return success();
  }
};

/// l1_move_bytes(dst, src, n): tt-metal has no call for it (kernels go
/// through L1 pointers), so it is a memmove on the addresses as pointers.
struct L1MoveBytesLowering : public OpConversionPattern<tt::L1MoveBytesOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(tt::L1MoveBytesOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    rewriter.replaceOpWithNewOp<emitc::VerbatimOp>(
        op,
        "__builtin_memmove(reinterpret_cast<void *>(uintptr_t({})), "
        "reinterpret_cast<const void *>(uintptr_t({})), {});",
        adaptor.getOperands());
    return success();
  }
};

/// fp32 scalar math (a runtime scalar computed from block indices) and the
/// <cmath> function each op becomes.
static constexpr std::pair<StringLiteral, StringLiteral> kScalarMath[] = {
    {"exp", "expf"},   {"exp2", "exp2f"}, {"log", "logf"},   {"log2", "log2f"},
    {"sqrt", "sqrtf"}, {"tanh", "tanhf"}, {"absf", "fabsf"}, {"powf", "powf"}};

/// An f32 math op as a call of its <cmath> function (kScalarMath).
struct ScalarMathLowering : public ConversionPattern {
  ScalarMathLowering(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}
  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const final {
    if (!isa<math::MathDialect>(op->getDialect()) || op->getNumResults() != 1 ||
        !op->getResult(0).getType().isF32())
      return rewriter.notifyMatchFailure(op, "not an f32 math op");
    StringRef mnemonic = op->getName().stripDialect();
    const auto *entry = llvm::find_if(
        kScalarMath, [&](const auto &e) { return e.first == mnemonic; });
    if (entry == std::end(kScalarMath))
      return rewriter.notifyMatchFailure(op, "no <cmath> function");
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, op->getResult(0).getType(), entry->second, operands);
    return success();
  }
};

/// tt.interleaved_accessor. Current API:
///   auto a = TensorAccessorArgs<cta_offset>();
///   auto acc = TensorAccessor(a, base, page_size);
/// Legacy API:
///   InterleavedAddrGenFast<is_dram> acc; acc.bank_base_address = base;
///   acc.page_size = page_size; acc.data_format = DataFormat::...;
struct InterleavedAccessorLowering
    : public OpConversionPattern<tt::InterleavedAccessorOp> {
  InterleavedAccessorLowering(const TypeConverter &converter,
                              MLIRContext *ctx, MetalApi api)
      : OpConversionPattern(converter, ctx), api(api) {}

  LogicalResult
  matchAndRewrite(tt::InterleavedAccessorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Builder &b = rewriter;
    Location loc = op.getLoc();
    Type accessorType = getTypeConverter()->convertType(op.getType());
    if (api == MetalApi::Current) {
      // The accessor's compile-time words follow those of the accessors
      // before it; how many words each takes is the API's business
      // (tt-metal: two for an interleaved buffer), so the offset is chained
      // through next_compile_time_args_offset() rather than counted here.
      std::string offset = "0";
      for (uint32_t i = 0, n = op.getCtaOffset(); i < n; ++i)
        offset = "TensorAccessorArgs<" + offset +
                 ">::next_compile_time_args_offset()";
      auto autoType = emitc::OpaqueType::get(getContext(), "auto");
      auto args = emitc::CallOpaqueOp::create(
          rewriter, loc, autoType, "TensorAccessorArgs", ValueRange(),
          ArrayAttr(), b.getArrayAttr({opaque(b, offset)}));
      rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
          op, accessorType, "TensorAccessor",
          ValueRange{args.getResult(0), adaptor.getBase(),
                     adaptor.getPageSize()});
      return success();
    }

    std::string format = getDataFormat(op.getDtype());
    if (format.empty())
      return op.emitOpError()
             << "expected a bf16, f16, f32 or i32 dtype for "
                "InterleavedAddrGenFast but got "
             << op.getDtype();
    if (!op.getIsDram())
      return op.emitOpError()
             << "expected a DRAM buffer for the legacy API's "
                "InterleavedAddrGenFast<true>; use --metal-headers=current "
                "for L1 buffers";
    auto var = emitc::VariableOp::create(
        rewriter, loc, emitc::LValueType::get(accessorType), opaque(b, ""));
    auto assignMember = [&](StringRef name, Value value) {
      auto member = emitc::MemberOp::create(
          rewriter, loc, emitc::LValueType::get(value.getType()), name, var);
      emitc::AssignOp::create(rewriter, loc, member, value);
    };
    assignMember("bank_base_address", adaptor.getBase());
    assignMember("page_size", adaptor.getPageSize());
    auto formatType = emitc::OpaqueType::get(getContext(), "DataFormat");
    Value formatValue = emitc::ConstantOp::create(rewriter, loc, formatType,
                                                  opaque(b, format));
    assignMember("data_format", formatValue);
    rewriter.replaceOpWithNewOp<emitc::LoadOp>(op, accessorType, var);
    return success();
  }
  MetalApi api;
};

} // namespace

void mlir::tilett::populateTTToEmitCTypeConversions(TypeConverter &converter,
                                                    MetalApi api) {
  converter.addConversion([api](tt::AccessorType type) -> Type {
    return emitc::OpaqueType::get(type.getContext(),
                                  api == MetalApi::Current
                                      ? "auto"
                                      : "InterleavedAddrGenFast<true>");
  });
}

bool mlir::tilett::isCMathFunction(StringRef callee) {
  return llvm::any_of(kScalarMath,
                      [&](const auto &entry) { return entry.second == callee; });
}

void mlir::tilett::populateTTToEmitCPatterns(TypeConverter &converter,
                                             RewritePatternSet &patterns,
                                             MetalApi api) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<GenericCallLowering>(converter, ctx);
  patterns.add<ArgValLowering<tt::GetArgValOp>,
               ArgValLowering<tt::GetCommonArgValOp>, ArgValDynLowering,
               CompileTimeArgLowering,
               MmInitLowering, FillTileLowering,
               TemplateCallLowering<tt::ReduceInitOp>,
               TemplateCallLowering<tt::ReduceTileOp>,
               TemplateCallLowering<tt::UnaryBcastInitOp>,
               TemplateCallLowering<tt::UnaryBcastOp>,
               TemplateCallLowering<tt::WhereTileOp>,
               TemplateCallLowering<tt::ExpTile_InitOp>,
               TemplateCallLowering<tt::ExpTile_Op>,
               SemaphorePointerLowering<tt::NocSemaphoreWaitOp>,
               SemaphorePointerLowering<tt::NocSemaphoreSetOp>>(converter, ctx,
                                                      /*benefit=*/2);
  patterns.add<MatmulTilesLowering, InterleavedAccessorLowering>(converter,
                                                                 ctx, api);
  patterns.add<FloatBitsLowering>(converter, ctx, /*benefit=*/2);
  patterns.add<L1MoveBytesLowering>(converter, ctx, /*benefit=*/2);
  patterns.add<ScalarMathLowering>(converter, ctx);
}

namespace {

struct ConvertTTToEmitC
    : public tilett::impl::ConvertTTToEmitCBase<ConvertTTToEmitC> {
  using Base::Base;

  void runOnOperation() final {
    ModuleOp module = getOperation();
    std::optional<MetalApi> api = parseMetalApi(metalHeaders);
    if (!api) {
      module.emitError() << "expected metal-headers=current or legacy but got '"
                         << metalHeaders << "'";
      return signalPassFailure();
    }

    // Only the kernel functions become C++; the kernel's declaration that
    // carries the metadata stays a func.func for the plan writer.
    SmallVector<Operation *> kernels;
    llvm::StringMap<Attribute> kinds;
    for (auto func : module.getOps<func::FuncOp>()) {
      Attribute kind = func->getAttr(tt::TTDialect::kKernelKindAttrName);
      if (!kind)
        continue;
      if (func.isExternal()) {
        func.emitOpError() << "expected a body for a kernel function";
        return signalPassFailure();
      }
      if (func.getNumArguments() != 0 || func.getNumResults() != 0) {
        func.emitOpError()
            << "expected a kernel function without arguments or results "
               "(GridToPersistentTT output) but got type "
            << func.getFunctionType();
        return signalPassFailure();
      }
      // Leftovers of earlier stages have no C++ form; say which stage.
      WalkResult leftover = func.walk([](Operation *op) {
        if (isa<tt::BufferAddressOp>(op)) {
          op->emitOpError() << "expected GridToPersistentTT to have replaced "
                               "it by a runtime argument";
          return WalkResult::interrupt();
        }
        if (isa<tt::ThreadOp>(op)) {
          op->emitOpError() << "expected GridToPersistentTT to have inlined "
                               "it into its kernel";
          return WalkResult::interrupt();
        }
        return WalkResult::advance();
      });
      if (leftover.wasInterrupted())
        return signalPassFailure();
      kernels.push_back(func);
      kinds[func.getSymName()] = kind;
    }

    TypeConverter converter;
    converter.addConversion([](Type type) { return type; });
    populateEmitCSizeTTypeConversions(converter);
    populateTTToEmitCTypeConversions(converter, *api);

    ConversionTarget target(getContext());
    target.addLegalDialect<emitc::EmitCDialect>();
    target.addIllegalDialect<tt::TTDialect, arith::ArithDialect,
                             scf::SCFDialect, func::FuncDialect,
                             math::MathDialect>();

    RewritePatternSet patterns(&getContext());
    populateArithToEmitCPatterns(converter, patterns);
    populateSCFToEmitCConversionPatterns(patterns, converter);
    populateFuncToEmitCPatterns(converter, patterns);
    populateTTToEmitCPatterns(converter, patterns, *api);

    if (failed(applyPartialConversion(kernels, target, std::move(patterns))))
      return signalPassFailure();

    // The kernel kind tells the target translation which API to include and
    // how to wrap the body; keep it on the emitc.func.
    for (auto func : module.getOps<emitc::FuncOp>()) {
      auto it = kinds.find(func.getSymName());
      if (it != kinds.end())
        func->setAttr(tt::TTDialect::kKernelKindAttrName, it->second);
    }
  }
};

} // namespace
