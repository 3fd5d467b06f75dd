"""IR modules as the original Tenstorrent backend's Python API passes them
around: a module prints as its MLIR, and passes return new modules."""

from . import _core
from .kernel import PrimFunc


class IRModule:
    """An MLIR module (tl/tt dialects), held as text."""

    def __init__(self, functions=None, text=None):
        if text is None:
            funcs = list((functions or {}).values()) \
                if isinstance(functions, dict) else [functions]
            if len(funcs) != 1 or not isinstance(funcs[0], PrimFunc):
                raise TypeError("IRModule takes one @T.prim_func, e.g. "
                                "IRModule({'main': func})")
            text = funcs[0].script()
        self.text = text

    @classmethod
    def from_expr(cls, func):
        return cls({"main": func})

    @classmethod
    def from_mlir(cls, text):
        return cls(text=text)

    def script(self):
        return self.text

    def __str__(self):
        return self.text

    __repr__ = __str__

    def __contains__(self, needle):
        return needle in self.text


def as_module(mod):
    """An IRModule of a module, a @T.prim_func or MLIR text."""
    if isinstance(mod, IRModule):
        return mod
    if isinstance(mod, PrimFunc):
        return IRModule({"main": mod})
    if hasattr(mod, "func") and isinstance(getattr(mod, "func"), PrimFunc):
        return IRModule({"main": mod.func})  # a JITKernel
    if isinstance(mod, str):
        return IRModule(text=mod)
    raise TypeError("expected an IRModule, a @T.prim_func or MLIR text but "
                    "got %r" % (type(mod).__name__,))


def run_pipeline_text(mod, pipeline):
    """`mod` after the textual pass pipeline `pipeline` (the passes'
    command-line names, as tilett-opt takes them)."""
    mod = as_module(mod)
    return IRModule(text=_core.run_passes(
        mod.text, pipeline))
