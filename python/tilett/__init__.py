"""tilett: TileLang kernels compiled for Tenstorrent and run on the emulator.

`python3 -m tilett script.py [args]` runs a TileLang script unmodified: its
`tilelang`, `tilelang.language`, `tvm` and `tilelang.tenstorrent` imports
resolve to tilett's compatibility modules (tilett/compat), kernels compile
with tilett's C++ frontend (which reads the kernel's own source file) and run
on the TT-Metalium emulator in this process.
"""

import os
import sys

# Debian's interpreter, whose packages (numpy, torch) the set-up installs.
SYSTEM_PYTHON = "/usr/bin/python3"

try:
    import numpy  # noqa: F401
except ImportError:
    # `python3 -m tilett` under another interpreter (a pyenv one, say) that
    # lacks numpy: run it under the one the set-up provided for.
    if (sys.argv[:1] == ["-m"] and os.path.exists(SYSTEM_PYTHON) and
            os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON)):
        print("tilett: %s has no numpy; running under %s"
              % (sys.executable, SYSTEM_PYTHON), file=sys.stderr)
        sys.stdout.flush()
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, "-m", "tilett"] + sys.argv[1:])
    raise ImportError("tilett needs numpy (apt-get install python3-numpy)")

# Compiled kernels are shared objects that call back into the emulator the
# extension links; they find its symbols only if it is loaded globally.
_flags = sys.getdlopenflags()
sys.setdlopenflags(os.RTLD_GLOBAL | os.RTLD_NOW)
try:
    from . import _core
finally:
    sys.setdlopenflags(_flags)

# The emulator prints the device time of every run; Python callers read it
# from the kernel (`latency_ms`, the profiler's do_bench) instead.
os.environ.setdefault("TT_EMU_QUIET", "1")

from ._core import CompileError, RunError  # noqa: E402
from .kernel import JITKernel, PrimFunc, compile, jit  # noqa: E402

COMPAT_DIR = os.path.join(os.path.dirname(__file__), "compat")

__all__ = ["CompileError", "RunError", "JITKernel", "PrimFunc", "compile",
           "jit", "COMPAT_DIR"]
