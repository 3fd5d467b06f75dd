"""tilelang.tenstorrent: the original Tenstorrent backend's Python API on
tilett's passes.

`apply_tt_defaults(mod)` and the legacy entry points keep working (with a
DeprecationWarning naming the pass that replaced them); the five passes are
in `tilelang.tenstorrent.passes`. TT_USE_NEW_PIPELINE=0 selects the legacy
pass sequence, as in the C++ tools.
"""

import warnings

from tilett import _core
from tilett.ir import IRModule, as_module, run_pipeline_text  # noqa: F401

from . import passes  # noqa: F401
from .passes import (GridToPersistentTT, InferTTLayout,  # noqa: F401
                     LowerTTTileIntrinsics, PropagateTTLayout,
                     TTTilesToCoreMap, build_tt_pipeline, run_pipeline)

from .passes import emit_artifacts as emit_tt_artifacts  # noqa: E402,F401

build_v5_pipeline = build_tt_pipeline


class CoreRange:
    """A rectangle of cores: start (sx, sy) and extent (ex, ey), as in
    #tt.core_range<sx, sy, ex, ey>."""

    def __init__(self, start, extent):
        self.start = tuple(start)
        self.extent = tuple(extent)

    def __eq__(self, other):
        return (isinstance(other, CoreRange) and self.start == other.start and
                self.extent == other.extent)

    def __repr__(self):
        return "#tt.core_range<%d, %d, %d, %d>" % (self.start + self.extent)

    def cores(self):
        sx, sy = self.start
        ex, ey = self.extent
        return [(x, y) for y in range(sy, sy + ey) for x in range(sx, sx + ex)]


class WorkItem:
    """One work item of a core: output tile row io, column jo, reduction
    length len_k, block shape len_m x len_n (#tt.work_item)."""

    def __init__(self, io, jo, len_k=0, len_m=1, len_n=1):
        self.io, self.jo, self.len_k = io, jo, len_k
        self.len_m, self.len_n = len_m, len_n

    def __eq__(self, other):
        return isinstance(other, WorkItem) and vars(self) == vars(other)

    def __repr__(self):
        return ("#tt.work_item<io = %d, jo = %d, len_k = %d, len_m = %d, "
                "len_n = %d>" % (self.io, self.jo, self.len_k, self.len_m,
                                 self.len_n))


def apply_tt_defaults(mod, arch=None):
    """The original backend's defaults: InferTTLayout (arch, core grid,
    interleaved DRAM layouts)."""
    options = "{arch=%s}" % arch if arch else ""
    return run_pipeline_text(mod, "tt-infer-layout" + options)


def _legacy(name, replacement, pipeline):
    def entry(mod, *args, **kwargs):
        warnings.warn("tilelang.tenstorrent.%s is deprecated; use %s"
                      % (name, replacement), DeprecationWarning, stacklevel=2)
        return run_pipeline_text(mod, pipeline)
    entry.__name__ = name
    entry.__doc__ = "Deprecated: %s." % replacement
    return entry


infer_default_tt_schedule = _legacy(
    "infer_default_tt_schedule", "passes.InferTTLayout()",
    "infer_default_tt_schedule")
infer_default_tt_shard = _legacy(
    "infer_default_tt_shard", "passes.PropagateTTLayout()",
    "infer_default_tt_shard")
layout_aware_work_partition_tt = _legacy(
    "layout_aware_work_partition_tt", "passes.TTTilesToCoreMap()",
    "layout_aware_work_partition_tt")
lower_gemm_to_tt_intrinsics = _legacy(
    "lower_gemm_to_tt_intrinsics", "passes.LowerTTTileIntrinsics()",
    "lower_gemm_to_tt_intrinsics")
grid_to_persistent_tt = _legacy(
    "grid_to_persistent_tt", "passes.GridToPersistentTT()",
    "grid_to_persistent_tt")
apply_tt_metadata_passes = _legacy(
    "apply_tt_metadata_passes",
    "passes.InferTTLayout/PropagateTTLayout/TTTilesToCoreMap",
    "apply_tt_metadata_passes")
