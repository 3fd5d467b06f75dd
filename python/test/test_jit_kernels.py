"""Kernels called from Python, each checked against a numpy or torch
reference computed here (an oracle that shares nothing with the compiler)."""

import numpy as np
import pytest
import torch

import tilelang
import tile_kernels as K
from tilett import CompileError


def test_jit_gemm_with_torch_tensors_returns_the_output():
    kernel = K.matmul(128, 96, 64, 64, 32, 32)
    a = torch.randn(128, 64, dtype=torch.bfloat16)
    b = torch.randn(64, 96, dtype=torch.bfloat16)
    c = kernel(a, b)
    assert c.dtype == torch.bfloat16 and tuple(c.shape) == (128, 96)
    ref = a.float() @ b.float()
    torch.testing.assert_close(c.float(), ref, rtol=2e-2, atol=5e-2)
    assert kernel.latency_ms > 0


def test_gemm_on_cuda_tensors_runs_on_the_cpu():
    kernel = K.matmul(64, 64, 64, 32, 32, 32, dtype="float16")
    a = torch.randn(64, 64, device="cuda", dtype=torch.float16)
    b = torch.randn(64, 64, device="cuda", dtype=torch.float16)
    c = kernel(a, b)
    torch.testing.assert_close(c, a @ b, rtol=1e-2, atol=5e-2)


def test_compile_with_out_idx_and_numpy_inputs():
    func = K.scaled_add(96, 64, 32, 32, 0.5)
    kernel = tilelang.compile(func, out_idx=[2])
    rng = np.random.default_rng(1)
    a = rng.standard_normal((96, 64)).astype(np.float32)
    b = rng.standard_normal((96, 64)).astype(np.float32)
    c = kernel(a, b)
    assert isinstance(c, np.ndarray) and c.dtype == np.float32
    np.testing.assert_allclose(c, 0.5 * a + b, rtol=1e-2, atol=1e-2)


def test_outputs_passed_in_are_filled_in_place():
    kernel = tilelang.compile(K.scaled_add(64, 64, 32, 32, 2.0))
    a = np.full((64, 64), 1.5, np.float32)
    b = np.arange(64 * 64, dtype=np.float32).reshape(64, 64) / 100
    c = np.zeros((64, 64), np.float32)
    assert kernel(a, b, c) is None
    np.testing.assert_allclose(c, 2.0 * a + b, rtol=1e-2, atol=1e-2)


def test_softmax_against_torch():
    kernel = tilelang.compile(K.row_softmax(64, 128, 32), out_idx=[1])
    x = torch.randn(64, 128)
    torch.testing.assert_close(kernel(x), torch.softmax(x, dim=1), rtol=2e-2,
                               atol=2e-3)


def test_profiler_checks_the_scripts_reference_and_benches():
    kernel = K.matmul(64, 64, 128, 32, 32, 32)
    profiler = kernel.get_profiler(
        tensor_supply_type=tilelang.TensorSupplyType.Normal)
    profiler.assert_allclose(lambda a, b: a.float() @ b.float(), rtol=2e-2,
                             atol=5e-2)
    with pytest.raises(AssertionError, match="mismatch"):
        profiler.assert_allclose(lambda a, b: a.float() @ b.float() + 1.0,
                                 rtol=2e-2, atol=5e-2)
    ms = profiler.do_bench()
    assert ms > 0 and ms == kernel.latency_ms


def test_kernel_source_is_tt_metalium():
    kernel = K.matmul(64, 64, 64, 32, 32, 32)
    assert "matmul_tiles" in kernel.get_kernel_source()
    assert "noc_async_read" in kernel.get_kernel_source("reader")


def test_module_level_prim_func():
    kernel = tilelang.compile(K.module_level_copy, out_idx=[1])
    a = np.random.default_rng(2).standard_normal((64, 64)).astype(np.float32)
    np.testing.assert_array_equal(kernel(a), a)


def test_autotune_ranks_configurations_by_the_cost_model():
    tuner = tilelang.AutoTuner(
        K.matmul, [{"block_M": 32, "block_N": 32, "block_K": 32},
                   {"block_M": 64, "block_N": 64, "block_K": 32}])
    kernel = tuner.run(64, 64, 64)
    assert len(tuner.results) == 2
    assert tuner.best_latency == min(ms for _, ms in tuner.results)
    assert kernel.latency_ms == tuner.best_latency


def test_compiler_errors_are_exceptions_with_file_line_col():
    with pytest.raises(CompileError) as err:
        tilelang.compile(K.unsupported_op(32, 32), out_idx=[1])(
            np.zeros((32, 32), np.float32))
    assert "tile_kernels.py:" in str(err.value)
    assert "T.atomic_add" in str(err.value)
    # file:line:col of the call in the kernel's own source
    line = [i + 1 for i, text in enumerate(open(K.__file__))
            if "T.atomic_add" in text][0]
    assert "tile_kernels.py:%d:" % line in str(err.value)


def test_wrong_shapes_and_counts_are_errors():
    kernel = tilelang.compile(K.scaled_add(64, 64, 32, 32, 1.0), out_idx=[2])
    with pytest.raises(ValueError, match=r"has shape \(32, 64\) but the "
                                         r"kernel expects \(64, 64\)"):
        kernel(np.zeros((32, 64)), np.zeros((64, 64)))
    with pytest.raises(TypeError, match="takes 3 tensors"):
        kernel(np.zeros((64, 64)))


def test_factory_arguments_that_cannot_reach_the_compiler():
    with pytest.raises(TypeError, match="'alpha', which kernel 'main' "
                                        "closes over, is of type object"):
        K.scaled_add(64, 64, 32, 32, object())


def test_global_computed_at_run_time_reaches_the_kernel():
    kernel = tilelang.compile(K.rows_copy, out_idx=[1])
    assert K.ROWS == 96
    a = np.random.default_rng(3).standard_normal((96, 32)).astype(np.float32)
    np.testing.assert_array_equal(kernel(a), a)


def test_kernel_closing_over_locals_of_a_non_factory_function():
    data = np.random.default_rng(4).standard_normal((64, 32)).astype(
        np.float32)
    np.testing.assert_allclose(K.run_doubled(2, data), 2 * data, rtol=1e-6)


def test_tenstorrent_target_gives_the_original_backends_artifacts():
    import json
    kernel = tilelang.compile(K.module_level_copy, out_idx=[1],
                              target="tenstorrent")
    artifacts = json.loads(kernel.get_kernel_source())
    assert set(artifacts) == {"reader.cpp", "compute.cpp", "writer.cpp",
                              "main.cpp", "tt.plan.json"}
    assert "kernel_main" in artifacts["reader.cpp"]
    assert json.loads(artifacts["tt.plan.json"])["buffers"]
