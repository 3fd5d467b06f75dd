//===- Interpreter.h - Evaluates TileLang scripts into tl IR ----*- C++ -*-===//
//
// The script is run, not translated: module-level code and the kernel
// factory execute on compile-time values (ints, strings, dtypes, tuples), and
// executing a `@T.prim_func` body emits tl ops. Driver code the compiler does
// not need evaluates to opaque values instead of failing; inside a kernel,
// anything not understood is an error at its source position.
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_LIB_FRONTEND_INTERPRETER_H
#define TILETT_LIB_FRONTEND_INTERPRETER_H

#include "AST.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"

#include <map>
#include <memory>
#include <optional>

namespace mlir::tilett::frontend {

/// Bounds on work done in driver code (loops, recursion), so that any input
/// terminates quickly.
inline constexpr unsigned kMaxSteps = 200000;
inline constexpr size_t kMaxCallDepth = 64;
inline constexpr unsigned kMaxEvalDepth = 1000;

struct Env;
/// Marks a Val::Scalar made by T.alloc_var (in `Val::s`): assigning to its
/// name converts the new value to the variable's dtype.
inline constexpr const char *kAllocVarTag = "alloc_var";
struct KwArg;

/// A Python value as far as the compiler needs to know it.
struct Val {
  enum Kind {
    None, Bool, Int, Float, Str, Tuple, List, Dict,
    Builtin,  // a module or a function of one: `s` is its dotted path
    Function, // a user `def`: `fn` with closure `env`, defaults in `elems`
    PrimFunc, // an instantiated kernel: `s` is its symbol
    Opaque,   // driver-only value the compiler does not model: `s` says why
    Scalar,   // an SSA value of index, integer or float type
    Buffer,   // a memref: global tensor or block-local buffer
    Region,   // buffer[indices]: `v` buffer, `elems` points or Slices
    Slice,    // elems: lower, upper (None when absent)
    Range,    // T.Pipelined / T.serial / T.Parallel / range: `s` kind
  };
  Kind kind = None;
  int64_t i = 0;
  double f = 0;
  std::string s;
  std::vector<Val> elems;
  std::vector<KwArg> kw; // Dict entries, Range kwargs
  Value v;
  const ast::Stmt *fn = nullptr;
  std::shared_ptr<Env> env;
  ast::Pos pos;

  static Val none();
  static Val integer(int64_t x);
  static Val boolean(bool b);
  static Val real(double x);
  static Val str(std::string x);
  static Val builtin(std::string path);
  static Val opaque(std::string why, ast::Pos p);
  static Val scalar(Value x);
  bool isIntLike() const { return kind == Int || kind == Bool; }
};

/// A keyword argument or dictionary entry.
struct KwArg {
  std::string first;
  Val second;
};

inline Val Val::none() { return Val(); }
inline Val Val::integer(int64_t x) { Val r; r.kind = Int; r.i = x; return r; }
inline Val Val::boolean(bool b) { Val r; r.kind = Bool; r.i = b; return r; }
inline Val Val::real(double x) { Val r; r.kind = Float; r.f = x; return r; }
inline Val Val::str(std::string x) {
  Val r; r.kind = Str; r.s = std::move(x); return r;
}
inline Val Val::builtin(std::string path) {
  Val r; r.kind = Builtin; r.s = std::move(path); return r;
}
inline Val Val::opaque(std::string why, ast::Pos p) {
  Val r; r.kind = Opaque; r.s = std::move(why); r.pos = p; return r;
}
inline Val Val::scalar(Value x) { Val r; r.kind = Scalar; r.v = x; return r; }

struct Env {
  llvm::StringMap<Val> vars;
  std::shared_ptr<Env> parent;
  Val *lookup(llvm::StringRef name) {
    for (Env *e = this; e; e = e->parent.get()) {
      auto it = e->vars.find(name);
      if (it != e->vars.end())
        return &it->second;
    }
    return nullptr;
  }
};

using Result = std::optional<Val>; // nullopt: an error was emitted

/// What a `return` / `break` / `continue` does to the statements after it.
enum class Flow { Normal, Return, Break, Continue, Error };

bool isEagerKernel(const ast::Stmt &def);
/// T.Layout / T.Fragment: GPU layouts whose arguments (lambdas) are not
/// evaluated in a kernel (Builtins.cpp).
bool isGpuLayoutConstructor(const Val &callee);
/// `.bits` / `.lanes` of a dtype named by a string or T.<dtype>
/// (`DataType(in_dtype).bits`); nullopt for anything else.
std::optional<Val> dtypeField(const Val &dtype, llvm::StringRef field);
/// Dict entries keyed by a module path (`{torch.float16: T.float16}`) are
/// stored under kBuiltinKey + the path; string keys as themselves.
inline constexpr char kBuiltinKey = '\x03';
/// torch's dtype aliases under one name (`torch.half` is `torch.float16`).
inline std::string canonicalTorchPath(llvm::StringRef path) {
  static const std::pair<const char *, const char *> aliases[] = {
      {"torch.half", "torch.float16"},  {"torch.float", "torch.float32"},
      {"torch.double", "torch.float64"}, {"torch.long", "torch.int64"},
      {"torch.int", "torch.int32"},     {"torch.short", "torch.int16"}};
  for (auto [alias, name] : aliases)
    if (path == alias)
      return name;
  return path.str();
}
/// The stored key of `k` when a dict can be keyed by it (a string or a
/// builtin such as a torch dtype); nullopt otherwise.
inline std::optional<std::string> dictKey(const Val &k) {
  if (k.kind == Val::Str)
    return k.s;
  if (k.kind == Val::Builtin && !k.env)
    return std::string(1, kBuiltinKey) + canonicalTorchPath(k.s);
  return std::nullopt;
}
/// The key value a stored key stands for.
inline Val dictKeyValue(llvm::StringRef stored) {
  if (!stored.empty() && stored[0] == kBuiltinKey)
    return Val::builtin(stored.drop_front().str());
  return Val::str(stored.str());
}
/// A class defined by the script: `env` holds its body's names.
bool isClass(const Val &v);
/// split, strip, join, ...: the str methods callStrMethod evaluates.
bool isStrMethod(llvm::StringRef name);
/// A driver tensor made by torch.randn/zeros/...: `elems` is its shape.
bool isTorchTensor(const Val &v);
/// Looks up argument `index` or keyword `name`; `missing` if neither.
inline Val getArg(const std::vector<Val> &args,
                  const std::vector<KwArg> &kwargs, size_t index,
                  llvm::StringRef name, Val missing = Val::none()) {
  for (auto &[k, v] : kwargs)
    if (k == name)
      return v;
  return index < args.size() ? args[index] : missing;
}

class Interpreter {
public:
  Interpreter(MLIRContext *ctx, ModuleOp module, StringRef filename)
      : ctx(ctx), module(module), builder(ctx), filename(filename),
        files{filename.str()} {}

