#!/usr/bin/env bash
# Checks that the new pipeline and the legacy pass sequence give byte-identical
# output for every example and test input (DESIGN.md, "Compatibility").
#
# With `tilett` (the CLI) available, each input is compiled twice with
# `tilett compile INPUT -o DIR`, once with TT_USE_NEW_PIPELINE=1 and once with
# TT_USE_NEW_PIPELINE=0, and the two output trees (kernels, host program,
# tt.plan.json) are compared with `diff -r`. Without it, .mlir inputs go
# through `tilett-opt --tt-pipeline` and through the legacy pass names in the
# original order, and the printed IR is compared; .py inputs need the CLI and
# are skipped then.
#
# Usage: scripts/check-dual-path.sh [BUILD_DIR]   (default: build)
# Prints `dual-path: N passed, M failed` (and skipped inputs); exits non-zero
# on any difference or failure.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${BUILD_DIR:-$root/build}}
bin=$build/bin
work=$(mktemp -d "${TMPDIR:-/tmp}/dual-path.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TT_SILENCE_DEPRECATION=1

legacy_flags=(--apply_tt_defaults --infer_default_tt_schedule
  --infer_default_tt_shard --layout_aware_work_partition_tt --tile_pad_tt
  --lower_gemm_to_tt_intrinsics --grid_to_persistent_tt
  --memory_space_lower_tt --verify_tt_ir)

have_cli=0
if [ -x "$bin/tilett" ] && "$bin/tilett" compile --help >/dev/null 2>&1; then
  have_cli=1
fi
if [ ! -x "$bin/tilett-opt" ] && [ $have_cli = 0 ]; then
  echo "check-dual-path: no tilett or tilett-opt in $bin" >&2
  exit 2
fi

inputs=()
for f in "$root"/examples/tenstorrent/*.py; do [ -e "$f" ] && inputs+=("$f"); done
while IFS= read -r f; do inputs+=("$f"); done < <(
  find "$root/test" -path '*/Inputs/*.mlir' | sort)

passed=0 failed=0 skipped=0
for input in "${inputs[@]}"; do
  rel=${input#"$root"/}
  key=$(echo "$rel" | tr '/' '_')
  new=$work/new/$key legacy=$work/legacy/$key
  mkdir -p "$new" "$legacy"
  if [ $have_cli = 1 ]; then
    TT_USE_NEW_PIPELINE=1 "$bin/tilett" compile "$input" -o "$new" \
      >"$new.log" 2>&1
    rc_new=$?
    TT_USE_NEW_PIPELINE=0 "$bin/tilett" compile "$input" -o "$legacy" \
      >"$legacy.log" 2>&1
    rc_legacy=$?
  elif [[ $input == *.mlir ]]; then
    "$bin/tilett-opt" --tt-pipeline "$input" -o "$new/out.mlir" \
      >"$new.log" 2>&1
    rc_new=$?
    "$bin/tilett-opt" "${legacy_flags[@]}" "$input" -o "$legacy/out.mlir" \
      >"$legacy.log" 2>&1
    rc_legacy=$?
  else
    skipped=$((skipped + 1))
    echo "SKIP $rel (needs tilett compile)"
    continue
  fi
  # Both paths must agree on failure too (same diagnostics are not required:
  # the legacy path also prints deprecation notes).
  if [ $rc_new != "$rc_legacy" ]; then
    failed=$((failed + 1))
    echo "FAIL $rel: new pipeline exit $rc_new, legacy sequence exit $rc_legacy"
    sed 's/^/  new: /' "$new.log" | head -5
    sed 's/^/  legacy: /' "$legacy.log" | head -5
  elif ! diff -r "$new" "$legacy" >"$work/diff.txt" 2>&1; then
    failed=$((failed + 1))
    echo "FAIL $rel: outputs differ"
    head -20 "$work/diff.txt" | sed 's/^/  /'
  else
    passed=$((passed + 1))
    [ $rc_new = 0 ] && echo "PASS $rel" || echo "PASS $rel (both fail alike)"
  fi
done

summary="dual-path: $passed passed, $failed failed"
[ $skipped -gt 0 ] && summary="$summary ($skipped skipped)"
echo "$summary"
[ $failed = 0 ]
