"""The tilelang modules upstream's scripts import besides language:
tilelang.profiler.do_bench, tilelang.testing.regression/process_func,
tilelang.utils.tensor, T.dtype and dtype objects, torch.compile."""

import os
import subprocess
import sys

from conftest import SOURCE_DIR

GEMM = os.path.join(SOURCE_DIR, "examples/tenstorrent/example_gemm.py")


def run_script(tmp_path, text):
    script = tmp_path / "s.py"
    script.write_text(text)
    return subprocess.run([sys.executable, "-m", "tilett", str(script)],
                          capture_output=True, text=True, timeout=600,
                          cwd=str(tmp_path))


def test_do_bench_reports_device_time_of_what_the_callable_runs(tmp_path):
    r = run_script(tmp_path, f"""
import importlib.util, torch, tilelang
from tilelang.profiler import do_bench
spec = importlib.util.spec_from_file_location("g", {GEMM!r})
g = importlib.util.module_from_spec(spec); spec.loader.exec_module(g)
kernel = g.matmul(64, 64, 64, 32, 32, 32)
a = torch.randn(64, 64, dtype=torch.float16)
b = torch.randn(64, 64, dtype=torch.float16)
ms = do_bench(lambda: kernel(a, b), warmup=5, rep=10)
assert ms == kernel.latency_ms and ms > 0, (ms, kernel.latency_ms)
# Two launches in one call take twice the device time.
assert abs(do_bench(lambda: (kernel(a, b), kernel(a, b))) - 2 * ms) < 1e-9
# A callable running no kernel is timed by the wall clock.
assert do_bench(lambda: sum(range(1000))) >= 0
assert do_bench(lambda: kernel(a, b), quantiles=[0.5, 0.2]) == [ms, ms]
print("ok")
""")
    assert r.returncode == 0, r.stderr
    assert "ok" in r.stdout


def test_regression_runs_the_callers_regression_functions(tmp_path):
    r = run_script(tmp_path, """
import tilelang.testing

def run_perf(scale=1.0):
    return 2.5 * scale

def regression_first():
    tilelang.testing.process_func(run_perf, "first")

def regression_second():
    tilelang.testing.process_func(run_perf, "second", scale=2.0)

def not_a_regression():
    raise SystemExit("must not run")

tilelang.testing.regression()
""")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\n")[:2] == ["first: 2.5", "second: 5.0"]


def test_dtypes_convert_as_driver_code_expects(tmp_path):
    r = run_script(tmp_path, """
import torch
import tilelang.language as T
from tilelang.utils.tensor import torch_assert_close
assert T.float16.as_torch() is torch.float16
assert T.dtype(torch.bfloat16) == "bfloat16" == T.bfloat16
assert T.dtype("float") == T.float == "float32"
assert T.int == "int32" and T.dtype(torch.int32).as_torch() is torch.int32
assert T.float8_e4m3fn.bits == 8 and T.bfloat16.bits == 16
assert isinstance(int("3"), int)  # builtins untouched
x = torch.ones(4)
torch_assert_close(x, x.clone())
f = torch.compile(lambda t: t + 1)
assert torch.equal(f(x), x + 1)
print("ok")
""")
    assert r.returncode == 0, r.stderr
    assert "ok" in r.stdout
