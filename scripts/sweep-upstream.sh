#!/usr/bin/env bash
# Runs TileLang's own example scripts through `tilett run` (compile with the
# scripts' own drivers and defaults, emulate, compare with the reference
# interpreter) and prints one line per script and a count per folder.
#
#   scripts/sweep-upstream.sh EXAMPLES_DIR [FOLDER...]
#
# EXAMPLES_DIR is the examples/ directory of a tile-ai/tilelang checkout
# (never this repository's). FOLDERs default to the ones issue #15 counts.
# A kernel script is a .py file that builds a kernel (`T.Kernel` or
# `@T.prim_func`), not a test_*/regression_* file. Status: match (PASS),
# run (ran, outputs differ: FAIL), error (first error line), timeout.
#   BUILD_DIR (default build)  TIMEOUT seconds per script (default 300)
#   TT_EMU_CACHE_DIR (default $BUILD_DIR/ttemu-cache)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
tilett=$build/bin/tilett
timeout_s=${TIMEOUT:-300}
export TT_EMU_CACHE_DIR=${TT_EMU_CACHE_DIR:-$build/ttemu-cache}
if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 EXAMPLES_DIR [FOLDER...]" >&2
  exit 2
fi
if [ ! -x "$tilett" ]; then
  echo "sweep-upstream: $tilett not found" >&2
  exit 2
fi
examples=$(cd "$1" && pwd)
shift
folders=("$@")
if [ ${#folders[@]} -eq 0 ]; then
  folders=(gemm elementwise norm online_softmax flash_attention flash_decoding
           convolution gemv cast topk linear_attention blocksparse_gemm
           gemm_splitk gemm_streamk dynamic_shape attention_sink
           block_causal_attention deepseek_mla grouped_gemm)
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
total_scripts=0 total_run=0 total_match=0
summary=""
for folder in "${folders[@]}"; do
  dir=$examples/$folder
  [ -d "$dir" ] || { echo "sweep-upstream: no folder $dir" >&2; continue; }
  scripts=0 ran=0 matched=0
  for script in "$dir"/*.py; do
    name=$(basename "$script")
    case $name in test_*|regression_*|conftest.py) continue ;; esac
    grep -qE 'T\.Kernel|@T\.prim_func' "$script" || continue
    scripts=$((scripts + 1))
    # Run from the script's folder, as its author would (sibling imports).
    (cd "$dir" && timeout "$timeout_s" "$tilett" run "$name") >"$log" 2>&1
    rc=$?
    if [ $rc -eq 124 ]; then
      status="timeout"; detail="after ${timeout_s}s"
    elif grep -q '^PASS$' "$log"; then
      status="match"; detail=""
      ran=$((ran + 1)); matched=$((matched + 1))
    elif grep -q '^FAIL$' "$log"; then
      status="run"; detail=$(grep -m1 'FAIL' "$log")
      ran=$((ran + 1))
    else
      status="error"
      detail=$(grep -m1 -E 'error:' "$log" || head -n1 "$log")
    fi
    # Paths relative to the examples directory keep lines short.
    detail=${detail//$examples\//}
    printf '%-24s %-44s %-8s %s\n' "$folder" "$name" "$status" "${detail:0:160}"
  done
  summary+=$(printf '%-24s scripts %3d  run %3d  match %3d' "$folder" \
    "$scripts" "$ran" "$matched")$'\n'
  total_scripts=$((total_scripts + scripts))
  total_run=$((total_run + ran))
  total_match=$((total_match + matched))
done
echo
printf '%s' "$summary"
printf '%-24s scripts %3d  run %3d  match %3d\n' total "$total_scripts" \
  "$total_run" "$total_match"
