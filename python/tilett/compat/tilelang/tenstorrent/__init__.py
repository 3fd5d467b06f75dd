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
