"""@tilelang.jit kernels in TileLang's eager style.

Newer TileLang scripts write the kernel as the jitted function's own body:

    @tilelang.jit
    def matmul(A, B, block_M, block_N, block_K, dtype=T.float16):
        M, N, K = T.const("M, N, K")
        A: T.Tensor((M, K), dtype)
        B: T.Tensor((K, N), dtype)
        C = T.empty((M, N), dtype)
        with T.Kernel(...) as (bx, by):
            ...
        return C

and instantiate it with `matmul.compile(M=1024, N=1024, K=1024, block_M=128,
...)` or by calling it with tensors, `matmul(a, b, 128, 128, 32)`, whose
shapes give the `T.const` sizes. The body is TileLang, not Python to run
here: tilett's compiler reads it from the script (so its diagnostics point
into the user's source) with the instantiation as an entry call,
`matmul.compile(...)`. A direct call becomes that entry with each size
read off the tensor whose annotation names it: the kernel's prologue (the
statements before `with T.Kernel`, where the sizes, shapes and annotations
are) is evaluated with the call's arguments and symbolic sizes, so shapes
computed there (`A_shape = (M, K) if not trans_A else (K, M)`, `KH = K`)
are followed.
"""

import ast
import inspect
import textwrap

from .kernel import JITKernel, PrimFunc, literal


class _Size:
    """A T.const / T.dynamic size while the kernel's prologue is evaluated:
    arithmetic on it gives an unknown size (None is never equal)."""

    def __init__(self, name=None):
        self.name = name

    def _unknown(self, *args):
        return _Size()

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _unknown
    __floordiv__ = __rfloordiv__ = __truediv__ = __rtruediv__ = _unknown
    __mod__ = __rmod__ = __neg__ = __pow__ = _unknown


class _SymbolicT:
    """`T` for the prologue: T.const / T.dynamic give sizes, T.Tensor and
    T.empty record a shape; every other name is the real T's."""

    def __init__(self, real):
        self._real = real

    @staticmethod
    def const(names, *args, **kwargs):
        sizes = [_Size(n) for n in names.replace(",", " ").split()]
        return sizes[0] if len(sizes) == 1 else sizes

    @staticmethod
    def dynamic(name, *args, **kwargs):
        return _Size(name)

    symbolic = dynamic

    @staticmethod
    def Tensor(shape=None, *args, **kwargs):
        return ("tensor", shape)

    empty = Tensor

    def __getattr__(self, name):
        return getattr(self._real, name)


class _BindAnnotations(ast.NodeTransformer):
    """`A: T.Tensor(shape, dtype)` -> `__tilett_bind__("A", T.Tensor(...))`:
    Python does not evaluate a local variable's annotation."""

    def visit_AnnAssign(self, node):
        if not isinstance(node.target, ast.Name):
            return node
        call = ast.Expr(ast.Call(
            func=ast.Name("__tilett_bind__", ast.Load()),
            args=[ast.Constant(node.target.id), node.annotation], keywords=[]))
        return ast.copy_location(call, node)


