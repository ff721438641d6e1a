#!/usr/bin/env bash
# The shells the injection test (test/unit/core/run/injection.test.ts) runs every placement in: bash, dash, zsh.
# Idempotent: a no-op when they are there. Needs apt (as root or with sudo); elsewhere, install them yourself.
set -euo pipefail
need=()
for s in bash dash zsh; do
  command -v "$s" >/dev/null || need+=("$s")
done
((${#need[@]})) || exit 0
command -v apt-get >/dev/null || { echo "setup-shells: missing ${need[*]} and no apt-get here: install them with your package manager" >&2; exit 1; }
if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
  echo "setup-shells: missing ${need[*]}: run as root or install sudo (apt-get install ${need[*]})" >&2; exit 1
fi
echo "setup-shells: apt-get install ${need[*]}"
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
