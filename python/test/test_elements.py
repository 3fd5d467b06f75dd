"""Single elements of global tensors read in T.Parallel bodies (`Sinks[by]`),
checked by the script's own torch reference under `python3 -m tilett`: an
oracle that does not read the IR the frontend built."""

import os

from conftest import SOURCE_DIR, run_tilett


def test_global_elements_match_torch():
    script = os.path.join(SOURCE_DIR,
                          "test/Frontend/Inputs/elements/sink_torch.py")
    r = run_tilett(script)
    assert r.returncode == 0, r.stderr
    assert "sink elements match" in r.stdout
