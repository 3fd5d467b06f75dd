"""Kernels: a @T.prim_func as tilett sees it, compiled and called."""

import atexit
import inspect
import os
import re
import shutil
import tempfile

from . import _core
from .tensors import from_host, to_host

_CO_VARARGS = inspect.CO_VARARGS
_CO_VARKEYWORDS = inspect.CO_VARKEYWORDS


def literal(value, what):
    """`value` as a Python literal the C++ frontend can evaluate."""
    if value is None or isinstance(value, (bool, int, str)):
        return repr(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "float(%r)" % str(value)
        return repr(value)
    if isinstance(value, (tuple, list)):
        items = [literal(v, what) for v in value]
        if isinstance(value, tuple):
            return "(" + "".join(i + ", " for i in items) + ")"
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(literal(k, what) + ": " + literal(v, what)
                               for k, v in value.items()) + "}"
    dtype = dtype_name(value)
    if dtype is not None:
        return repr(dtype)
    raise TypeError("%s is of type %s, which tilett cannot pass to its compiler "
                    "(numbers, strings, dtypes and tuples of them can be)"
                    % (what, type(value).__name__))


def dtype_name(value):
    """The TileLang dtype name of a torch/numpy dtype, or None."""
    text = str(value)
    for prefix in ("torch.", "dtype('"):
        if text.startswith(prefix):
            text = text[len(prefix):].rstrip("')")
            return {"half": "float16", "float": "float32",
                    "double": "float64"}.get(text, text)
    if hasattr(value, "dtype") and value.__class__.__name__ == "dtype":
        return str(value)
    return None


def _referenced_names(code):
    """Names a function's code (and the code nested in it) reads."""
    names = set(code.co_names) | set(code.co_freevars)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= _referenced_names(const)
    return names


def _is_literal(value):
    try:
        literal(value, "")
        return True
    except TypeError:
        return False


class PrimFunc:
    """A @T.prim_func: where its source is and how to instantiate it.

    tilett's compiler reads the kernel from its own file, so diagnostics
    point into the user's source. A kernel a module-level factory makes
    (`def matmul(M, N, ...)` returning it) is instantiated by calling the
    factory with the arguments this one was made with (`entry`); any other
    (module-level, or made inside a function that is not a factory) is
    built from its definition (`name` on `line`) with the values it closes
    over and the global values it reads (`bindings`, as literals).
    """

    def __init__(self, fn, factory_frame=None):
        self.fn = fn
        self.name = fn.__name__
        self.path = os.path.abspath(inspect.getsourcefile(fn) or
                                    fn.__code__.co_filename)
        self.line = fn.__code__.co_firstlineno
        self.entry = ""
        self.bindings = []
        qualname = fn.__qualname__
        frame = factory_frame
        factory = qualname.split(".<locals>")[0]
        if ("<locals>" in qualname and "." not in factory and
                frame is not None and frame.f_code.co_name == factory and
                frame.f_globals.get(factory) is not None):
            try:
                self.entry = self._factory_call(factory, frame)
                return
            except TypeError:
                # Arguments no literal can carry (tensors, say): the
                # function is not a factory to call again; build the kernel
                # from its definition and the values it closes over.
                pass
        self.bindings = self._closure_bindings(fn, frame)

    @classmethod
    def for_entry(cls, fn, entry):
        """The kernel the frontend makes of `fn`'s script with the entry
        call `entry` (e.g. `matmul.compile(M=1024, ...)`)."""
        self = cls.__new__(cls)
        self.fn = fn
        self.name = fn.__name__
        self.path = os.path.abspath(inspect.getsourcefile(fn) or
                                    fn.__code__.co_filename)
        self.line = fn.__code__.co_firstlineno
        self.entry = entry
        self.bindings = []
        return self

    def _factory_call(self, factory, frame):
        code = frame.f_code
        names = list(code.co_varnames[:code.co_argcount +
                                      code.co_kwonlyargcount])
        args = ["%s=%s" % (n, literal(frame.f_locals[n],
                                       "argument '%s' of %s" % (n, factory)))
                for n in names]
        rest = code.co_argcount + code.co_kwonlyargcount
        if code.co_flags & _CO_VARARGS:
            star = frame.f_locals[code.co_varnames[rest]]
            positional = [frame.f_locals[n] for n in names[:code.co_argcount]]
            args = ([literal(v, "an argument of %s" % factory)
                     for v in positional + list(star)] +
                    args[code.co_argcount:])
            rest += 1
        if code.co_flags & _CO_VARKEYWORDS:
            for k, v in frame.f_locals[code.co_varnames[rest]].items():
                args.append("%s=%s" % (k, literal(v, "argument '%s'" % k)))
        return "%s(%s)" % (factory, ", ".join(args))

    def _closure_bindings(self, fn, frame):
        """Literals for the names the kernel's source mentions: its closure
        cells, the locals of the function that defines it (annotations are
        evaluated there) and the module's globals, innermost first."""
        try:
            source = inspect.getsource(fn)
        except (OSError, TypeError):
            source = ""
        mentioned = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", source))
        mentioned |= _referenced_names(fn.__code__)
        scopes = []
        code = fn.__code__
        cells = {}
        for name, cell in zip(code.co_freevars, fn.__closure__ or ()):
            try:
                cells[name] = cell.cell_contents
            except ValueError:
                continue
        scopes.append((cells, True))
        if frame is not None and frame.f_locals is not fn.__globals__:
            scopes.append((dict(frame.f_locals), False))
        scopes.append((fn.__globals__, False))
        bindings = {}
        for values, required in scopes:
            for name in sorted(mentioned & set(values)):
                if name in bindings:
                    continue
                value = values[name]
                if required:
                    bindings[name] = literal(
                        value, "'%s', which kernel '%s' closes over," %
                        (name, self.name))
                elif _is_literal(value):
                    bindings[name] = literal(value, name)
        return sorted(bindings.items())

    def __repr__(self):
        how = (" via " + self.entry if self.entry else
               " at line %d" % self.line)
        return "<PrimFunc %s of %s%s>" % (self.name, self.path, how)

    def instantiation(self):
        """The compile_script/import_script arguments naming this kernel."""
        if self.entry:
            return {"entry": self.entry}
        return {"entry": "", "name": self.name, "line": self.line,
                "bindings": self.bindings}

    def script(self):
        """The tl-dialect module the frontend makes of this kernel (MLIR)."""
        return _core.import_script(self.path, **self.instantiation())


_ARCH = os.environ.get("TILETT_ARCH", "wormhole_b0")

# Predicted device time of each kernel run in this process, in ms, in run
# order: tilelang.profiler.do_bench times a callable by what it launched.
device_ms_runs = []


class JITKernel:
    """A compiled kernel: call it with numpy arrays or CPU torch tensors."""

    def __init__(self, func, out_idx=None, target=None, arch=None,
                 core_grid="", pass_configs=None, math_fidelity="HiFi4",
                 math_approx=False):
        if not isinstance(func, PrimFunc):
            raise TypeError("expected a @T.prim_func, got %r" % (func,))
        self.func = func
        if out_idx is None:
            out_idx = []
        elif isinstance(out_idx, int):
            out_idx = [out_idx]
        self.out_idx = list(out_idx)
        self.target = target
        self.arch = arch or _ARCH
        self.core_grid = core_grid
        # The compile's default; a with_compute_config annotation wins.
        self.math_fidelity = math_fidelity
        self.math_approx = bool(math_approx)
        self.latency_ms = None
        self._plan_dir = None
        self._buffers = None

    # Compilation ------------------------------------------------------------

    def _compile(self):
        if self._plan_dir is not None:
            return
        root = tempfile.mkdtemp(prefix="tilett-py-")
        atexit.register(shutil.rmtree, root, True)
        out = os.path.join(root, "out")
        what = self.func.instantiation()
        _core.compile_script(self.func.path, what.pop("entry"), out,
                             self.arch, self.core_grid,
                             math_fidelity=self.math_fidelity,
                             math_approx=self.math_approx, **what)
        plan_dir = out
        if not os.path.exists(os.path.join(out, "tt.plan.json")):
            plan_dir = os.path.join(out, self.func.name)
            if not os.path.exists(os.path.join(plan_dir, "tt.plan.json")):
                raise _core.CompileError(
                    "%s: the script instantiates several kernels and none is "
                    "named '%s'" % (self.func.path, self.func.name))
        self._buffers = _core.read_buffers(plan_dir)
        self._plan_dir = plan_dir

    @property
    def params(self):
        """The kernel's global buffers in argument order (name, shape, dtype,
        role)."""
        self._compile()
        return list(self._buffers)

    def artifacts(self):
        """The generated files by name: reader.cpp, compute.cpp, writer.cpp,
        main.cpp (the host program), tt.plan.json."""
        self._compile()
        out = {}
        for name, file in [("reader.cpp", "reader.cpp"),
                           ("compute.cpp", "compute.cpp"),
                           ("writer.cpp", "writer.cpp"),
                           ("main.cpp", "host.cpp"),
                           ("tt.plan.json", "tt.plan.json")]:
            with open(os.path.join(self._plan_dir, file)) as f:
                out[name] = f.read()
        return out

    def get_kernel_source(self, kind=None):
        """The generated TT-Metalium source: "compute" (TileLang's default),
        "reader", "writer", "host" or "all". With target="tenstorrent"
        and no kind, the original Tenstorrent backend's form: a JSON object
        of every artifact by file name."""
        self._compile()
        if kind is None:
            if str(self.target or "").startswith("tenstorrent"):
                import json
                return json.dumps(self.artifacts())
            kind = "compute"
        kinds = ["reader", "compute", "writer"] if kind == "all" else [kind]
        texts = []
        for k in kinds:
            with open(os.path.join(self._plan_dir, k + ".cpp")) as f:
                texts.append(f.read())
        return "\n".join(texts)

    # Calls ------------------------------------------------------------------

    def _outputs(self):
        self._compile()
        n = len(self._buffers)
        out = []
        for i in self.out_idx:
            if not -n <= i < n:
                raise IndexError("out_idx %d is out of range for a kernel of "
                                 "%d arguments" % (i, n))
            out.append(i % n)
        return out

    def __call__(self, *args):
        self._compile()
        buffers = self._buffers
        outputs = self._outputs()
        if len(args) == len(buffers):
            given = dict(enumerate(args))
        elif len(args) == len(buffers) - len(outputs):
            rest = iter(args)
            given = {i: next(rest) for i in range(len(buffers))
                     if i not in outputs}
        else:
            raise TypeError(
                "kernel '%s' takes %d tensors (%s), or %d without its "
                "outputs (out_idx=%s), but got %d"
                % (self.func.name, len(buffers),
                   ", ".join(b["name"] for b in buffers),
                   len(buffers) - len(outputs), self.out_idx, len(args)))
        inputs = {}
        for i, tensor in given.items():
            b = buffers[i]
            array = to_host(tensor)
            if tuple(array.shape) != tuple(b["shape"]):
                raise ValueError("argument %d ('%s') has shape %s but the "
                                 "kernel expects %s"
                                 % (i, b["name"], tuple(array.shape),
                                    tuple(b["shape"])))
            if b["role"] != "output":
                inputs[b["name"]] = array
        results, device_us = _core.run_kernel(self._plan_dir, inputs)
        if device_us >= 0:
            self.latency_ms = device_us / 1000.0
            device_ms_runs.append(self.latency_ms)
        like = next(iter(given.values()), None)
        returned = []
        for i, b in enumerate(buffers):
            if b["name"] not in results:
                continue
            value = results[b["name"]]
            if i in given:
                from_host(value, b["dtype"], into=given[i])
            if i in outputs:
                returned.append(from_host(value, b["dtype"], like=like))
        if not outputs:
            return None
        return returned[0] if len(returned) == 1 else returned

    def get_profiler(self, tensor_supply_type=None):
        from .profiler import Profiler
        return Profiler(self, tensor_supply_type)


def compile(func, out_idx=None, target=None, execution_backend=None,
            pass_configs=None, **kwargs):
    """tilelang.compile: a JITKernel of a @T.prim_func. tilett's keywords
    math_fidelity ("LoFi".."HiFi4") and math_approx pick the compute
    config."""
    return JITKernel(func, out_idx=out_idx, target=target,
                     pass_configs=pass_configs,
                     math_fidelity=kwargs.get("math_fidelity", "HiFi4"),
                     math_approx=kwargs.get("math_approx", False))


def jit(func=None, *, out_idx=None, target=None, execution_backend=None,
        pass_configs=None, **kwargs):
    """tilelang.jit: a factory returning a @T.prim_func returns a JITKernel;
    a kernel written as the function's own body (TileLang's eager style) is
    compiled by `.compile(...)` or by a call with tensors (tilett.eager)."""
    def wrap(factory):
        from .eager import eager_jit
        eager = eager_jit(factory, out_idx=None, target=target,
                          pass_configs=pass_configs)
        if eager is not None:
            return eager
        def make(*args, **kw):
            made = factory(*args, **kw)
            if isinstance(made, PrimFunc):
                return JITKernel(made, out_idx=out_idx, target=target,
                                 pass_configs=pass_configs)
            return made
        make.__name__ = factory.__name__
        make.__qualname__ = factory.__qualname__
        make.__doc__ = factory.__doc__
        make.__wrapped__ = factory
        return make
    return wrap(func) if func is not None else wrap
