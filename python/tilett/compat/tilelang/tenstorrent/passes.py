"""tilelang.tenstorrent.passes: the five passes as module -> module
callables, the pipeline, and run_pipeline with the runtime plan."""

import os
import shutil
import tempfile

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


class Pipeline:
    """The five passes in order (or, with TT_USE_NEW_PIPELINE=0, the
    original backend's sequence of pass names)."""

    def __init__(self, **options):
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
        return run_pipeline_text(mod, self.pipeline())

    def __iter__(self):
        return iter(self.passes)


def build_tt_pipeline(**options):
    return Pipeline(**options)


def run_pipeline(mod, plan_path=None, **options):
    """Runs the pipeline; with `plan_path`, also writes the module's runtime
    plan (tt.plan.json) there."""
    mod = as_module(mod)
    result = build_tt_pipeline(**options)(mod)
    if plan_path:
        root = tempfile.mkdtemp(prefix="tilett-plan-")
        try:
            out = os.path.join(root, "out")
            _core.compile_module(mod.text, out)
            plans = [os.path.join(d, "tt.plan.json") for d, _, files in
                     os.walk(out) if "tt.plan.json" in files]
            if len(plans) != 1:
                raise _core.CompileError("expected one kernel in the module, "
                                         "found %d" % len(plans))
            shutil.copyfile(plans[0], plan_path)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return result