  /// Runs the module's statements. With `buildKernels` false, `@T.prim_func`
  /// definitions are not instantiated (used when an entry call is given).
  LogicalResult runModule(const ast::Block &block, bool buildKernels);
  /// Evaluates `expr` (the --entry call) in the module's global scope.
  LogicalResult runEntry(const ast::Expr &expr);
  /// Builds the prim_func `def` (found in `block` by FrontendOptions'
  /// definitionName/Line) in a scope below the globals holding `bindings`,
  /// each a parsed Python literal.
  LogicalResult runDefinition(
      const ast::Stmt &def,
      ArrayRef<std::pair<std::string, const ast::Expr *>> bindings);
  unsigned getNumKernels() const { return numKernels; }
  void setCheckTileCompute(bool check) { checkTileCompute = check; }

  Location loc(ast::Pos p) const {
    return FileLineColLoc::get(
        ctx, p.file < files.size() ? files[p.file] : filename, p.line, p.col);
  }

private:
  // Evaluator.cpp (statements), EvalExpressions.cpp, EvalCalls.cpp and
  // PythonOperators.cpp: Python semantics.
  Flow execBlock(const ast::Block &block, const std::shared_ptr<Env> &env);
  Flow execStmt(const ast::Stmt &s, const std::shared_ptr<Env> &env);
  Result eval(const ast::Expr &e, const std::shared_ptr<Env> &env);
  Result evalCall(const ast::Expr &e, const std::shared_ptr<Env> &env);
  Result evalComprehension(const ast::Expr &e,
                           const std::shared_ptr<Env> &env);
  /// The items a compile-time value iterates over (tuple, list, string,
  /// dict keys, range of constants); nullopt for anything else.
  std::optional<std::vector<Val>> iterateConst(const Val &v);
  Result callFunction(const Val &fn, std::vector<Val> args,
                      std::vector<KwArg> kwargs,
                      ast::Pos pos);
  Result callArgparse(const Val &fn, const std::vector<Val> &args,
                      const std::vector<KwArg> &kwargs, ast::Pos pos);
  Result binary(StringRef op, Val lhs, Val rhs, ast::Pos pos);
  Result compare(StringRef op, Val lhs, Val rhs, ast::Pos pos);
  Result unary(StringRef op, Val operand, ast::Pos pos);
  Val driverOperand(const Val &v, ast::Pos pos);
  LogicalResult assign(const ast::Expr &target, Val value,
                       const std::shared_ptr<Env> &env);
  std::optional<bool> truth(const Val &v, ast::Pos pos);
  /// Reports `msg` in a kernel, or yields an opaque value in driver code.
  Result callTTSugar(StringRef name, const std::vector<Val> &args,
                     const std::vector<KwArg> &kwargs, ast::Pos pos);
  Attribute toLayoutField(const Val &v, StringRef field, ast::Pos pos);
  Result callDictMethod(const Val &dict, StringRef method,
                        const std::vector<Val> &args, ast::Pos pos);
  Result unsupported(ast::Pos pos, const Twine &msg);
  Result error(ast::Pos pos, const Twine &msg);
  void remark(ast::Pos pos, const Twine &msg);
  /// Whether ops are being emitted inside a tl.kernel (a `with T.Kernel`).
  bool inKernelBody();

