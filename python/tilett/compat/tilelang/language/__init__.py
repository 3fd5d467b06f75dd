"""tilelang.language (`T`) under CPython.

Kernel bodies are not run by CPython: tilett's compiler reads them from the
source file. What CPython does evaluate -- decorators, parameter annotations
(`A: T.Tensor((M, K), dtype)`), dtype names, `T.symbolic` in driver code --
is defined here; every other name is a placeholder that may appear in such
places without effect.
"""

import builtins
import sys

from tilett.kernel import PrimFunc

class DType(str):
    """A TileLang dtype: its name (so it compares and prints as one), with
    the conversions driver code uses."""

    _TORCH = {"float16": "float16", "bfloat16": "bfloat16",
              "float32": "float32", "float64": "float64", "int8": "int8",
              "int16": "int16", "int32": "int32", "int64": "int64",
              "uint8": "uint8", "bool": "bool",
              "float8_e4m3": "float8_e4m3fn", "float8_e4m3fn": "float8_e4m3fn",
              "float8_e5m2": "float8_e5m2"}

    def as_torch(self):
        """The torch dtype of this dtype (torch.float16 for "float16")."""
        import torch
        name = self._TORCH.get(str(self))
        if name is None or not hasattr(torch, name):
            raise TypeError("dtype %s has no torch equivalent here" % self)
        return getattr(torch, name)

    @property
    def bits(self):
        # builtins: this module's `int` and `bool` are TileLang dtypes.
        digits = "".join(c for c in self.split("_")[0] if c.isdigit())
        return 8 if str(self) == "bool" else builtins.int(digits or 32)


def dtype(value):
    """T.dtype(x): the TileLang dtype named by a string, a dtype or a torch
    dtype (torch.float16 -> "float16")."""
    from tilett.kernel import dtype_name
    name = dtype_name(value) or str(value)
    return DType({"float": "float32", "half": "float16", "int": "int32",
                  "float8_e4m3fn": "float8_e4m3"}.get(name, name))


# Dtypes are their TileLang names.
float16 = DType("float16")
bfloat16 = DType("bfloat16")
float32 = DType("float32")
float64 = DType("float64")
float = float32  # noqa: A001 - TileLang's names
int8 = DType("int8")
int16 = DType("int16")
int32 = DType("int32")
int64 = DType("int64")
int = int32  # noqa: A001
uint8 = DType("uint8")
uint16 = DType("uint16")
uint32 = DType("uint32")
uint64 = DType("uint64")
bool = DType("bool")  # noqa: A001
float8_e4m3 = DType("float8_e4m3")
float8_e4m3fn = DType("float8_e4m3fn")
float8_e5m2 = DType("float8_e5m2")


def prim_func(fn=None, **kwargs):
    """@T.prim_func: records where the kernel is and, for a kernel a factory
    makes, the factory call that made it (its frame is the caller's)."""
    def make(f, frame):
        return PrimFunc(f, frame)
    if fn is None:
        frame = sys._getframe(1)
        return lambda f: make(f, frame)
    return make(fn, sys._getframe(1))


def macro(fn=None, **kwargs):
    """@T.macro: inlined by the compiler; here the function itself."""
    return fn if fn is not None else (lambda f: f)


class _Annotation:
    """A buffer annotation: `T.Tensor((M, K), dtype)` or
    `T.Tensor[(M, K), dtype]`."""

    def __init__(self, shape=None, dtype="float32", *args, **kwargs):
        self.shape = tuple(shape) if isinstance(shape, (tuple, list)) else shape
        self.dtype = dtype

    def __class_getitem__(cls, item):
        if isinstance(item, tuple) and len(item) == 2:
            return cls(item[0], item[1])
        return cls(item)

    def __repr__(self):
        return "T.Tensor(%r, %r)" % (self.shape, self.dtype)


class Tensor(_Annotation):
    pass


class Buffer(_Annotation):
    pass


Tensor.__name__ = "Tensor"
StridedTensor = Tensor
FragmentBuffer = SharedBuffer = LocalBuffer = Buffer


class _Placeholder:
    """Anything else of T: callable, indexable and attribute-bearing, so
    that module-level and annotation uses evaluate."""

    def __init__(self, name):
        self._name = name

    def __call__(self, *args, **kwargs):
        return _Placeholder(self._name + "()")

    def __getitem__(self, item):
        return _Placeholder(self._name + "[]")

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Placeholder(self._name + "." + name)

    def __repr__(self):
        return "<T.%s>" % self._name


def symbolic(name, dtype="int32"):
    """T.symbolic: a dynamic dimension (the compiler reports where it is
    not supported)."""
    return _Placeholder("symbolic(%r)" % name)


def dynamic(name, dtype="int32"):
    return symbolic(name, dtype)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _Placeholder(name)
