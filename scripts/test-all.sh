#!/usr/bin/env bash
# npm run test:all: every check and test of the project, on a fresh clone.
#   1. npm ci                       (TEST_ALL_SKIP_INSTALL=1 skips it, e.g. in a checkout you are working in)
#   2. npm run check                (tsc + eslint)
#   3. build                        (npx tsc -p . && node scripts/build.mjs)
#   4. unit tests                   (node scripts/test-unit.mjs --tap out/unit.tap)
#   5. VS Code host                 (scripts/setup-vscode-host.sh: ~2 min once per machine, then a no-op)
#   6. integration tests            (scripts/test-integration.js, real VS Code extension host; results JSON)
#  6b. the same in Restricted Mode  (scripts/test-integration.js --untrusted)
#  6c. the same on the minimum      (engines.vscode ^1.93.0: VS Code 1.93.1 = code-server 4.93.1, its own host dir,
#      engine                       installed once by scripts/setup-vscode-host.sh --min-engine, cached like 5.)
#   7. UI check + screenshot        (scripts/ui-screenshot.js -> media/screenshot-runbooks-view.png)
#  7b. end-to-end journey           (scripts/e2e-journey.js: alert link -> run a step -> timeline -> review -> filed
#                                   once in a loopback GitHub; media/journey-*.png)
#   8. the packaged .vsix           (npm run package, installed into the real VS Code, activates with its commands)
# Every stage runs even when an earlier one failed (only a failed npm ci stops it). The last line is
#   N passed, N failed
# = unit tests (TAP) + integration tests (results JSON) + 1 for the UI check + 1 for the journey; a failed
# check/build/host stage, or a test stage that failed without reporting a failing test, counts as 1 failed.
# Exit status: 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

RESULTS="$ROOT/out/test-results"
UNIT_TAP="$ROOT/out/unit.tap"
IT_JSON="$RESULTS/integration.json"
PASSED=0
FAILED=0
SUMMARY=()

now() { date +%s; }
banner() { printf '\n===== %s =====\n' "$*"; }
# record NAME PASSED FAILED NOTE
record() {
  PASSED=$((PASSED + $2))
  FAILED=$((FAILED + $3))
  SUMMARY+=("$(printf '%-18s %4s passed %4s failed   %s' "$1" "$2" "$3" "$4")")
}
# run_stage NAME CMD... : runs CMD, records 0/1 (a stage that is a single check), returns its status
run_stage() {
  local name=$1 t=$(now) rc
  shift
  banner "$name: $*"
  "$@"
  rc=$?
  if [ $rc -eq 0 ]; then record "$name" 0 0 "ok ($(($(now) - t)) s)"; else record "$name" 0 1 "FAILED, exit $rc ($(($(now) - t)) s)"; fi
  return $rc
}
# record_results NAME RESULTS_JSON RC NOTE: the passes and failures a test run wrote to its results JSON; a run that
# failed without reporting a failing test counts as 1 failed
record_results() {
  local p=0 f=0
  if [ -f "$2" ]; then
    read -r p f < <(node -e 'const r = require(process.argv[1]); console.log(`${r.passes | 0} ${r.failures | 0}`)' "$2" || echo "0 0")
  fi
  if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  record "$1" "$p" "$f" "$4"
}
finish() {
  banner "summary"
  printf '%s\n' "${SUMMARY[@]}"
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
  exit $?
}

# 1. dependencies
if [ "${TEST_ALL_SKIP_INSTALL:-}" != 1 ]; then
  if ! run_stage "npm ci" npm ci --no-audit --no-fund; then
    echo "[test-all] npm ci failed: nothing else can run" >&2
    finish
  fi
fi

# 2. static checks
run_stage "check" npm run check

# 3. build (tsc emits even with type errors, so the tests below still run and report)
run_stage "build" bash -c 'npx tsc -p . && node scripts/build.mjs'

# 4. unit tests (the injection test runs bash, dash and zsh: scripts/setup-shells.sh installs those missing)
run_stage "shells" bash scripts/setup-shells.sh
banner "unit tests: node scripts/test-unit.mjs --tap out/unit.tap"
t=$(now)
rm -f "$UNIT_TAP"
mkdir -p "$RESULTS"
if [ -z "$(find out/test/unit -name '*.test.js' 2>/dev/null | head -1)" ]; then
  echo "no unit test files (out/test/unit/**/*.test.js)"
  record "unit" 0 0 "no test files"
