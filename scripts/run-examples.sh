#!/usr/bin/env bash
# Runs every TileLang example end to end on the emulator (`tilett run`):
# compile, emulate with seeded random inputs, compare with the reference
# interpreter. Exits non-zero if any example fails or errors.
#   BUILD_DIR (default build)  TT_EMU_CACHE_DIR (default $BUILD_DIR/ttemu-cache)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
tilett=$build/bin/tilett
export TT_EMU_CACHE_DIR=${TT_EMU_CACHE_DIR:-$build/ttemu-cache}
if [ ! -x "$tilett" ]; then
  echo "run-examples: $tilett not found (build with -DTILETT_BUILD_RUNTIME=ON)" >&2
  exit 2
fi
status=0
for example in "$root"/examples/tenstorrent/*.py; do
  echo "== $(basename "$example")"
  "$tilett" run "$example" "$@" || status=1
done
exit $status