  // Builtins.cpp: Python builtins and TileLang host helpers on constants.
  Result containment(StringRef op, const Val &item, const Val &container,
                     ast::Pos pos);
  Result callStrMethod(const Val &str, StringRef method,
                       const std::vector<Val> &args, ast::Pos pos);
  /// nullopt when `path` is not one of these helpers (or these arguments are
  /// not ones it folds).
  std::optional<Result> callHelperBuiltin(StringRef path,
                                          std::vector<Val> &args,
                                          std::vector<KwArg> &kwargs,
                                          ast::Pos pos);

  // TorchTensors.cpp: driver torch tensors and their shapes.
  /// torch.<name>(args) when it makes a tensor (randn, zeros_like, tensor,
  /// arange, ...); nullopt for other torch functions.
  std::optional<Result> makeTorchTensor(StringRef name,
                                        const std::vector<Val> &args,
                                        const std::vector<KwArg> &kwargs,
                                        ast::Pos pos);
  Result torchAttribute(const Val &tensor, StringRef name, ast::Pos pos);
  Result callTorchMethod(const Val &tensor, StringRef method,
                         const std::vector<Val> &args, ast::Pos pos);

  // ElementwiseChecks.cpp: element-wise code tile compute cannot lower.
  LogicalResult checkParallelSelect(Value condition, ast::Pos pos);
  LogicalResult checkParallelIntegerMath(StringRef op, Type type,
                                         ast::Pos pos);
  bool checkTileCompute = true;

  // MacroRefs.cpp: arguments a macro writes through. A T.alloc_var (a
  // one-element buffer in TileLang) is always passed by reference, and a
  // parameter annotated `T.Ref` (or the older `T.Var`) also takes a buffer
  // element by reference; the macro's final value is written back to the
  // caller's variable or element after the body runs.
  struct RefArg {
    std::string param;
    Val element;                    // Region for a buffer element
    const ast::Expr *var = nullptr; // the caller's name for a T.alloc_var
    Value initial;
  };
  LogicalResult bindRefArg(const ast::Param &param, Val &arg,
                           const ast::Expr *argExpr,
                           std::vector<RefArg> &refs, ast::Pos pos);
  LogicalResult writeBackRefs(const std::vector<RefArg> &refs, const Env &local,
                              const std::shared_ptr<Env> &callerEnv,
                              ast::Pos pos);
  /// The call expression and scope evalCall is about to pass to
  /// callFunction (null when `*`/`**` expansion breaks the correspondence
  /// between arguments and expressions).
  const ast::Expr *pendingCall = nullptr;
  std::shared_ptr<Env> pendingCallEnv;

  // KernelBuilder.cpp: the TileLang language (`T.*` calls).
  Result callLanguage(StringRef name, std::vector<Val> args,
                      std::vector<KwArg> kwargs,
                      ast::Pos pos);
  mlir::Value absInto(mlir::Value src, ast::Pos pos);

  // PrimFuncBuilder.cpp: kernels and the launch.
  Result buildPrimFunc(const ast::Stmt &def, const std::shared_ptr<Env> &env);
  /// The newer `@tilelang.jit` style: the decorated function is itself the
  /// kernel (`M, N = T.const("M, N")`, `A: T.Tensor(...)`, `C = T.empty(...)`)
  /// and `f.compile(M=..., block_M=...)` instantiates it.
  Result buildEagerKernel(const Val &fn, std::vector<Val> args,
                          std::vector<KwArg> kwargs, ast::Pos pos);
  /// Appends a kernel argument of `type` (a tensor annotation or T.empty).
  Val addKernelArgument(Type type, StringRef name, ast::Pos pos);
  Flow execKernelWith(const ast::Stmt &s, const Val &kernel,
                      const std::shared_ptr<Env> &env);

