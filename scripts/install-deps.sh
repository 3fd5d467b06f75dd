#!/usr/bin/env bash
# Installs what tilett needs from Debian, only when something is missing.
set -euo pipefail
pkgs=(cmake ninja-build g++ clang-22 lld-22 libmlir-22-dev mlir-22-tools
      llvm-22-dev llvm-22-tools libgtest-dev libgmock-dev libbenchmark-dev
      libfmt-dev libzstd-dev python3 git
      python3-dev pybind11-dev python3-numpy python3-pytest python3-torch)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "tilett: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
