"""tilelang.testing: what TileLang's test files use."""

import inspect
import sys

import numpy as np

from tilett.tensors import to_host


def main():
    """Runs the calling module's test_* functions (tilelang.testing.main)."""
    module = sys.modules.get("__main__")
    tests = [(n, f) for n, f in vars(module).items()
             if n.startswith("test") and inspect.isfunction(f)]
    failed = 0
    for name, fn in tests:
        try:
            fn()
            print("PASS", name)
        except Exception as e:  # noqa: BLE001 - reported, then counted
            failed += 1
            print("FAIL", name, "-", e)
    print("%d passed, %d failed" % (len(tests) - failed, failed))
    if failed:
        raise SystemExit(1)


def torch_assert_close(a, b, rtol=1e-2, atol=1e-2, max_mismatched_ratio=0.01,
                       **kwargs):
    a, b = to_host(a), to_host(b)
    bad = np.abs(a - b) > atol + rtol * np.abs(b)
    if bad.size and bad.mean() > max_mismatched_ratio:
        raise AssertionError("%.2f%% of %d elements mismatch (max abs error "
                             "%g)" % (100 * bad.mean(), bad.size,
                                      np.abs(a - b).max()))


def set_random_seed(seed=0):
    np.random.seed(seed)
    try:
        import torch
        torch.manual_seed(seed)
    except ImportError:
        pass


def requires_cuda(fn=None, *args, **kwargs):
    """Tests marked for CUDA run here: tensors on "cuda" live on the CPU."""
    return fn if callable(fn) else (lambda f: f)


requires_cuda_compute_version_ge = requires_cuda
requires_cuda_compute_version = requires_cuda
requires_cuda_compute_version_eq = requires_cuda
requires_cuda_compute_version_lt = requires_cuda
requires_cuda_compute_version_le = requires_cuda
requires_cuda_compute_version_gt = requires_cuda


_results = []


def process_func(func, name=None, **kwargs):
    """Runs one perf function (it returns a latency) and records it under
    `name` (default: its module, without "regression_")."""
    name = name or getattr(func, "__module__", "<unknown>")
    if name.startswith("regression_"):
        name = name[len("regression_"):]
    _results.append((name, float(func(**kwargs))))


def regression(prefixes=("regression_",), verbose=True):
    """Runs the calling module's regression_* functions and prints each
    recorded latency as `name: latency` (the emulator's device time in ms
    where the function reports do_bench's)."""
    caller = inspect.currentframe().f_back.f_globals
    _results.clear()
    for fname, fn in list(caller.items()):
        if (inspect.isfunction(fn) and
                any(fname.startswith(p) for p in prefixes)):
            fn()
    for name, latency in _results:
        print("%s: %s" % (name, latency))
