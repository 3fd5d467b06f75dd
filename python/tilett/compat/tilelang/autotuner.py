"""tilelang.autotune / AutoTuner: configurations ranked by the emulator's
predicted device time."""

import functools
import itertools
import sys


class AutoTuner:
    def __init__(self, fn, configs):
        self.fn = fn
        self.configs = list(configs)
        self.results = []

    @classmethod
    def from_kernel(cls, kernel, configs):
        return cls(kernel, configs)

    def set_compile_args(self, **kwargs):
        return self

    def set_profile_args(self, **kwargs):
        return self

    def run(self, *args, **kwargs):
        """Builds each configuration, times it on the emulator's model and
        returns the fastest kernel; `results` holds (config, ms) pairs."""
        best = None
        for config in self.configs:
            kernel = self.fn(*args, **dict(kwargs, **config))
            ms = kernel.get_profiler().do_bench()
            self.results.append((config, ms))
            print("tilett autotune: %s -> %.4f ms" % (config, ms),
                  file=sys.stderr)
            if best is None or ms < best[1]:
                best = (config, ms, kernel)
        if best is None:
            raise ValueError("autotune: no configurations")
        self.best_config, self.best_latency, kernel = best
        return kernel


def _expand(configs):
    if isinstance(configs, dict):
        keys = list(configs)
        return [dict(zip(keys, values))
                for values in itertools.product(*(configs[k] for k in keys))]
    return list(configs() if callable(configs) else configs)


def autotune(configs=None, warmup=None, rep=None, timeout=None, **kwargs):
    """@tilelang.autotune(configs=...) over a @tilelang.jit factory: calling
    it with the non-tuned arguments returns the fastest configuration's
    kernel."""
    def wrap(factory):
        @functools.wraps(factory)
        def tuned(*args, **kw):
            candidates = _expand(configs)
            fixed = [c for c in candidates if all(k in kw for k in c)]
            if fixed:
                return factory(*args, **kw)
            return AutoTuner(factory, candidates).run(*args, **kw)
        return tuned
    return wrap
