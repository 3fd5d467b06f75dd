//===- KernelBuilder.cpp - TileLang language calls to tl ops --------------===//
//
// Gives meaning to `T.*` calls: types of kernel parameters, buffers and
// their allocation, tile operations (T.copy, T.gemm, T.fill, T.reduce_*),
// layout and core-grid annotations, and element-wise math functions. Every
// op is created at the FileLineColLoc of the Python expression that produced
// it. The rest of the language lives beside it: KernelValues.cpp (values to
// types and SSA values), ElementAccess.cpp (element loads, stores, scalar
// arithmetic), PrimFuncBuilder.cpp (kernels and the launch) and
// KernelLoops.cpp (loops).
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTAttrs.h"
#include "tilett/Dialect/TT/IR/TTSugar.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::frontend;

static const char *kSupported =
    "supported: T.copy, T.gemm, T.clear, T.fill, T.reduce_sum/max/min, "
    "T.alloc_shared, T.alloc_fragment, T.Pipelined, T.serial, T.Parallel, "
    "T.annotate_layout, T.annotate_core_grid and element-wise math in "
    "T.Parallel";

/// GPU scheduling hints: accepted, without effect on Tenstorrent.
static bool isGpuHint(StringRef name) {
  return llvm::is_contained(
      {"use_swizzle", "no_set_max_nreg", "annotate_l2_hit_ratio",
       "sync_threads", "disable_warp_group_reg_alloc", "set_max_nreg",
       "dec_max_nreg", "inc_max_nreg", "annotate_padding", "tvm_storage_sync",
       "assume", "annotate_restrict_buffers"},
      name);
}

/// TileLang constructs the frontend reads but the Tenstorrent lowering does
/// not implement: a device-side gap, said as such rather than as an unknown
/// call.
static std::optional<StringRef> notLoweredYet(StringRef name) {
  return llvm::StringSwitch<std::optional<StringRef>>(name)
      .Case("alloc_global",
            "there are no DRAM scratch buffers inside a kernel; pass the "
            "scratch tensor as a kernel argument, or split the kernel in two")
      .Case("im2col", "there is no gather of image patches into a tile")
      .Case("Persistent",
            "there is no persistent tile loop; launch one block per tile "
            "with T.Kernel (TTTilesToCoreMap spreads blocks over the cores)")
      .Case("alloc_reducer", "there are no per-core reduction buffers")
      .Cases({"atomic_add", "atomic_addx2", "atomic_addx4"},
             "tiles are written to DRAM whole, with no atomic accumulation "
             "(a split-K or stream-K reduction must be summed in one kernel)")
      .Default(std::nullopt);
}

/// Ops whose results depend on GPU semantics tilett cannot reproduce.
static bool hasNoTTMeaning(StringRef name) {
  return name.starts_with("atomic") || name.starts_with("call_") ||
         name.starts_with("ptx") || name.starts_with("tma") ||
         llvm::is_contained({"shfl_sync", "shfl_xor", "shfl_down", "shfl_up",
                             "ldmatrix", "stmatrix", "mma", "wgmma",
                             "alloc_local", "alloc_barrier",
                             "get_thread_binding", "get_thread_bindings",
                             "get_block_binding", "get_block_bindings",
                             "get_lane_idx", "get_warp_idx",
                             "barrier_wait", "barrier_arrive", "mbarrier_wait_parity",
                             "import_source", "cumsum", "print", "address_of"},
                            name);
}


/// |src| into a new fragment of src's shape and dtype (T.reduce_absmax /
/// T.reduce_abssum reduce that), allocated at the top of the kernel so that
/// a reduction inside a loop does not allocate per iteration.
Value Interpreter::absInto(Value src, ast::Pos pos) {
  Location l = loc(pos);
  auto type = cast<MemRefType>(src.getType());
  Value tmp;
  {
    OpBuilder::InsertionGuard guard(builder);
    auto kernel = builder.getInsertionBlock()->getParentOp();
    while (kernel && !isa<tl::KernelOp>(kernel))
      kernel = kernel->getParentOp();
    if (kernel)
      builder.setInsertionPointToStart(&cast<tl::KernelOp>(kernel).getBody().front());
    auto frag = MemRefType::get(
        type.getShape(), type.getElementType(), MemRefLayoutAttrInterface(),
        tl::MemorySpaceAttr::get(ctx, tl::MemorySpace::Fragment));
    Operation *alloc = tl::AllocFragmentOp::create(builder, l, frag);
    alloc->setAttr("tl.name",
                   builder.getStringAttr(tl::getBufferName(src) + "_abs"));
    tmp = alloc->getResult(0);
  }
  auto par = tl::ParallelOp::create(builder, l, type.getShape());
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(&par.getBody().front());
  ValueRange ivs = par.getIndices();
  Value x = memref::LoadOp::create(builder, l, src, ivs);
  Value ax = math::AbsFOp::create(builder, l, x);
  memref::StoreOp::create(builder, l, ax, tmp, ivs);
  return tmp;
}

