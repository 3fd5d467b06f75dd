"""Blocks thinner than a 32-row tile run and match the script's own torch
reference (TileLang's rms_norm/layernorm/online_softmax use one row a
block)."""

import os

import pytest

from conftest import run_tilett

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.mark.parametrize("m,n,blk_m", [(256, 512, 1), (128, 256, 8),
                                       (64, 1024, 16)])
def test_thin_row_blocks_match_torch(m, n, blk_m):
    script = os.path.join(HERE, "kernels", "rms_norm_rows.py")
    r = run_tilett(script, m, n, blk_m, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "All checks pass." in r.stdout


def test_ragged_thin_blocks_are_a_located_error():
    script = os.path.join(HERE, "kernels", "rms_norm_rows.py")
    r = run_tilett(script, 100, 64, 1, timeout=600)
    assert r.returncode != 0
    assert "rms_norm_rows.py:" in r.stderr
    assert "copies a window of 1 elements along dim 0 of 'A'" in r.stderr


def test_layernorm_rows_with_element_stores_match_torch():
    script = os.path.join(HERE, "kernels", "layernorm_rows.py")
    r = run_tilett(script, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "All checks pass." in r.stdout