apply_tt_transform_passes = _legacy(
    "apply_tt_transform_passes", "passes.build_tt_pipeline()",
    "apply_tt_transform_passes")


def with_core_grid(func, gx, gy):
    """IR sugar: `func` with its worker grid set (tt.core_grid)."""
    mod = as_module(func)
    return IRModule(text=_core.apply_sugar(mod.text, "with_core_grid",
                                           [str(int(gx)), str(int(gy))]))


def with_core_ranges(func, ranges):
    """IR sugar: the cores that run the kernel, as CoreRanges."""
    mod = as_module(func)
    args = ["%d,%d,%d,%d" % (r.start + r.extent) for r in ranges]
    return IRModule(text=_core.apply_sugar(mod.text, "with_core_ranges",
                                           args))


def with_work_partition(func, partition):
    """IR sugar: core key "(x,y)" -> list of WorkItems."""
    mod = as_module(func)
    args = []
    for core, items in partition.items():
        args.append(core)
        args.append(";".join("%d,%d,%d,%d,%d" % (w.io, w.jo, w.len_k,
                                                  w.len_m, w.len_n)
                             for w in items))
    return IRModule(text=_core.apply_sugar(mod.text, "with_work_partition",
                                           args))


def write_artifacts_to_disk(artifacts, output_dir="tt_artifacts"):
    """Writes artifacts (name -> text, as emit_tt_artifacts returns) into
    `output_dir`, creating it; returns the paths written."""
    import os
    os.makedirs(output_dir, exist_ok=True)
    paths = []
    for name, text in artifacts.items():
        if os.path.basename(name) != name or name.startswith("."):
            raise ValueError("artifact name %r is not a plain file name"
                             % (name,))
        path = os.path.join(output_dir, name)
        with open(path, "w") as f:
            f.write(text)
        paths.append(path)
    return paths


def load_tt_plan(path):
    """A tt.plan.json as a dict."""
    import json
    with open(path) as f:
        return json.load(f)


def validate_plan(plan):
    """The errors of a plan (a dict, JSON text or a path), each with its JSON
    path; empty when it is valid (tilett check-plan's rules)."""
    import json
    import os
    if isinstance(plan, dict):
        text = json.dumps(plan)
    elif isinstance(plan, str) and os.path.exists(plan):
        with open(plan) as f:
            text = f.read()
    else:
        text = plan
    return list(_core.validate_plan(text))


def _attribute(value):
    """A layout as MLIR attribute text: a string as it is, a dict as the
    original backend's dictionary."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        def item(v):
            if isinstance(v, bool):
                return "true" if v else "false"
            if isinstance(v, (list, tuple)):
                return "[" + ", ".join(item(x) for x in v) + "]"
            if isinstance(v, int):
                return str(v)
            return '"%s"' % v
        return "{" + ", ".join("%s = %s" % (k, item(v))
                               for k, v in value.items()) + "}"
    raise TypeError("expected a layout dict or attribute text, got %r"
                    % (value,))


def with_layout_desc(func, layouts):
    """IR sugar: buffer name -> layout (the original backend's dictionary,
    e.g. {"shard": "L1", "interleave": True}, or #tt.layout_desc text)."""
    mod = as_module(func)
    text = mod.text
    for name, layout in layouts.items():
        text = _core.apply_sugar(text, "with_layout_desc",
                                 [name, _attribute(layout)])
    return IRModule(text=text)


def with_compute_config(func, math_fidelity=None, math_approx_mode=None):
    """IR sugar (tilett's): the compute kernels' math fidelity ("LoFi",
    "HiFi2", "HiFi3" or "HiFi4") and/or approximate SFPU mode, recorded in
    tt.compute_config; it wins over the compile's math_fidelity option."""
    mod = as_module(func)
    approx = "" if math_approx_mode is None else (
        "true" if math_approx_mode else "false")
    return IRModule(text=_core.apply_sugar(
        mod.text, "with_compute_config", [math_fidelity or "", approx]))