Result Interpreter::callLanguage(StringRef name, std::vector<Val> args,
                                 std::vector<KwArg> kwargs,
                                 ast::Pos pos) {
  Location l = loc(pos);
  // Compile-time integer helpers (valid anywhere).
  if (name == "ceildiv" && args.size() == 2) {
    if (args[0].isIntLike() && args[1].isIntLike()) {
      if (args[1].i == 0)
        return error(pos, "T.ceildiv by zero");
      return binary("//", Val::integer(args[0].i + args[1].i - 1), args[1], pos);
    }
    // On block indices (`T.ceildiv((bx + 1) * block_M, block_N)`): index
    // arithmetic, usable wherever a runtime index is.
    auto isIndexLike = [](const Val &v) {
      return v.isIntLike() ||
             (v.kind == Val::Scalar && !isa<FloatType>(v.v.getType()));
    };
    if (kernelFunc && isIndexLike(args[0]) && isIndexLike(args[1])) {
      Result a = castTo(args[0], builder.getIndexType(), pos);
      Result b = a ? castTo(args[1], builder.getIndexType(), pos) : std::nullopt;
      if (!b)
        return std::nullopt;
      return Val::scalar(arith::CeilDivSIOp::create(builder, l, a->v, b->v));
    }
    for (const Val &a : args)
      if (a.kind == Val::Opaque)
        return kernelFunc ? error(pos, "T.ceildiv needs integers known at "
                                       "compile time but it depends on " +
                                           a.s)
                          : Result(a);
    return unsupported(pos, "T.ceildiv needs integers known at compile time");
  }
  // T.clamp(x, lo, hi) == T.min(T.max(x, lo), hi).
  if (name == "clamp" && args.size() == 3) {
    Result lo = callLanguage("max", {args[0], args[1]}, {}, pos);
    return lo ? callLanguage("min", {*lo, args[2]}, {}, pos) : std::nullopt;
  }
  if ((name == "max" || name == "min") && args.size() >= 2) {
    Val acc = args[0];
    for (size_t k = 1; k < args.size(); ++k) {
      if (acc.isIntLike() && args[k].isIntLike())
        acc = Val::integer(name == "max" ? std::max(acc.i, args[k].i)
                                         : std::min(acc.i, args[k].i));
      else if ((acc.isIntLike() || acc.kind == Val::Float) &&
               (args[k].isIntLike() || args[k].kind == Val::Float)) {
        double a = acc.kind == Val::Float ? acc.f : acc.i;
        double b = args[k].kind == Val::Float ? args[k].f : args[k].i;
        acc = Val::real(name == "max" ? std::max(a, b) : std::min(a, b));
      } else if (kernelFunc) {
        Result r = scalarBinary(name, acc, args[k], pos);
        if (!r)
          return std::nullopt;
        acc = *r;
      } else {
        return unsupported(pos, name + " of values not known at compile time");
      }
    }
    return acc;
  }
  // dtype names used as values or as constructors: T.float32(0).
  if (Type t = llvm::StringSwitch<Type>(name)
                   .Cases({"float16", "bfloat16", "float32", "int32", "int8",
                           "int16", "uint8", "float64"},
                          builder.getF32Type())
                   .Default(Type())) {
    (void)t;
    if (args.empty())
      return Val::str(name.str());
    if (args[0].isIntLike() || args[0].kind == Val::Float)
      return name.starts_with("float") || name.starts_with("bfloat")
                 ? Val::real(args[0].kind == Val::Float ? args[0].f : args[0].i)
                 : Val::integer(args[0].kind == Val::Float ? (int64_t)args[0].f
                                                           : args[0].i);
    std::optional<Type> dt = toDType(Val::str(name.str()), pos);
    return dt ? castTo(args[0], *dt, pos) : std::nullopt;
  }
  if (name == "Tensor" || name == "Buffer" || name == "StridedTensor" ||
      name == "FragmentBuffer" || name == "SharedBuffer") {
    if (args.empty())
      return error(pos, "expected T." + name + "(shape, dtype)");
    std::optional<SmallVector<int64_t>> shape = toShape(args[0], pos);
    if (!shape)
      return std::nullopt;
    std::optional<Type> dt =
        toDType(getArg(args, kwargs, 1, "dtype", Val::str("float32")), pos);
    if (!dt)
      return std::nullopt;
    Val r;
    r.kind = Val::Str;
    r.s = "__tensor_type__";
    r.v = Value();
    r.pos = pos;
    r.elems.push_back(Val::none());
    // Keep the type in an attribute-free way: stash it in a TypeAttr string.
    r.kw.emplace_back("type", Val::none());
    r.f = 0;
    r.i = 0;
    // Encode the memref type by printing it; buildPrimFunc parses it back.
    std::string text;
    llvm::raw_string_ostream os(text);
    os << MemRefType::get(*shape, *dt);
    r.kw.back().second = Val::str(text);
    return r;
  }

  // `M = T.symbolic("m")` in a factory: a size only known at run time.
  // Harmless until a kernel needs it, then toConstInt says why.
  if (!kernelFunc && (name == "symbolic" || name == "dynamic" ||
                      name == "dyn")) {
    std::string what = "T." + name.str() + "(" +
                       (args.empty() || args[0].kind != Val::Str
                            ? std::string()
                            : "\"" + args[0].s + "\"") +
                       "), a size known only at run time (dynamic shapes are "
                       "not supported on Tenstorrent; pass a concrete size)";
    return Val::opaque(what, pos);
  }
  if (!kernelFunc)
    return unsupported(pos, "T." + name + " is only meaningful in a kernel");

  if (name == "const" || name == "dynamic" || name == "symbolic") {
    // `M, N = T.const("M, N")`: sizes given to `.compile(M=..., N=...)`.
    if (!eagerConsts)
      return error(pos, "T." + name + " sizes are only known in a "
                        "@tilelang.jit kernel instantiated with "
                        ".compile(...); dynamic shapes are not supported");
    if (args.empty() || args[0].kind != Val::Str)
      return error(pos, "expected T." + name + "(\"M, N, ...\")");
    SmallVector<StringRef> names;
    StringRef(args[0].s).split(names, ',', -1, /*KeepEmpty=*/false);
    Val tuple;
    tuple.kind = Val::Tuple;
    for (StringRef n : names) {
      n = n.trim();
      const KwArg *found = nullptr;
      for (const KwArg &kw : *eagerConsts)
        if (kw.first == n)
          found = &kw;
      if (!found && eagerProbe) {
        // Distinct, large stand-ins no real size or computation is likely
        // to produce, so that a shape dimension equal to one names it.
        int64_t standIn = 1000003 + 1009 * (int64_t)eagerProbe->standIns.size();
        eagerProbe->standIns.emplace_back(n.str(), standIn);
        tuple.elems.push_back(Val::integer(standIn));
        continue;
      }
      if (!found)
        return error(pos, "size '" + n + "' of T." + name +
                              " has no value; pass " + n +
                              "=... to .compile()");
      tuple.elems.push_back(found->second);
    }
    if (tuple.elems.size() == 1)
      return tuple.elems[0];
    return tuple;
  }
  if (name == "empty") {
    // `C = T.empty((M, N), dtype)`: the kernel's output, a new argument
    // after the declared inputs (named when assigned).
    if (!eagerConsts || !isa<func::FuncOp>(kernelFunc))
      return error(pos, "T.empty is only supported in a @tilelang.jit "
                        "kernel instantiated with .compile(...)");
    if (args.empty())
      return error(pos, "expected T.empty(shape, dtype)");
    std::optional<SmallVector<int64_t>> shape = toShape(args[0], pos);
    if (!shape)
      return std::nullopt;
    std::optional<Type> dt =
        toDType(getArg(args, kwargs, 1, "dtype", Val::str("float32")), pos);
    if (!dt)
      return std::nullopt;
    return addKernelArgument(MemRefType::get(*shape, *dt), "", pos);
  }

  if (isGpuHint(name)) {
    remark(pos, "ignoring GPU scheduling hint T." + name +
                    " (no meaning on Tenstorrent)");
    return Val::none();
  }
  for (auto &[k, v] : kwargs)
    if (k == "coalesced_width" || k == "policy" || k == "k_pack" ||
        k == "wg_wait" || k == "disable_tma" || k == "eviction_policy" ||
        k == "order" || k == "stage" || k == "group" || k == "sync")
      remark(pos, "ignoring GPU scheduling hint '" + k +
                      "=' (no meaning on Tenstorrent)");

  if (name == "Pipelined" || name == "serial" || name == "Serial" ||
      name == "Parallel" || name == "unroll" || name == "vectorized") {
    Val r;
    r.kind = Val::Range;
    r.s = name == "Pipelined" || name == "Parallel" ? name.str() : "serial";
    r.elems = std::move(args);
    r.kw = std::move(kwargs);
    r.pos = pos;
    return r;
  }
  if (name == "alloc_var") {
    // `x = T.alloc_var(dtype[, init])`: a block-uniform scalar. Later
    // assignments `x = expr` rebind it, converted to its dtype (see assign);
    // without an initializer it starts at zero, TileLang's being undefined.
    if (args.empty() && kwargs.empty())
      return error(pos, "expected T.alloc_var(dtype[, init])");
    std::optional<Type> dt =
        toDType(getArg(args, kwargs, 0, "dtype", Val::str("float32")), pos);
    if (!dt)
      return std::nullopt;
    Result v = castTo(getArg(args, kwargs, 1, "init", Val::integer(0)), *dt, pos);
    if (!v)
      return std::nullopt;
    v->s = kAllocVarTag;
    return v;
  }
  if (name == "alloc_shared" || name == "alloc_fragment") {
    if (args.empty())
      return error(pos, "expected T." + name + "(shape, dtype)");
    std::optional<SmallVector<int64_t>> shape = toShape(args[0], pos);
    if (!shape)
      return std::nullopt;
    std::optional<Type> dt =
        toDType(getArg(args, kwargs, 1, "dtype", Val::str("float32")), pos);
    if (!dt)
      return std::nullopt;
    auto space = tl::MemorySpaceAttr::get(
        ctx, name == "alloc_shared" ? tl::MemorySpace::Shared
                                    : tl::MemorySpace::Fragment);
    auto type = MemRefType::get(*shape, *dt, MemRefLayoutAttrInterface(), space);
    Operation *op;
    if (name == "alloc_shared")
      op = tl::AllocSharedOp::create(builder, l, type);
    else
      op = tl::AllocFragmentOp::create(builder, l, type);
    Val r;
    r.kind = Val::Buffer;
    r.v = op->getResult(0);
    return r;
  }
  auto asBuffer = [&](const Val &v, StringRef what) -> std::optional<Value> {
    if (v.kind == Val::Buffer)
      return v.v;
    emitError(l) << "expected " << what << " to be a buffer";
    return std::nullopt;
  };
  if (name == "copy") {
    if (args.size() < 2)
      return error(pos, "expected T.copy(src, dst)");
    // Each side: a buffer, or buffer[point] / buffer[slices].
    struct Side {
      Value buf;
      SmallVector<Value> offsets;
      SmallVector<bool> sliced; // per dimension: a slice, not a point
      bool windowed = false;
    };
    auto side = [&](const Val &v, Side &s) -> LogicalResult {
      if (v.kind == Val::Buffer) {
        s.buf = v.v;
        return success();
      }
      if (v.kind != Val::Region)
        return emitError(l) << "expected T.copy operands to be buffers or "
                               "buffer windows";
      s.buf = v.v;
      s.windowed = true;
      for (const Val &i : v.elems) {
        Val start = i.kind == Val::Slice ? i.elems[0] : i;
        s.sliced.push_back(i.kind == Val::Slice);
        if (start.kind == Val::None)
          start = Val::integer(0);
        std::optional<Value> x = toIndex(start, pos);
        if (!x)
          return failure();
        s.offsets.push_back(*x);
      }
      return success();
    };
    Side src, dst;
    if (failed(side(args[0], src)) || failed(side(args[1], dst)))
      return std::nullopt;
    SmallVector<int64_t> windowDims;
    for (Side *s : {&src, &dst}) {
      auto type = cast<MemRefType>(s->buf.getType());
      Side *other = s == &src ? &dst : &src;
      auto otherType = cast<MemRefType>(other->buf.getType());
      // The window's extent is the local buffer's shape laid over the
      // tensor's trailing dimensions (the tl.copy contract). A window that
      // slices as many dimensions as the buffer has, some not trailing
      // (BSHD attention's Q[b, rows, h, :]), names them in `window_dims`;
      // InferTTLayout then permutes the tensor so that they are trailing.
      // Anything else, a slice of a leading dimension or a point in a
      // spanned one, cannot be expressed.
      if (tl::isGlobalBuffer(type) && tl::isLocalBuffer(otherType) &&
          llvm::is_contained(s->sliced, true)) {
        int64_t lead = type.getRank() - otherType.getRank();
        SmallVector<int64_t> slicedDims;
        for (auto [d, isSlice] : llvm::enumerate(s->sliced))
          if (isSlice)
            slicedDims.push_back(int64_t(d));
        if ((int64_t)slicedDims.size() == otherType.getRank() &&
            slicedDims.front() < lead) {
          windowDims = slicedDims;
          continue;
        }
        for (auto [d, isSlice] : llvm::enumerate(s->sliced)) {
          bool spanned = (int64_t)d >= lead;
          if (isSlice && !spanned)
            return error(pos, "T.copy's window slices dimension " + Twine(d) +
                                  " of the " + Twine(type.getRank()) +
                                  "-D tensor '" + tl::getBufferName(s->buf) +
                                  "', but it slices " +
                                  Twine(slicedDims.size()) +
                                  " dimensions and the buffer it pairs with "
                                  "has " +
                                  Twine(otherType.getRank()) +
                                  "; slice one dimension per buffer "
                                  "dimension and index the others with a "
                                  "single point");
          if (!isSlice && spanned && otherType.getDimSize(d - lead) != 1)
            return error(pos, "T.copy's window indexes dimension " + Twine(d) +
                                  " of '" + tl::getBufferName(s->buf) +
                                  "' with a point, but the buffer it pairs "
                                  "with spans it; use a slice");
        }
      }
      if (tl::isGlobalBuffer(type)) {
        if (!s->windowed)
          for (int64_t d = 0; d < type.getRank(); ++d)
            s->offsets.push_back(
                arith::ConstantIndexOp::create(builder, l, 0).getResult());
      } else if (s->windowed) {
        bool whole = llvm::all_of(s->offsets, [](Value o) {
          auto c = o.getDefiningOp<arith::ConstantIndexOp>();
          return c && c.value() == 0;
        });
        if (!whole)
          return error(pos, "windows into block-local buffers are not "
                            "supported; copy whole shared/fragment buffers");
        s->offsets.clear();
      }
    }
    auto copy = tl::CopyOp::create(builder, l, src.buf, src.offsets, dst.buf,
                                   dst.offsets);
    if (!windowDims.empty())
      copy.setWindowDimsAttr(builder.getDenseI64ArrayAttr(windowDims));
    return Val::none();
  }
  if (name == "gemm" || name == "gemm_v2" || name == "gemm_v1") {
    if (args.size() < 3)
      return error(pos, "expected T.gemm(A, B, C, transpose_A=..., "
                        "transpose_B=..., clear_accum=...)");
    std::optional<Value> a = asBuffer(args[0], "T.gemm's A"),
                         b = asBuffer(args[1], "T.gemm's B"),
                         c = asBuffer(args[2], "T.gemm's C");
    if (!a || !b || !c)
      return std::nullopt;
    auto flag = [&](size_t i, StringRef n) -> std::optional<bool> {
      Val v = getArg(args, kwargs, i, n, Val::boolean(false));
      std::optional<bool> t = truth(v, pos);
      if (!t)
        emitError(l) << "expected " << n << " to be a constant bool";
      return t;
    };
    std::optional<bool> ta = flag(3, "transpose_A"), tb = flag(4, "transpose_B"),
                        clear = flag(6, "clear_accum");
    if (!ta || !tb || !clear)
      return std::nullopt;
    for (const Val &v : {args[0], args[1], args[2]})
      if (!tl::isLocalBuffer(v.v.getType()))
        return error(pos, "T.gemm operands must be T.alloc_shared or "
                          "T.alloc_fragment buffers; got global tensor '" +
                              tl::getBufferName(v.v) + "'");
    tl::GemmOp::create(builder, l, *a, *b, *c, *ta, *tb, *clear);
    return Val::none();
  }
  if (name == "clear" || name == "fill") {
    if (args.empty() || (name == "fill" && args.size() < 2))
      return error(pos, name == "clear" ? "expected T.clear(buffer)"
                                        : "expected T.fill(buffer, value)");
    std::optional<Value> buf = asBuffer(args[0], "T." + name.str() + "'s operand");
    if (!buf)
      return std::nullopt;
    if (!tl::isLocalBuffer(buf->getType()))
      return error(pos, "T." + name + " needs a shared or fragment buffer");
    if (name == "clear") {
      tl::ClearOp::create(builder, l, *buf);
      return Val::none();
    }
    Val v = args[1];
    // A value known only at run time (`T.fill(buf, Sinks[by])`, a
    // T.alloc_var) fills as the element-wise loop it means, so it reaches
    // compute as any uniform value of a T.Parallel body does.
    // A cast constant (`T.cast(-1e30, accum_dtype)`) is still a constant.
    FloatAttr folded;
    if (v.kind == Val::Scalar && matchPattern(v.v, m_Constant(&folded)))
      v = Val::real(folded.getValueAsDouble());
    if (!(v.isIntLike() || v.kind == Val::Float)) {
      if (v.kind != Val::Scalar && v.kind != Val::Region)
        return error(pos, "expected T.fill's value to be a number");
      auto par = tl::ParallelOp::create(
          builder, l, cast<MemRefType>(buf->getType()).getShape());
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToEnd(&par.getBody().front());
      ++parallelDepth;
      Val target = args[0];
      target.kind = Val::Region;
      target.elems.clear();
      for (Value iv : par.getIndices())
        target.elems.push_back(Val::scalar(iv));
      Result r = store(target, v, pos);
      --parallelDepth;
      return r;
    }
    tl::FillOp::create(builder, 
        l, *buf, builder.getF64FloatAttr(v.kind == Val::Float ? v.f : v.i));
    return Val::none();
  }
  if (name.starts_with("reduce_")) {
    auto kind = llvm::StringSwitch<std::optional<tl::ReduceKind>>(name)
                    .Cases({"reduce_sum", "reduce_abssum"}, tl::ReduceKind::Sum)
                    .Cases({"reduce_max", "reduce_absmax"}, tl::ReduceKind::Max)
                    .Case("reduce_min", tl::ReduceKind::Min)
                    .Default(std::nullopt);
    bool ofAbs = name == "reduce_absmax" || name == "reduce_abssum";
    if (kind && args.size() >= 2) {
      std::optional<Value> src = asBuffer(args[0], "the reduce source"),
                           dst = asBuffer(args[1], "the reduce destination");
      if (!src || !dst)
        return std::nullopt;
      std::optional<int64_t> dim = toConstInt(
          getArg(args, kwargs, 2, "dim", Val::integer(-1)), pos, "dim");
      std::optional<bool> clear =
          truth(getArg(args, kwargs, 3, "clear", Val::boolean(true)), pos);
      if (!dim || !clear)
        return error(pos, "expected constant dim= and clear=");
      int64_t rank = cast<MemRefType>(src->getType()).getRank();
      if (*dim < 0)
        *dim += rank;
      if (!tl::isLocalBuffer(src->getType()) || !tl::isLocalBuffer(dst->getType()))
        return error(pos, "T." + name + " needs shared or fragment buffers");
      if (ofAbs)
        src = absInto(*src, pos);
      tl::ReduceOp::create(builder, l, *src, *dst,
                                   *kind, *dim,
                                   *clear);
      return Val::none();
    }
  }
  if (name == "annotate_layout") {
    if (args.size() != 1 || args[0].kind != Val::Dict)
      return error(pos, "expected T.annotate_layout({buffer: layout, ...})");
    func::FuncOp fn = cast<func::FuncOp>(kernelFunc);
    SmallVector<NamedAttribute> entries;
    if (auto old = fn->getAttrOfType<DictionaryAttr>("tt.layout_desc"))
      entries.append(old.begin(), old.end());
    size_t bufIdx = 0;
    for (auto &[key, value] : args[0].kw) {
      if (key[0] != '\x01')
        return error(pos, "expected T.annotate_layout keys to be buffers");
      Value buf = args[0].elems[bufIdx++].v;
      if (value.kind != Val::Dict) {
        remark(pos, "ignoring GPU layout hint for '" +
                        tl::getBufferName(buf) + "' (no meaning on Tenstorrent)");
        continue;
      }
      SmallVector<NamedAttribute> fields;
      for (auto &[fk, fv] : value.kw) {
        Attribute a = toLayoutField(fv, fk, pos);
        if (!a)
          return std::nullopt;
        fields.push_back(builder.getNamedAttr(fk, a));
      }
      entries.push_back(builder.getNamedAttr(tl::getBufferName(buf),
                                             builder.getDictionaryAttr(fields)));
    }
    if (!entries.empty())
      fn->setAttr("tt.layout_desc", builder.getDictionaryAttr(entries));
    return Val::none();
  }
  if (name == "annotate_core_grid") {
    if (args.size() != 2)
      return error(pos, "expected T.annotate_core_grid(gx, gy)");
    std::optional<int64_t> gx = toConstInt(args[0], pos, "gx"),
                           gy = toConstInt(args[1], pos, "gy");
    if (!gx || !gy)
      return std::nullopt;
    if (*gx <= 0 || *gy <= 0)
      return error(pos, "expected a positive core grid");
    kernelFunc->setAttr("tt.core_grid", tt::CoreGridAttr::get(ctx, *gx, *gy));
    return Val::none();
  }
  if (name == "if_then_else" && args.size() == 3) {
    // A condition known at compile time picks its branch here.
    if (args[0].kind == Val::Bool || args[0].kind == Val::Int) {
      Val &chosen = args[0].i ? args[1] : args[2];
      if (chosen.kind == Val::Region)
        return load(chosen, pos);
      return chosen;
    }
    std::optional<Value> c = toValue(args[0], Type(), pos);
    if (!c)
      return std::nullopt;
    if (!c->getType().isInteger(1))
      return error(pos, "expected T.if_then_else's condition to be a "
                        "comparison");
    if (failed(checkParallelSelect(*c, pos)))
      return std::nullopt;
    // Literals take the type of the other branch (`T.if_then_else(m, x, 0)`);
    // two literals are f32 if either is a float.
    Type t;
    for (Val &v : {std::ref(args[1]), std::ref(args[2])}) {
      if (v.kind == Val::Region) {
        Result x = load(v, pos);
        if (!x)
          return std::nullopt;
        v = *x;
      }
      if (!t && v.kind == Val::Scalar)
        t = v.v.getType();
    }
    if (!t)
      t = args[1].kind == Val::Float || args[2].kind == Val::Float
              ? Type(builder.getF32Type())
              : Type(builder.getIndexType());
    Result a = castTo(args[1], t, pos);
    Result b = a ? castTo(args[2], t, pos) : std::nullopt;
    if (!b)
      return std::nullopt;
    return Val::scalar(arith::SelectOp::create(builder, l, *c, a->v, b->v));
  }
  if (name == "cast" && args.size() == 2) {
    std::optional<Type> t = toDType(args[1], pos);
    return t ? castTo(args[0], *t, pos) : std::nullopt;
  }
  // TVM's spelling puts the dtype first: T.Cast("float32", x).
  if (name == "Cast" && args.size() == 2) {
    std::optional<Type> t = toDType(args[0], pos);
    return t ? castTo(args[1], *t, pos) : std::nullopt;
  }
  if (name == "infinity" || name == "max_value" || name == "min_value") {
    std::optional<Type> t = toDType(getArg(args, kwargs, 0, "dtype"), pos);
    if (!t)
      return std::nullopt;
    auto ft = dyn_cast<FloatType>(*t);
    if (!ft)
      return error(pos, "T." + name + " needs a float dtype");
    // A compile-time number, so that `-T.infinity(dtype)` folds and can fill
    // a buffer; it takes the element type of whatever it combines with.
    APFloat v = name == "infinity" ? APFloat::getInf(ft.getFloatSemantics())
                                   : APFloat::getLargest(ft.getFloatSemantics(),
                                                         name == "min_value");
    return Val::real(v.convertToDouble());
  }
  using UnaryBuilder = Value (*)(OpBuilder &, Location, Value);
  static const llvm::StringMap<UnaryBuilder> unaryMath = {
      {"exp", [](OpBuilder &b, Location l, Value x) -> Value { return math::ExpOp::create(b, l, x); }},
      {"exp2", [](OpBuilder &b, Location l, Value x) -> Value { return math::Exp2Op::create(b, l, x); }},
      {"log", [](OpBuilder &b, Location l, Value x) -> Value { return math::LogOp::create(b, l, x); }},
      {"log2", [](OpBuilder &b, Location l, Value x) -> Value { return math::Log2Op::create(b, l, x); }},
      {"sqrt", [](OpBuilder &b, Location l, Value x) -> Value { return math::SqrtOp::create(b, l, x); }},
      {"rsqrt", [](OpBuilder &b, Location l, Value x) -> Value { return math::RsqrtOp::create(b, l, x); }},
      {"tanh", [](OpBuilder &b, Location l, Value x) -> Value { return math::TanhOp::create(b, l, x); }},
      {"abs", [](OpBuilder &b, Location l, Value x) -> Value { return math::AbsFOp::create(b, l, x); }},
      {"sigmoid", [](OpBuilder &b, Location l, Value x) -> Value {
         // 1 / (1 + exp(-x))
         Value one = arith::ConstantOp::create(b, l, b.getFloatAttr(x.getType(), 1.0));
         Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, x));
         return arith::DivFOp::create(b, l, one, arith::AddFOp::create(b, l, one, e));
       }},
  };
  if (auto it = unaryMath.find(name); it != unaryMath.end() && args.size() == 1) {
    if (name == "abs" && args[0].isIntLike())
      return Val::integer(std::abs(args[0].i));
    if (name == "abs" && args[0].kind == Val::Float)
      return Val::real(std::abs(args[0].f));
    std::optional<Value> x = toValue(args[0], Type(), pos);
    if (!x)
      return std::nullopt;
    if (!isa<FloatType>(x->getType()))
      return error(pos, "T." + name + " expects a floating-point value");
    return Val::scalar(it->second(builder, l, *x));
  }
  if (name == "Kernel")
    return error(pos, "T.Kernel must be used as 'with T.Kernel(...) as ...:'");
  if (std::optional<StringRef> why = notLoweredYet(name))
    return error(pos, "T." + name + " is not lowered to Tenstorrent yet: " +
                          *why);
  if (hasNoTTMeaning(name))
    return error(pos, "T." + name +
                          " has no Tenstorrent lowering and ignoring it would "
                          "change results; " +
                          kSupported);
  return error(pos, "T." + name + " is not supported by the tilett frontend; " +
                        kSupported);
}

/// One field of a user layout dictionary, kept as written for
/// PropagateTTLayout to normalise.
Attribute Interpreter::toLayoutField(const Val &fv, StringRef fk,
                                     ast::Pos pos) {
  if (fv.kind == Val::Str)
    return builder.getStringAttr(fv.s);
  if (fv.kind == Val::Bool)
    return builder.getBoolAttr(fv.i);
  if (fv.kind == Val::Int)
    return builder.getI64IntegerAttr(fv.i);
  if (fv.kind == Val::Tuple || fv.kind == Val::List) {
    SmallVector<int64_t> xs;
    for (const Val &x : fv.elems) {
      if (!x.isIntLike()) {
        emitError(loc(pos)) << "expected integers in layout field '" << fk
                            << "'";
        return {};
      }
      xs.push_back(x.i);
    }
    return builder.getI64ArrayAttr(xs);
  }
  emitError(loc(pos)) << "expected a string, bool, integer or list for "
                         "layout field '"
                      << fk << "'";
  return {};
}
