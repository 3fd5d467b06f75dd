"""The original Tenstorrent backend's Python API (tilelang.tenstorrent) on
tilett's passes, named after the tests of its migration plan: metadata
inference, persistent lowering, pipeline logging, layout-aware metadata,
MVP acceptance and the codegen pipeline."""

import json
import warnings

import numpy as np
import pytest

import tilelang
import tvm
from tilelang import tenstorrent as tt
from tilelang.tenstorrent import passes

import tile_kernels as K
from tilett import CompileError


def module():
    return tvm.IRModule({"main": K.scaled_add(64, 96, 32, 32, 1.0)})


def test_module_prints_as_mlir():
    text = str(module())
    assert text.startswith("module")
    assert "tl.kernel grid [3, 2]" in text


# Metadata inference -----------------------------------------------------------

def test_metadata_inference_apply_tt_defaults():
    mod = tt.apply_tt_defaults(module())
    assert "tt.arch = #tt.arch<wormhole_b0>" in mod
    # Six 32x32 blocks of a 64x96 output: the grid is sized to the work.
    assert "tt.core_grid = #tt.core_grid<6, 1>" in mod
    assert "tt.layout_desc" in mod
    blackhole = tt.apply_tt_defaults(module(), arch="blackhole")
    assert "#tt.arch<blackhole>" in blackhole


def test_metadata_inference_legacy_entry_points_warn():
    for name, attr in [("infer_default_tt_schedule", "tt.core_grid"),
                       ("infer_default_tt_shard", None)]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            mod = getattr(tt, name)(module() if attr else
                                    passes.InferTTLayout()(module()))
        assert caught and issubclass(caught[0].category, DeprecationWarning)
        assert name in str(caught[0].message)
        if attr:
            assert attr in mod


# Persistent lowering ---------------------------------------------------------

def test_persistent_lowering_gives_reader_compute_writer():
    mod = module()
    for p in [passes.InferTTLayout(), passes.PropagateTTLayout(),
              passes.TTTilesToCoreMap(), passes.LowerTTTileIntrinsics(),
              passes.GridToPersistentTT()]:
        mod = p(mod)
    text = str(mod)
    for kind in ("reader", "compute", "writer"):
        assert "tt.kernel_kind = #tt.kernel_kind<%s>" % kind in text
    assert "tt.work_partition" in text


def test_pass_out_of_order_is_an_error():
    with pytest.raises(CompileError) as err:
        passes.GridToPersistentTT()(module())
    assert "error:" in str(err.value)


# Pipeline logging ------------------------------------------------------------

def test_pipeline_lists_the_five_passes_in_order():
    names = [type(p).__name__ for p in passes.build_tt_pipeline()]
    assert names == ["InferTTLayout", "PropagateTTLayout", "TTTilesToCoreMap",
                     "LowerTTTileIntrinsics", "GridToPersistentTT"]
    assert passes.build_tt_pipeline().pipeline().startswith("tt-infer-layout")


def test_legacy_pipeline_is_byte_identical(monkeypatch):
    new = str(passes.build_tt_pipeline()(module()))
    monkeypatch.setenv("TT_USE_NEW_PIPELINE", "0")
    monkeypatch.setenv("TT_SILENCE_DEPRECATION", "1")
    legacy_pipeline = passes.build_tt_pipeline()
    assert legacy_pipeline.pipeline() == "apply_tt_transform_passes"
    assert str(legacy_pipeline(module())) == new


# Layout-aware metadata -------------------------------------------------------

def test_layout_aware_core_grid():
    mod = tt.with_core_grid(module(), 2, 2)
    assert "#tt.core_grid<2, 2>" in mod
    lowered = passes.TTTilesToCoreMap()(passes.PropagateTTLayout()(
        passes.InferTTLayout()(mod)))
    # 6 blocks over a 2x2 grid: every core gets work, none outside it.
    assert '"(1,1)"' in str(lowered) and '"(2,0)"' not in str(lowered)


def test_layout_aware_layout_desc():
    mod = tt.with_layout_desc(module(), {"A": {"shard": "DRAM",
                                               "interleave": True}})
    assert "tt.layout_desc" in mod and "A = " in str(mod)
    lowered = passes.PropagateTTLayout()(passes.InferTTLayout()(mod))
    assert "#tt.layout_desc" in lowered
    with pytest.raises(CompileError, match="error:"):
        tt.with_layout_desc(module(), {"A": {"shard": "nowhere"}})
    with pytest.raises(CompileError, match="error:"):
        tt.with_core_grid(tt.apply_tt_defaults(module()), 100, 100)


