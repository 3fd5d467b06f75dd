"""tilelang.tenstorrent.passes: the five passes as module -> module
callables, the pipeline, and run_pipeline with the runtime plan."""

import os
import shutil
import tempfile
import warnings

from tilett import _core
from tilett.ir import as_module, run_pipeline_text


class _Pass:
    argument = ""

    def __init__(self, **options):
        self.options = options

    def pipeline(self):
        if not self.options:
            return self.argument
        return "%s{%s}" % (self.argument, " ".join(
            "%s=%s" % (k.replace("_", "-"), v)
            for k, v in sorted(self.options.items())))

    def __call__(self, mod):
        return run_pipeline_text(mod, self.pipeline())

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self.pipeline())


class InferTTLayout(_Pass):
    argument = "tt-infer-layout"


class PropagateTTLayout(_Pass):
    argument = "tt-propagate-layout"


class TTTilesToCoreMap(_Pass):
    argument = "tt-tiles-to-core-map"


class LowerTTTileIntrinsics(_Pass):
    argument = "tt-lower-tile-intrinsics"


class GridToPersistentTT(_Pass):
    argument = "tt-grid-to-persistent"


def _new_pipeline():
    return os.environ.get("TT_USE_NEW_PIPELINE", "1").lower() not in (
        "0", "false")


# Options the passes take; the original backend's others (target_device,
# enable_double_buffer, ...) have no effect here and are reported once.
_PASS_OPTIONS = ("arch", "core_grid", "strategy")
_said_ignored = set()


class Pipeline:
    """The five passes in order (or, with TT_USE_NEW_PIPELINE=0, the
    original backend's sequence of pass names). `verbose=True` prints each
    pass as it runs (the original's pipeline logging)."""

    def __init__(self, verbose=False, **options):
        self.verbose = verbose
        for key in sorted(set(options) - set(_PASS_OPTIONS)):
            if key not in _said_ignored:
                _said_ignored.add(key)
                warnings.warn("tilelang.tenstorrent: option '%s' has no "
                              "effect in tilett" % key, stacklevel=3)
        options = {k: v for k, v in options.items() if k in _PASS_OPTIONS}
        self.options = options
        if _new_pipeline():
            self.passes = [InferTTLayout(**options), PropagateTTLayout(),
                           TTTilesToCoreMap(), LowerTTTileIntrinsics(),
                           GridToPersistentTT()]
        else:
            self.passes = []

    def pipeline(self):
        if not self.passes:
            return "apply_tt_transform_passes"
        return ",".join(p.pipeline() for p in self.passes)

    def __call__(self, mod):
        if not self.verbose or not self.passes:
            return run_pipeline_text(mod, self.pipeline())
        for p in self.passes:
            print("[tt pipeline] %s (%s)" % (type(p).__name__, p.pipeline()))
            mod = p(mod)
        return mod

    def __iter__(self):
        return iter(self.passes)


def build_tt_pipeline(**options):
    return Pipeline(**options)


def emit_artifacts(mod):
    """The files `tilett compile` writes for a module, by name: reader.cpp,
    compute.cpp, writer.cpp, main.cpp (host.cpp) and tt.plan.json."""
    mod = as_module(mod)
    root = tempfile.mkdtemp(prefix="tilett-artifacts-")
    try:
        out = os.path.join(root, "out")
        _core.compile_module(mod.text, out)
        dirs = [d for d, _, files in os.walk(out) if "tt.plan.json" in files]
        if len(dirs) != 1:
            raise _core.CompileError("expected one kernel in the module, "
                                     "found %d" % len(dirs))
        names = {"host.cpp": "main.cpp"}
        artifacts = {}
        for file in sorted(os.listdir(dirs[0])):
            if file.startswith("."):
                continue
            with open(os.path.join(dirs[0], file)) as f:
                artifacts[names.get(file, file)] = f.read()
        return artifacts
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run_pipeline(mod, plan_path=None, verbose=False, **options):
    """Runs the pipeline; with `plan_path`, also writes the module's runtime
    plan (tt.plan.json) there."""
    mod = as_module(mod)
    result = build_tt_pipeline(verbose=verbose, **options)(mod)
    if plan_path:
        with open(plan_path, "w") as f:
            f.write(emit_artifacts(mod)["tt.plan.json"])
    return result
