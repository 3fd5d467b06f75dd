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
`matmul.compile(...)`, and a direct call becomes that entry with each size
read off the tensor whose annotation names it.
"""

import ast
import inspect
import textwrap

from .kernel import JITKernel, PrimFunc, literal


def _tensor_annotations(fn):
    """{parameter: [dimension expression]} for each `A: T.Tensor(shape, ...)`
    (or `T.Tensor[shape, ...]`) annotation of a parameter in `fn`'s body:
    a dimension is a T.const name (str), an int, or None (anything else)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return {}
    func = next((n for n in ast.walk(tree)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))),
                None)
    if func is None:
        return {}
    params = {a.arg for a in func.args.args + func.args.kwonlyargs}
    found = {}
    for stmt in func.body:
        if not (isinstance(stmt, ast.AnnAssign) and
                isinstance(stmt.target, ast.Name) and
                stmt.target.id in params):
            continue
        ann = stmt.annotation
        if isinstance(ann, ast.Call) and ann.args:
            shape = ann.args[0]
        elif isinstance(ann, ast.Subscript):
            index = ann.slice
            shape = index.elts[0] if isinstance(index, ast.Tuple) else index
        else:
            continue
        if not isinstance(shape, (ast.Tuple, ast.List)):
            continue
        dims = []
        for elt in shape.elts:
            if isinstance(elt, ast.Name):
                dims.append(elt.id)
            elif isinstance(elt, ast.Constant) and isinstance(elt.value, int):
                dims.append(elt.value)
            else:
                dims.append(None)
        found[stmt.target.id] = dims
    return found


def is_eager(fn):
    """Whether `fn` is a kernel body itself (a `with T.Kernel` at its top
    level) rather than a factory returning a @T.prim_func."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return False
    func = next((n for n in ast.walk(tree)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))),
                None)
    if func is None:
        return False
    for stmt in func.body:
        if isinstance(stmt, ast.With):
            for item in stmt.items:
                call = item.context_expr
                if (isinstance(call, ast.Call) and
                        isinstance(call.func, ast.Attribute) and
                        call.func.attr == "Kernel"):
                    return True
    return False


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

    def __init__(self, fn, **options):
        self.fn = fn
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
        dims = _tensor_annotations(self.fn)
        values, tensors = {}, []
        for name, value in bound.arguments.items():
            if not _is_tensor(value):
                values[name] = value
                continue
            tensors.append(value)
            annotated = dims.get(name)
            if annotated is None:
                continue
            shape = tuple(value.shape)
            if len(shape) != len(annotated):
                raise ValueError(
                    "argument '%s' of %s has %d dimensions but its "
                    "annotation has %d" % (name, self.__name__, len(shape),
                                           len(annotated)))
            for dim, size in zip(annotated, shape):
                if isinstance(dim, str):
                    if values.setdefault(dim, int(size)) != int(size):
                        raise ValueError(
                            "%s: size '%s' is %d by an earlier argument but "
                            "%d by '%s'" % (self.__name__, dim, values[dim],
                                            int(size), name))
        return self.compile(**values)(*tensors)
