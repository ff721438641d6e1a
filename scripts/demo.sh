#!/usr/bin/env bash
# npm run demo: VS Code (code-server, offline) with Incident Runbooks under development and the repo's sample
# runbooks/ folder open, served on http://127.0.0.1:${PORT:-8080}. Open the printed URL in a browser: the extension is
# loaded through that URL's payload (a plain http://127.0.0.1:8080/ opens VS Code without it). Ctrl-C stops it.
#
# Does its own set-up: npm ci (when node_modules is missing or older than package-lock.json), build, and the VS Code
# host (scripts/setup-vscode-host.sh; ~2 min the first time on a machine, then cached).
# Env: PORT=8080
#      DEMO_PUBLIC_HOST=host:port  when the browser reaches the server under another name (port forwarding, e.g.
#                                  localhost:9000); the payload URIs must name what the browser uses
#      DEMO_SCREENSHOT=1           headless check instead: open the URL in chromium, show the Runbooks view, save
#                                  ${DEMO_SCREENSHOT_FILE:-out/demo-screenshot.png} and exit (0 ok, non-zero failed)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[demo] $*"; }
trap 'rc=$?; echo "[demo] ERROR: failed (exit $rc) at: $BASH_COMMAND" >&2; exit $rc' ERR

if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi
say "build"
node scripts/build.mjs
say "VS Code host"
bash scripts/setup-vscode-host.sh >/dev/null

args=(--serve --folder=runbooks --port="${PORT:-8080}")
[ -n "${DEMO_PUBLIC_HOST:-}" ] && args+=(--public-host="$DEMO_PUBLIC_HOST")
if [ "${DEMO_SCREENSHOT:-}" = 1 ]; then
  args+=(--screenshot="${DEMO_SCREENSHOT_FILE:-out/demo-screenshot.png}")
fi
trap - ERR
exec node scripts/vscode-host.js "${args[@]}"
