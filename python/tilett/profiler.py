"""kernel.get_profiler(): checks against the script's own reference and the
emulator's predicted device time."""

import enum
import sys
import time

import numpy as np

from .tensors import _TORCH, to_host


class TensorSupplyType(enum.Enum):
    """How the profiler makes input tensors (TileLang's names)."""
    Integer = 1
    Uniform = 2
    Normal = 3
    Randn = 4
    Zero = 5
    One = 6
    Auto = 7


_said_host_timing = False


class Profiler:
    def __init__(self, kernel, supply=None, seed=0):
        self.kernel = kernel
        self.supply = supply or TensorSupplyType.Auto
        self.seed = seed
        self._inputs = None

    def _make(self, shape, dtype):
        rng = np.random.default_rng(self.seed)
        self.seed += 1
        kind = self.supply
        if kind in (TensorSupplyType.Integer,) or dtype == "i32":
            data = rng.integers(-2, 3, size=shape)
        elif kind == TensorSupplyType.Uniform:
            data = rng.uniform(0.0, 1.0, size=shape)
        elif kind == TensorSupplyType.Zero:
            data = np.zeros(shape)
        elif kind == TensorSupplyType.One:
            data = np.ones(shape)
        else:
            data = rng.standard_normal(size=shape)
        try:
            import torch
        except ImportError:
            return data.astype(np.float32)
        return torch.from_numpy(data).to(getattr(torch, _TORCH[dtype]))

    def inputs(self):
        """The kernel's inputs, made once per profiler."""
        if self._inputs is None:
            outputs = self.kernel._outputs()
            self._inputs = [self._make(b["shape"], b["dtype"])
                            for i, b in enumerate(self.kernel.params)
                            if i not in outputs]
        return self._inputs

    def assert_allclose(self, reference_program, atol=1e-2, rtol=1e-2,
                        max_mismatched_ratio=0.01):
        """Runs the kernel and `reference_program` on the same inputs and
        fails (AssertionError) where more than `max_mismatched_ratio` of the
        elements differ by more than atol + rtol * |reference|."""
        ins = self.inputs()
        got = self.kernel(*ins)
        want = reference_program(*ins)
        got = got if isinstance(got, (list, tuple)) else [got]
        want = want if isinstance(want, (list, tuple)) else [want]
        if len(got) != len(want):
            raise AssertionError("the kernel returned %d outputs but the "
                                 "reference %d" % (len(got), len(want)))
        for k, (g, w) in enumerate(zip(got, want)):
            g, w = to_host(g), to_host(w)
            if g.shape != w.shape:
                raise AssertionError("output %d: shape %s, reference %s"
                                     % (k, g.shape, w.shape))
            bad = np.abs(g - w) > atol + rtol * np.abs(w)
            ratio = bad.mean() if bad.size else 0.0
            if ratio > max_mismatched_ratio:
                raise AssertionError(
                    "output %d: %.2f%% of %d elements mismatch (atol %g, rtol "
                    "%g); max abs error %g" % (k, 100 * ratio, bad.size, atol,
                                              rtol, np.abs(g - w).max()))

    def do_bench(self, func=None, warmup=None, rep=None, n_warmup=None,
                 n_repeat=None, input_tensors=None, **kwargs):
        """The kernel's predicted device time in ms (the emulator's model).
        A reference program passed as `func` runs on this host and is timed
        by the wall clock (said once)."""
        global _said_host_timing
        ins = input_tensors or self.inputs()
        if func is None or func is self.kernel:
            self.kernel(*ins)
            return self.kernel.latency_ms
        if not _said_host_timing:
            print("tilett: do_bench(func) times a host function by the wall "
                  "clock; kernels report the emulator's device time",
                  file=sys.stderr)
            _said_host_timing = True
        start = time.perf_counter()
        func(*ins)
        return (time.perf_counter() - start) * 1000.0
