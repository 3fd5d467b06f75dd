"""pytest set-up: tilett's compatibility modules (tilelang, tvm) first on
the path, as `python3 -m tilett` puts them, and CPU-resident "cuda"."""

import os
import subprocess
import sys

import tilett
from tilett import _torch_cpu

sys.path.insert(0, tilett.COMPAT_DIR)
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "kernels"))
_torch_cpu.install()

SOURCE_DIR = os.environ.get(
    "TILETT_SOURCE_DIR",
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
        __file__)))))


def run_tilett(script, *args, timeout=900):
    """Runs `python3 -m tilett SCRIPT ARGS...` as a user would and returns
    the completed process (stdout and stderr as text)."""
    return subprocess.run([sys.executable, "-m", "tilett", script] +
                          [str(a) for a in args],
                          capture_output=True, text=True, timeout=timeout)
