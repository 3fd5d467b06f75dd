#!/usr/bin/env bash
# Makes `python3 -m tilett` work: puts the built package directory ($1) on
# the path of Debian's Python (whose dist-packages hold numpy and torch) and
# of the `python3` first on PATH if that is another interpreter, through a
# tilett.pth file in each one's site directory (the user site when not root).
set -euo pipefail
pkg=${1:?usage: install-python-path.sh <build>/python}
[ -f "$pkg/tilett/__init__.py" ] || exit 0
for py in /usr/bin/python3 "$(command -v python3 || true)"; do
  [ -x "$py" ] || continue
  site=$("$py" - <<'PY' 2>/dev/null || true
import os, site, sys
dirs = site.getsitepackages() if os.geteuid() == 0 else []
dirs = [d for d in dirs if d.startswith(sys.prefix) and "local" in d] or dirs
print(dirs[0] if dirs else site.getusersitepackages())
PY
)
  [ -n "$site" ] || continue
  mkdir -p "$site" 2>/dev/null || continue
  if [ "$(cat "$site/tilett.pth" 2>/dev/null)" != "$pkg" ]; then
    echo "$pkg" > "$site/tilett.pth" 2>/dev/null || true
  fi
done