def test_with_compute_config():
    # tilett's sugar: the annotation the lowering keeps and the plan copies.
    mod = tt.with_compute_config(module(), math_fidelity="HiFi2",
                                 math_approx_mode=True)
    assert 'math_fidelity = "HiFi2"' in mod and "math_approx_mode = true" in mod
    with pytest.raises(CompileError, match="HiFi5"):
        tt.with_compute_config(module(), math_fidelity="HiFi5")
    plan = json.loads(tt.emit_tt_artifacts(mod)["tt.plan.json"])
    compute = [k for k in plan["kernels"] if k["kind"] == "compute"][0]
    assert compute["math_fidelity"] == "HiFi2"
    assert compute["math_approx_mode"] is True


def test_metadata_classes():
    r = tt.CoreRange((0, 0), (2, 3))
    assert len(r.cores()) == 6 and repr(r) == "#tt.core_range<0, 0, 2, 3>"
    assert tt.WorkItem(0, 1, 2) == tt.WorkItem(0, 1, 2)


# MVP acceptance and codegen --------------------------------------------------

def test_codegen_pipeline_writes_a_valid_plan(tmp_path):
    plan_path = tmp_path / "tt.plan.json"
    mod = passes.run_pipeline(module(), plan_path=str(plan_path))
    assert "tt.kernel_kind" in mod
    plan = json.loads(plan_path.read_text())
    assert [b["name"] for b in plan["buffers"]] == ["A", "B", "C"]
    assert {k["kind"] for k in plan["kernels"]} >= {"reader", "compute",
                                                     "writer"}


def test_mvp_acceptance_gemm_end_to_end():
    kernel = K.matmul(128, 128, 128, 64, 64, 32)
    rng = np.random.default_rng(7)
    a = rng.standard_normal((128, 128)).astype(np.float32)
    b = rng.standard_normal((128, 128)).astype(np.float32)
    c = kernel(a, b)
    ref = a.astype(np.float64) @ b.astype(np.float64)
    assert np.abs(c - ref).max() < 0.05 * np.abs(ref).max()


def test_layout_aware_core_ranges_and_work_partition():
    mod = tt.with_core_grid(module(), 2, 1)
    mod = tt.with_core_ranges(mod, [tt.CoreRange((0, 0), (2, 1))])
    # Blocks of a 64x96 output (2x3 blocks of 32x32): io/jo are tile rows
    # and columns; core (0,0) takes the first row, (1,0) the second.
    partition = {"(0,0)": [tt.WorkItem(0, j, 0) for j in range(3)],
                 "(1,0)": [tt.WorkItem(1, j, 0) for j in range(3)]}
    mod = tt.with_work_partition(mod, partition)
    lowered = passes.TTTilesToCoreMap()(passes.PropagateTTLayout()(
        passes.InferTTLayout()(mod)))
    text = str(lowered)
    assert '"(0,0)" = [#tt.work_item<io = 0, jo = 0' in text
    assert '"(1,0)" = [#tt.work_item<io = 1, jo = 0' in text
    with pytest.raises(CompileError, match="error:"):
        tt.with_core_ranges(mod, [tt.CoreRange((5, 5), (2, 2))])


def test_plans_validate_with_json_paths(tmp_path):
    plan_path = tmp_path / "tt.plan.json"
    passes.run_pipeline(module(), plan_path=str(plan_path))
    plan = tt.load_tt_plan(str(plan_path))
    assert tt.validate_plan(plan) == []
    assert tt.validate_plan(str(plan_path)) == []
    plan["buffers"][0]["page_size"] = 0
    errors = tt.validate_plan(plan)
    assert errors and any("$.buffers[0]" in e for e in errors)


def test_pipeline_logging_and_artifacts_on_disk(tmp_path, capsys):
    mod = passes.run_pipeline(module(), verbose=True)
    out = capsys.readouterr().out
    for name in ["InferTTLayout", "PropagateTTLayout", "TTTilesToCoreMap",
                 "LowerTTTileIntrinsics", "GridToPersistentTT"]:
        assert "[tt pipeline] " + name in out
    artifacts = tt.emit_tt_artifacts(module())
    paths = tt.write_artifacts_to_disk(artifacts, str(tmp_path / "art"))
    assert sorted(p.split("/")[-1] for p in paths) == sorted(artifacts)
    assert "tt.kernel_kind" in mod
    with pytest.raises(ValueError, match="plain file name"):
        tt.write_artifacts_to_disk({"../x.cpp": ""}, str(tmp_path / "art"))
