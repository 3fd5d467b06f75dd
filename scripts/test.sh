#!/usr/bin/env bash
# Builds tilett and runs every test: lit (FileCheck) and GoogleTest suites
# through CTest, then the dual-path (new vs legacy pipeline) comparison.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export BUILD_DIR=${BUILD_DIR:-$root/build}
bash "$root/scripts/build.sh"
export TT_EMU_CACHE_DIR=${TT_EMU_CACHE_DIR:-$BUILD_DIR/kernel-cache}
status=0
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "${JOBS:-$(nproc)}" || status=1
if [ -x "$root/scripts/check-dual-path.sh" ]; then
  bash "$root/scripts/check-dual-path.sh" || status=1
fi
exit $status
