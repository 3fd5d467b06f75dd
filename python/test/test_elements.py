"""Single elements of global tensors read in T.Parallel bodies (`Sinks[by]`),
checked by the script's own torch reference under `python3 -m tilett`: an
oracle that does not read the IR the frontend built."""

import os
import subprocess
import sys

from conftest import SOURCE_DIR


def test_global_elements_match_torch():
    script = os.path.join(SOURCE_DIR,
                          "test/Frontend/Inputs/elements/sink_torch.py")
    r = subprocess.run([sys.executable, "-m", "tilett", script],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr
    assert "sink elements match" in r.stdout
