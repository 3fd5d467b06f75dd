"""tilelang.profiler: do_bench over tilett's emulator."""

import sys
import time

import tilett.kernel as _kernel
from tilett.profiler import Profiler, TensorSupplyType  # noqa: F401

_said_host_timing = False


def do_bench(fn, warmup=25, rep=100, _n_warmup=0, _n_repeat=0,
             quantiles=None, return_mode="mean", **kwargs):
    """The time of one call of `fn` in ms: the emulator's predicted device
    time of the tilett kernels it launches, or, for a function that launches
    none (a torch reference), this host's wall clock (said once). Warmup and
    repetition counts have nothing to average here: the prediction is the
    same on every run."""
    global _said_host_timing
    before = len(_kernel.device_ms_runs)
    start = time.perf_counter()
    fn()
    wall_ms = (time.perf_counter() - start) * 1000.0
    launched = _kernel.device_ms_runs[before:]
    device_ms = sum(launched)
    if launched:
        result = device_ms
    else:
        if not _said_host_timing:
            print("tilett: do_bench timed a function that runs no tilett "
                  "kernel by this host's wall clock", file=sys.stderr)
            _said_host_timing = True
        result = wall_ms
    if quantiles is not None:
        return [result for _ in quantiles]
    return result
