"""Copy windows that slice a middle dim (BSHD attention), checked by the
script's own torch reference under `python3 -m tilett`: an oracle that does
not read the IR the frontend built, so a misread window cannot hide."""

import os

from conftest import SOURCE_DIR, run_tilett


def test_bshd_attention_matches_its_torch_reference():
    script = os.path.join(SOURCE_DIR, "test/Frontend/Inputs/windows/gqa_bshd.py")
    r = run_tilett(script)
    assert r.returncode == 0, r.stderr
    assert "BSHD attention matches: heads 2, groups 1" in r.stdout
    assert "BSHD attention matches: heads 4, groups 2" in r.stdout


def test_staged_bshd_element_access_matches_torch():
    script = os.path.join(SOURCE_DIR,
                          "test/Frontend/Inputs/windows/staged_bshd.py")
    r = run_tilett(script)
    assert r.returncode == 0, r.stderr
    assert "staged BSHD matches" in r.stdout
