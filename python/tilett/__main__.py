"""python3 -m tilett script.py [args]: run a TileLang script unmodified."""

import importlib.util
import os
import runpy
import sys

USAGE = """usage: python3 -m tilett script.py [args...]

Runs a TileLang script under this Python with tilett's tilelang, tvm and
tilelang.tenstorrent modules: its kernels compile for Tenstorrent and run on
the TT-Metalium emulator, and its own driver code and reference checks run
as written. Environment: TILETT_ARCH (wormhole_b0, blackhole)."""

def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    script = argv[0]
    if not os.path.isfile(script):
        print("tilett: cannot open '%s'" % script, file=sys.stderr)
        return 2

    import tilett
    from tilett import _torch_cpu

    # Never shadow a real tilelang silently.
    for name in ("tilelang", "tvm"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin and \
                not spec.origin.startswith(tilett.COMPAT_DIR):
            print("tilett: using tilett's '%s' modules; the installation at "
                  "%s is not used by `python3 -m tilett`" %
                  (name, os.path.dirname(spec.origin)), file=sys.stderr)
        sys.modules.pop(name, None)
    sys.path.insert(0, tilett.COMPAT_DIR)
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    _torch_cpu.install()
    sys.argv = argv
    # An absolute path: kernels name their file even if the script chdirs.
    runpy.run_path(os.path.abspath(script), run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
