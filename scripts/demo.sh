#!/usr/bin/env bash
# The main job: set everything up, compile the example GEMM, run it on the
# emulator, check it against a host reference and print the result.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export BUILD_DIR=${BUILD_DIR:-$root/build}
bash "$root/scripts/build.sh"
export TT_EMU_CACHE_DIR=${TT_EMU_CACHE_DIR:-$BUILD_DIR/kernel-cache}
exec "$BUILD_DIR/bin/tilett" run "$root/examples/tenstorrent/example_gemm.py" "$@"
