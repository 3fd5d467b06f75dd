"""tilett's `tilelang`: what TileLang scripts import, over tilett's compiler
and emulator (`python3 -m tilett script.py`)."""

from tilett.kernel import JITKernel, compile, jit  # noqa: F401
from tilett.profiler import TensorSupplyType  # noqa: F401

import tvm  # noqa: F401  (`from tilelang import tvm`: the same module)

from . import language  # noqa: F401
from . import testing  # noqa: F401
from .autotuner import AutoTuner, autotune  # noqa: F401

__version__ = "0.0.0+tilett"


def cdiv(a, b):
    """Ceiling division, as tilelang.cdiv."""
    return -(-a // b)


def disable_cache():
    """tilelang.disable_cache: tilett's kernel cache is keyed by content."""


class PassConfigKey:
    """Pass configuration keys scripts name; tilett has no GPU passes to
    configure, so they are accepted and ignored."""

    def __getattr__(self, name):
        return name


PassConfigKey = PassConfigKey()
