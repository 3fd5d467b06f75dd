#!/usr/bin/env bash
# Regenerates the IR before/after sections of
# docs/tenstorrent/LOWERING_ARCHITECTURE.md from real `tilett-opt` runs, so
# the page always shows what the passes do today.
#
# Each section sits between
#   <!-- BEGIN GENERATED: <stage> -->  and  <!-- END GENERATED: <stage> -->
# where <stage> is `input` or a pass flag (tt-infer-layout, ...); it holds the
# IR of docs/tenstorrent/examples/lowering-example.mlir after every pass up to
# and including <stage>.
#
# Usage: scripts/gen-lowering-doc.sh [--check] [BUILD_DIR]
#   --check   do not write; exit 1 if the page is out of date.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
build=${1:-${BUILD_DIR:-$root/build}}
opt=$build/bin/tilett-opt
doc=$root/docs/tenstorrent/LOWERING_ARCHITECTURE.md
input=$root/docs/tenstorrent/examples/lowering-example.mlir
work=$(mktemp -d "${TMPDIR:-/tmp}/lowering-doc.XXXXXX")
trap 'rm -rf "$work"' EXIT

stages=(tt-infer-layout tt-propagate-layout tt-tiles-to-core-map
  tt-lower-tile-intrinsics tt-grid-to-persistent)
# The input, with comments stripped, stands for "before the first pass".
grep -v '^//' "$input" | sed '/./,$!d' >"$work/input"
flags=()
for stage in "${stages[@]}"; do
  flags+=("--$stage")
  if ! "$opt" "${flags[@]}" "$input" >"$work/$stage" 2>"$work/$stage.err"; then
    { echo "(tilett-opt ${flags[*]} failed today:)"; cat "$work/$stage.err"; } \
      >"$work/$stage"
  fi
done

python3 - "$doc" "$work" "$check" input "${stages[@]}" <<'EOF'
import re, sys
doc, work, check, stages = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4:]
text = open(doc).read()
new = text
for stage in stages:
    body = open(f"{work}/{stage}").read().rstrip("\n")
    begin, end = f"<!-- BEGIN GENERATED: {stage} -->", f"<!-- END GENERATED: {stage} -->"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if not pattern.search(new):
        sys.exit(f"gen-lowering-doc: no '{begin}' ... '{end}' markers in {doc}")
    block = f"{begin}\n```mlir\n{body}\n```\n{end}"
    new = pattern.sub(lambda _: block, new)
if check:
    if new != text:
        sys.exit("gen-lowering-doc: LOWERING_ARCHITECTURE.md is out of date; "
                 "run scripts/gen-lowering-doc.sh")
    print("LOWERING_ARCHITECTURE.md is current")
elif new != text:
    open(doc, "w").write(new)
    print("updated " + doc)
else:
    print("LOWERING_ARCHITECTURE.md is current")
EOF
