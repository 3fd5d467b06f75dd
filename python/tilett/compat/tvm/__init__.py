"""tilett's `tvm`: as far as TileLang scripts and the original Tenstorrent
backend's code use it (IRModule, DataType, tir/script as T)."""

from tilett.ir import IRModule  # noqa: F401

from . import script  # noqa: F401
from . import tir  # noqa: F401


class DataType(str):
    """tvm.DataType("float16"): the dtype name."""

    def __new__(cls, name):
        return str.__new__(cls, str(name))

    @property
    def bits(self):
        digits = "".join(c for c in self if c.isdigit())
        return int(digits) if digits else 32
