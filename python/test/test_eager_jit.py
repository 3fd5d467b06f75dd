"""@tilelang.jit kernels written in TileLang's eager style (the function's
body is the kernel) compile with .compile(...) and by a call with tensors,
and match torch."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "kernels", "eager_style.py")


def run(mode):
    return subprocess.run([sys.executable, "-m", "tilett", SCRIPT, mode],
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("mode", ["compile", "call"])
def test_eager_kernels_match_torch(mode):
    r = run(mode)
    assert r.returncode == 0, r.stderr
    assert "All checks pass." in r.stdout


def test_inconsistent_sizes_are_named():
    r = run("mismatch")
    assert r.returncode != 0
    assert "scaled_gemm: size 'K' is 96 by an earlier argument but 64 by 'B'" \
        in r.stderr