def _function_node(fn):
    """The ast.FunctionDef of `fn`'s source, or None when it has none."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None
    return next((n for n in ast.walk(tree)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))),
                None)


def _compile_prologue(fn, func):
    """The kernel's prologue (the statements of `func`, `fn`'s definition,
    before its `with T.Kernel`) as code, with each local annotation turned
    into a call that binds it."""
    prologue = []
    for stmt in func.body:
        if isinstance(stmt, ast.With):
            break
        prologue.append(stmt)
    module = ast.Module(body=[_BindAnnotations().visit(s) for s in prologue],
                        type_ignores=[])
    ast.fix_missing_locations(module)
    return compile(module, inspect.getsourcefile(fn) or "<kernel>", "exec")


def _sizes_from_prologue(fn, prologue, arguments):
    """{T.const name: size} read off the tensor arguments by evaluating the
    kernel's `prologue` (_compile_prologue) with the given arguments and
    symbolic sizes, then matching each annotated parameter's shape with its
    tensor's. Raises ValueError on sizes that disagree; returns what it
    could read (the compiler names the rest)."""
    sizes = {}

    def bind(name, annotation):
        tensor = arguments.get(name)
        if not (isinstance(annotation, tuple) and annotation[:1] == ("tensor",)
                and _is_tensor(tensor)):
            return
        shape = annotation[1]
        if not isinstance(shape, (tuple, list)):
            return
        actual = tuple(tensor.shape)
        if len(shape) != len(actual):
            raise ValueError(
                "argument '%s' of %s has %d dimensions but its annotation has "
                "%d" % (name, fn.__name__, len(actual), len(shape)))
        for dim, size in zip(shape, actual):
            if isinstance(dim, _Size) and dim.name is not None:
                if sizes.setdefault(dim.name, int(size)) != int(size):
                    raise ValueError(
                        "%s: size '%s' is %d by an earlier argument but %d by "
                        "'%s'" % (fn.__name__, dim.name, sizes[dim.name],
                                  int(size), name))

    env = dict(fn.__globals__)
    if fn.__closure__:
        for name, cell in zip(fn.__code__.co_freevars, fn.__closure__):
            try:
                env[name] = cell.cell_contents
            except ValueError:
                pass
    real_t = next((v for v in env.values()
                   if getattr(v, "__name__", "") == "tilelang.language"), None)
    for name, value in list(env.items()):
        if value is real_t and real_t is not None:
            env[name] = _SymbolicT(real_t)
    env.update(arguments)
    env["__tilett_bind__"] = bind
    try:
        exec(prologue, env)
    except ValueError:
        raise
    except Exception:  # noqa: BLE001 - the compiler reports what is unread
        pass
    return sizes


def _is_eager(func):
    """Whether the function `func` is a kernel body itself (a `with
    T.Kernel` at its top level) rather than a factory returning a
    @T.prim_func."""
    for stmt in func.body:
        if isinstance(stmt, ast.With):
            for item in stmt.items:
                call = item.context_expr
                if (isinstance(call, ast.Call) and
                        isinstance(call.func, ast.Attribute) and
                        call.func.attr == "Kernel"):
                    return True
    return False


def eager_jit(fn, **options):
    """What @tilelang.jit makes of `fn` when it is an eager-style kernel
    (its source read once, here), else None."""
    func = _function_node(fn)
    if func is None or not _is_eager(func):
        return None
    return EagerJit(fn, _compile_prologue(fn, func), **options)


def _is_tensor(value):
    return hasattr(value, "shape") and hasattr(value, "dtype")


class _EagerKernel(JITKernel):
    """A compiled eager kernel: its outputs are the buffers it makes with
    T.empty, which are not parameters of the jitted function."""

    def __init__(self, func, params, **kwargs):
        super().__init__(func, **kwargs)
        self._param_names = set(params)

    def _outputs(self):
        self._compile()
        return [i for i, b in enumerate(self._buffers)
                if b["name"] not in self._param_names]


class EagerJit:
    """What @tilelang.jit makes of an eager-style kernel."""

    def __init__(self, fn, prologue, **options):
        self.fn = fn
        self._prologue = prologue
        self.options = options
        self.__name__ = fn.__name__
        self.__qualname__ = fn.__qualname__
        self.__doc__ = fn.__doc__
        self.__wrapped__ = fn
        self._signature = inspect.signature(fn)
        self._kernels = {}

    def compile(self, **values):
        """The kernel for these T.const sizes and keyword arguments."""
        args = ", ".join("%s=%s" % (k, literal(v, "argument '%s' of %s"
                                              % (k, self.__name__)))
                         for k, v in values.items())
        entry = "%s.compile(%s)" % (self.__name__, args)
        kernel = self._kernels.get(entry)
        if kernel is None:
            func = PrimFunc.for_entry(self.fn, entry)
            kernel = _EagerKernel(func, self._signature.parameters,
                                  **self.options)
            self._kernels[entry] = kernel
        return kernel

    def __call__(self, *args, **kwargs):
        """Compiles for the given tensors' shapes and runs: returns what the
        kernel makes with T.empty."""
        bound = self._signature.bind(*args, **kwargs)
        values = {n: v for n, v in bound.arguments.items() if not _is_tensor(v)}
        tensors = [v for v in bound.arguments.values() if _is_tensor(v)]
        full = self._signature.bind(*args, **kwargs)
        full.apply_defaults()
        values.update(_sizes_from_prologue(self.fn, self._prologue,
                                           dict(full.arguments)))
        return self.compile(**values)(*tensors)
