"""`python3 -m tilett script.py` runs scripts as their authors do."""

import os
import subprocess
import sys

import pytest

from conftest import SOURCE_DIR


def run(args, env=None, **kwargs):
    full = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "tilett"] + args,
                          capture_output=True, text=True, env=full,
                          timeout=600, **kwargs)


def test_example_gemm_main_checks_itself():
    r = run([os.path.join(SOURCE_DIR, "examples/tenstorrent/example_gemm.py")])
    assert r.returncode == 0, r.stderr
    assert "All check passed." in r.stdout
    assert "Latency:" in r.stdout


@pytest.mark.parametrize("name", sorted(
    f for f in os.listdir(os.path.join(SOURCE_DIR, "examples/tenstorrent"))
    if f.endswith(".py")))
def test_every_example_runs(name):
    r = run([os.path.join(SOURCE_DIR, "examples/tenstorrent", name)])
    assert r.returncode == 0, r.stderr


def test_script_arguments_and_failures_reach_the_user(tmp_path):
    script = tmp_path / "check.py"
    script.write_text(
        "import sys\nimport tilelang\n"
        "print('args', sys.argv[1:])\n"
        "assert tilelang.cdiv(7, 2) == 4\n"
        "raise SystemExit(3)\n")
    r = run([str(script), "--n", "5"])
    assert r.returncode == 3
    assert "args ['--n', '5']" in r.stdout


def test_a_real_tilelang_is_not_shadowed_silently(tmp_path):
    fake = tmp_path / "site" / "tilelang"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('the real one')\n")
    script = tmp_path / "s.py"
    script.write_text("import tilelang\nprint(tilelang.__version__)\n")
    r = run([str(script)], env={"PYTHONPATH": os.pathsep.join(
        [str(tmp_path / "site"), os.environ.get("PYTHONPATH", "")])})
    assert r.returncode == 0, r.stderr
    assert "+tilett" in r.stdout
    assert "the installation at %s is not used" % fake in r.stderr


def test_missing_script_is_a_usage_error():
    r = run(["/nonexistent/x.py"])
    assert r.returncode == 2
    assert "cannot open '/nonexistent/x.py'" in r.stderr


def test_tilelang_reexports_tvm(tmp_path):
    script = tmp_path / "t.py"
    script.write_text("from tilelang import tvm as tvm\n"
                      "import tvm as plain\n"
                      "assert tvm is plain\n"
                      "print(tvm.DataType('float16').bits)\n")
    r = run([str(script)])
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "16"