else
  node scripts/test-unit.mjs --tap "$UNIT_TAP"
  rc=$?
  p=0 f=0
  if [ -f "$UNIT_TAP" ]; then
    # node:test's TAP summary: "# pass N", "# fail N", "# cancelled N" (cancelled = timed out or aborted: failed)
    p=$(awk '/^# pass /{n=$3} END{print n+0}' "$UNIT_TAP")
    f=$(awk '/^# (fail|cancelled) /{n+=$3} END{print n+0}' "$UNIT_TAP")
  fi
  note="exit $rc ($(($(now) - t)) s)"
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; note="FAILED without a failing test: $note"; fi
  record "unit" "$p" "$f" "$note"
fi

# 5. the VS Code host (cached outside the clone)
run_stage "vscode host" bash scripts/setup-vscode-host.sh

# 6. integration tests in a real VS Code extension host
banner "integration tests: node scripts/test-integration.js"
t=$(now)
rm -f "$IT_JSON"
VSCODE_TEST_RESULTS_FILE="$IT_JSON" node scripts/test-integration.js
rc=$?
case $rc in 0) note="ok" ;; 1) note="tests failed" ;; 2) note="TIMEOUT" ;; *) note="harness error" ;; esac
record_results "integration" "$IT_JSON" "$rc" "$note, exit $rc ($(($(now) - t)) s)"

# 6b. the same host in Restricted Mode (Workspace Trust on, folder untrusted): nothing may run
banner "integration tests, untrusted workspace: node scripts/test-integration.js --untrusted"
t=$(now)
IT_UNTRUSTED_JSON="$RESULTS/integration-untrusted.json"
rm -f "$IT_UNTRUSTED_JSON"
VSCODE_TEST_RESULTS_FILE="$IT_UNTRUSTED_JSON" node scripts/test-integration.js --untrusted
rc=$?
record_results "untrusted" "$IT_UNTRUSTED_JSON" "$rc" "exit $rc ($(($(now) - t)) s)"

# 6c. the whole suite again on the declared minimum engine, VS Code 1.93.1 (host cached beside the main one)
banner "integration tests on the minimum engine: setup-vscode-host.sh --min-engine + test-integration.js"
t=$(now)
IT_MIN_JSON="$RESULTS/integration-min-engine.json"
MIN_HOST_DIR=${RUNBOOKS_VSCODE_MIN_HOST_DIR:-$HOME/.cache/incident-runbooks/vscode-host-1.93}
rm -f "$IT_MIN_JSON"
if bash scripts/setup-vscode-host.sh --min-engine "$MIN_HOST_DIR"; then
  RUNBOOKS_VSCODE_HOST_DIR="$MIN_HOST_DIR" VSCODE_TEST_RESULTS_FILE="$IT_MIN_JSON" node scripts/test-integration.js
  rc=$?
else
  rc=3
fi
record_results "vscode 1.93" "$IT_MIN_JSON" "$rc" "exit $rc ($(($(now) - t)) s)"

# 7. UI check: Runbooks view + README screenshot
banner "UI check: node scripts/ui-screenshot.js"
t=$(now)
node scripts/ui-screenshot.js
rc=$?
if [ $rc -eq 0 ]; then record "ui" 1 0 "ok ($(($(now) - t)) s)"; else record "ui" 0 1 "FAILED, exit $rc ($(($(now) - t)) s)"; fi

# 7b. the end-to-end journey through the real UI: alert link, run a step, timeline, review, action items filed once
banner "end-to-end journey: node scripts/e2e-journey.js"
t=$(now)
node scripts/e2e-journey.js
rc=$?
if [ $rc -eq 0 ]; then record "e2e journey" 1 0 "ok ($(($(now) - t)) s)"; else record "e2e journey" 0 1 "FAILED, exit $rc ($(($(now) - t)) s)"; fi

# 8. the packaged extension: build the .vsix, install it into the real VS Code, check it activates with its commands
banner "package + installed .vsix check: npm run package && node scripts/test-integration.js --vsix=…"
t=$(now)
VSIX_JSON="$RESULTS/vsix.json"
rm -f "$VSIX_JSON"
if npm run package >"$RESULTS/package.log" 2>&1; then
  tail -1 "$RESULTS/package.log"
  VSCODE_TEST_RESULTS_FILE="$VSIX_JSON" node scripts/test-integration.js --vsix=dist/incident-runbooks.vsix
  rc=$?
else
  cat "$RESULTS/package.log"
  rc=3
fi
record_results "vsix" "$VSIX_JSON" "$rc" "exit $rc ($(($(now) - t)) s)"
node scripts/build.mjs >/dev/null 2>&1 # back to the development bundles

finish