  // KernelLoops.cpp: T.Pipelined / T.serial / T.Parallel.
  Flow execLoop(const ast::Stmt &s, const Val &range,
                const std::shared_ptr<Env> &env);
  Flow escapeLoopScalars(const ast::Expr &target, mlir::Region &loop,
                         const llvm::StringMap<Val> &before,
                         const std::shared_ptr<Env> &env, ast::Pos pos);

  // ElementAccess.cpp: element loads and stores, scalar arithmetic.
  Result store(const Val &region, Val value, ast::Pos pos);
  Result load(const Val &region, ast::Pos pos);
  Result scalarBinary(StringRef op, Val lhs, Val rhs, ast::Pos pos);
  Result scalarCompare(StringRef op, Val lhs, Val rhs, ast::Pos pos);

  // KernelValues.cpp: script values as dtypes, constants and SSA values.
  Result castTo(Val v, Type type, ast::Pos pos);
  std::optional<Value> toValue(const Val &v, Type like, ast::Pos pos);
  std::optional<Value> toIndex(const Val &v, ast::Pos pos);
  std::optional<int64_t> toConstInt(const Val &v, ast::Pos pos,
                                    StringRef what);
  std::optional<Type> toDType(const Val &v, ast::Pos pos);
  std::optional<SmallVector<int64_t>> toShape(const Val &v, ast::Pos pos);
  std::string dtypeName(Type t);

  MLIRContext *ctx;
  ModuleOp module;
  OpBuilder builder;
  std::string filename;
  /// Files positions point into (Pos::file): the script, then each sibling
  /// module it imported.
  std::vector<std::string> files;

  // Modules.cpp: `import helper` / `from helper import f` of a helper.py
  // beside the script runs it as Python would and binds its names.
  /// The module's namespace (a class-like value), nullopt when there is no
  /// such file beside the script (the name is then a library's), or null
  /// Result inside when loading it failed with an error.
  std::optional<Result> importSibling(StringRef name, ast::Pos pos);
  std::shared_ptr<Env> newGlobals(StringRef moduleName);
  std::vector<std::unique_ptr<ast::Block>> moduleASTs;
  llvm::StringMap<Val> loadedModules;
  std::shared_ptr<Env> globals;
  bool buildKernels = true;
  /// Non-null while a prim_func body is being emitted.
  Operation *kernelFunc = nullptr;
  /// Nesting of tl.parallel bodies (element-wise code).
  int parallelDepth = 0;
  /// Global tensors read or written element-wise in a T.Parallel body are
  /// staged through fragments: a tl.copy window in before the loop, out
  /// after it (see stageGlobal).
  struct Staged {
    Operation *parallel;
    Value global;
    SmallVector<Value> offsets;
    SmallVector<unsigned> ivs; // parallel index per spanned dimension
    SmallVector<int64_t> dims; // the spanned dimensions of `global`
    Value fragment;
    bool store;
  };
  std::vector<Staged> staged;
  std::optional<std::pair<Value, SmallVector<Value>>>
  stageGlobal(const Val &region, bool store, ast::Pos pos, std::string &why);
  std::optional<std::pair<Value, SmallVector<Value>>>
  stageElement(Value global, SmallVector<Value> offsets, Operation *par,
               ast::Pos pos);
  SmallVector<Value> elementIndices(Value unit, ast::Pos pos);
  /// Names of user functions being executed, innermost last.
  std::vector<std::string> callStack;
  /// Kernel instances already built, by definition: a new instance equal to
  /// one of them (same types, same body) is dropped in favour of it.
  std::map<std::string, std::vector<std::string>> instances;
  std::string dedupInstance(func::FuncOp fn, const std::string &defKey);
  unsigned numKernels = 0;
  /// The `.compile(...)` keywords while an eager jit kernel is built.
  const std::vector<KwArg> *eagerConsts = nullptr;
  /// While buildEagerKernel probes for T.const sizes: the stand-in value
  /// given to each size nothing bound, and the sizes found from the shapes
  /// of the torch tensors passed for declared parameters.
  struct EagerProbe {
    std::vector<std::pair<std::string, int64_t>> standIns;
    std::vector<KwArg> found;
  };
  EagerProbe *eagerProbe = nullptr;
  /// Binds the probed sizes whose stand-ins appear in `declared` (the type
  /// of parameter `given` was passed for) to `given`'s extents.
  void probeDeclaredShape(Type declared, const Val *given);
  unsigned steps = 0;
  unsigned evalDepth = 0; // nesting of eval() calls
};

} // namespace mlir::tilett::frontend

#endif // TILETT_LIB_FRONTEND_INTERPRETER_H
