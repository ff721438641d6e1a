// What a command does to the systems it talks to: reads them, changes them, or destroys something. A model of
// tools and their subcommands (kubectl, oc, helm, terraform, aws, docker, systemctl, redis-cli, psql, git, …) with a
// table of verbs for the tools it does not know.
import { simpleCommands, type SimpleCommand, type Word } from './commandWords';
import type { ShellKind } from './quote';

/**
 * - `read`: only looks (get, describe, status, logs, list, plan, INFO, SELECT);
 * - `mutate`: changes something that is put back as easily (apply, patch, scale, cordon, start, label, set, INSERT);
 * - `destructive`: deletes, stops, interrupts or loses something, or cannot be undone by running it again
 *   (delete, drain, stop, restart, scale to zero, rollback, flush, drop, truncate, terminate, uninstall, kill,
 *   `--force`, `rm -r`, `dd`, `mkfs`, `shutdown`).
 */
export type Risk = 'read' | 'mutate' | 'destructive';

export const RISKS: readonly Risk[] = ['read', 'mutate', 'destructive'];

export function riskRank(r: Risk): number {
  return r === 'read' ? 0 : r === 'mutate' ? 1 : 2;
}

export function maxRisk(a: Risk, b: Risk): Risk {
  return riskRank(a) >= riskRank(b) ? a : b;
}

/** How one simple command of a step was judged. */
export interface CommandRisk {
  readonly risk: Risk;
  /** The words that decided, as the runbook writes them: `oc delete`, `kubectl scale --replicas=0`, `DROP TABLE`. */
  readonly what: string;
  /** What it does, in a few words: `deletes resources`. */
  readonly reason: string;
  /**
   * Known from the tool's own table (`kubectl delete`), rather than guessed from a verb in the command of a tool
   * the model does not know (`mytool purge-cache`): a step's `{risk=…}` can overrule a guess, not a known verb.
   */
  readonly certain: boolean;
  /** Offsets of the decisive words in the text judged. */
  readonly start: number;
  readonly end: number;
}

type Verdict = [Risk, string];

interface Judged {
  readonly risk: Risk;
  readonly reason: string;
  /** The words shown (indexes into the args after the tool); the tool itself is always shown. */
  readonly shown: readonly Word[];
  readonly certain: boolean;
}

/** Nested text (`sh -c '…'`, `ssh host '…'`) is judged this deep at most. */
const MAX_DEPTH = 3;

/**
 * Judge every simple command of `text` (a POSIX or PowerShell command, possibly many lines). Commands that only
 * read are included with risk `read`. Linear in the length of the text (nested shell strings are re-read, at most
 * MAX_DEPTH levels deep).
 */
export function judgeCommands(text: string, shell: ShellKind = 'posix'): CommandRisk[] {
  const out: CommandRisk[] = [];
  judgeText(text, shell, 0, 0, out);
  return out;
}

function judgeText(text: string, shell: ShellKind, depth: number, offset: number, out: CommandRisk[]): void {
  for (const cmd of simpleCommands(text, shell)) {
    judgeCommand(cmd, text, shell, depth, offset, out);
  }
}

function judgeCommand(cmd: SimpleCommand, text: string, shell: ShellKind, depth: number, offset: number, out: CommandRisk[]): void {
  const words = stripPrefixes(cmd.words);
  if (!words.length) {
    for (const target of cmd.writes) {
      const w = writeRisk(target); // `> /etc/app.conf` alone truncates the file
      if (w) {
        out.push({ risk: w[0], what: `> ${target.text}`, reason: w[1], certain: true, start: offset + target.start, end: offset + target.end });
      }
    }
    return;
  }
  const tool = words[0];
  const args = words.slice(1);
  const name = toolName(tool.text);
  const push = (j: Judged, from: Word = tool) => {
    const shown = j.shown.length ? j.shown : [];
    const last = shown.length ? shown[shown.length - 1] : from;
    const whatText = [from, ...shown].map((w) => w.text).join(' ');
    out.push({
      risk: j.risk,
      what: whatText.length > 60 ? `${whatText.slice(0, 57)}…` : whatText,
      reason: j.reason,
      certain: j.certain,
      start: offset + from.start,
      end: offset + last.end,
    });
  };
  // Nested commands: judged as commands of their own.
  const nested = nestedCommand(name, args);
  if (nested && depth < MAX_DEPTH) {
    if ('words' in nested) {
      judgeCommand({ words: nested.words, input: cmd.input, writes: cmd.writes }, text, shell, depth + 1, offset, out);
    } else {
      judgeText(nested.text, 'posix', depth + 1, offset + nested.word.start + (text.slice(nested.word.start, nested.word.end).length - nested.word.text.length > 0 ? 1 : 0), out);
    }
  }
  if (tool.dynamic) {
    push({ risk: 'mutate', reason: 'runs a program named by a command substitution', shown: [], certain: false });
    return;
  }
  const judged = judgeTool(name, tool, args, cmd, shell);
  if (!(nested && judged.risk === 'read')) {
    push(judged); // (`ssh host cmd`, `sh -c '…'`: the nested command speaks for them)
  }
  for (const target of cmd.writes) {
    const w = writeRisk(target);
    if (w) {
      out.push({ risk: w[0], what: `> ${target.text}`, reason: w[1], certain: true, start: offset + target.start, end: offset + target.end });
    }
  }
}

/** `sudo -u x env A=1 nice -n 5 timeout 10 cmd …` → `cmd …`; also leading `A=1` assignments and shell keywords. */
export function stripPrefixes(words: readonly Word[]): Word[] {
  let k = 0;
  const skipFlags = (valueFlags: ReadonlySet<string>) => {
    while (k < words.length) {
      const t = words[k].text;
      if (t === '--') {
        k++;
        return;
      }
      if (!t.startsWith('-') || t === '-') {
        return;
      }
      k++;
      if (valueFlags.has(t) && k < words.length) {
        k++;
      }
    }
  };
  for (let guard = 0; guard < 16 && k < words.length; guard++) {
    const t = words[k].text;
    const name = toolName(t);
    if (KEYWORDS.has(t)) {
      k++;
    } else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t) && !words[k].dynamic) {
      k++; // NAME=value before a command
    } else if (name === 'sudo' || name === 'doas') {
      k++;
      skipFlags(SUDO_VALUE_FLAGS);
    } else if (name === 'env') {
      k++;
      skipFlags(new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']));
      while (k < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k].text)) {
        k++;
      }
    } else if (name === 'timeout') {
      k++;
      skipFlags(new Set(['-s', '--signal', '-k', '--kill-after']));
      k++; // the duration
    } else if (name === 'nice' || name === 'ionice' || name === 'stdbuf' || name === 'chrt' || name === 'taskset') {
      k++;
      skipFlags(new Set(['-n', '--adjustment', '-c', '--class', '-p', '--pid', '-t', '-i', '-o', '-e']));
      if (name === 'chrt' || name === 'taskset') {
        k++; // priority / mask
      }
    } else if (name === 'watch') {
      k++;
      skipFlags(new Set(['-n', '--interval', '-d', '-q', '--equexit']));
    } else if (name === 'xargs') {
      k++;
      skipFlags(new Set(['-I', '-i', '-n', '--max-args', '-P', '--max-procs', '-d', '--delimiter', '-L', '-l', '-a', '--arg-file', '-E', '-e', '-s', '--max-chars']));
    } else if (name === 'time' || name === 'nohup' || name === 'command' || name === 'exec' || name === 'builtin' || name === 'unbuffer' || name === 'caffeinate' || name === 'torsocks' || name === 'proxychains' || name === 'proxychains4') {
      k++;
      skipFlags(new Set(['-f', '-o']));
    } else if (name === 'flock') {
      k++;
      skipFlags(new Set(['-w', '--timeout', '-E', '--conflict-exit-code']));
      k++; // the lock file
    } else if (name === 'runuser') {
      k++;
      skipFlags(new Set(['-u', '--user', '-g', '--group', '-G']));
    } else {
      break;
    }
  }
  return words.slice(k);
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '}', 'fi', 'done', 'esac', '[[', ']]', 'function']);
const SUDO_VALUE_FLAGS = new Set(['-u', '--user', '-g', '--group', '-C', '--close-from', '-D', '--chdir', '-h', '--host', '-p', '--prompt', '-r', '--role', '-t', '--type', '-U', '--other-user', '-T', '--command-timeout', '-R', '--chroot']);

/** `/usr/bin/kubectl` → `kubectl`, `KUBECTL` → `kubectl`, `kubectl.exe` → `kubectl`. */
export function toolName(t: string): string {
  const base = t.slice(t.lastIndexOf('/') + 1).toLowerCase();
  return base.endsWith('.exe') ? base.slice(0, -4) : base;
}

/** A command inside a command: `kubectl exec … -- cmd`, `docker exec c cmd`, `ssh host cmd`, `sh -c '…'`, `find -exec`. */
function nestedCommand(name: string, args: readonly Word[]): { words: Word[] } | { text: string; word: Word } | undefined {
  if (SHELLS.has(name)) {
    const c = args.findIndex((w) => /^-[a-z]*c[a-z]*$/.test(w.text));
    return c !== -1 && args[c + 1] ? { text: args[c + 1].text, word: args[c + 1] } : undefined;
  }
  if (name === 'su') {
    const c = args.findIndex((w) => w.text === '-c' || w.text === '--command');
    return c !== -1 && args[c + 1] ? { text: args[c + 1].text, word: args[c + 1] } : undefined;
  }
  if (name === 'ssh') {
    const pos = positionals(args, SSH_VALUE_FLAGS, false);
    if (pos.length < 2) {
      return undefined;
    }
    const rest = args.slice(args.indexOf(pos[1]));
    return rest.length === 1 ? { text: rest[0].text, word: rest[0] } : { words: rest };
  }
  if (KUBE_TOOLS.has(name) || name === 'virtctl') {
    const dd = args.findIndex((w) => w.text === '--');
    const sub = positionals(args, KUBECTL_VALUE_FLAGS)[0]?.text.toLowerCase();
    if (dd !== -1 && (sub === 'exec' || sub === 'debug' || sub === 'run' || sub === 'rsh' || sub === 'ssh')) {
      const rest = args.slice(dd + 1);
      return rest.length === 1 ? { text: rest[0].text, word: rest[0] } : { words: rest };
    }
    if (sub === 'rsh' && dd === -1) {
      const pos = positionals(args, KUBECTL_VALUE_FLAGS);
      return pos.length > 2 ? { words: args.slice(args.indexOf(pos[2])) } : undefined;
    }
    return undefined;
  }
  if (CONTAINER_TOOLS.has(name)) {
    const pos = positionals(args, DOCKER_VALUE_FLAGS);
    const sub = pos[0]?.text.toLowerCase();
    const at = sub === 'exec' ? 2 : sub === 'container' && pos[1]?.text === 'exec' ? 3 : -1;
    return at !== -1 && pos.length > at ? { words: args.slice(args.indexOf(pos[at])) } : undefined;
  }
  if (name === 'find') {
    const e = args.findIndex((w) => w.text === '-exec' || w.text === '-execdir' || w.text === '-ok' || w.text === '-okdir');
    if (e !== -1) {
      const end = args.findIndex((w, k) => k > e && (w.text === ';' || w.text === '+'));
      return { words: args.slice(e + 1, end === -1 ? undefined : end) };
    }
    return undefined;
  }
  if (name === 'knife' && args[0]?.text === 'ssh') {
    const pos = positionals(args.slice(1), new Set(['-x', '-a', '-i', '-p', '-C', '-m']), false);
    return pos[1] ? { text: pos[1].text, word: pos[1] } : undefined;
  }
  return undefined;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'busybox']);
const SSH_VALUE_FLAGS = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B']);

/** The non-flag words of `args`, skipping the values of `valueFlags`; stops at `--` when `stopAtDashes`. */
export function positionals(args: readonly Word[], valueFlags: ReadonlySet<string>, stopAtDashes = true): Word[] {
  const out: Word[] = [];
  for (let k = 0; k < args.length; k++) {
    const t = args[k].text;
    if (t === '--') {
      if (stopAtDashes) {
        break;
      }
      continue;
    }
    if (t.length > 1 && t.startsWith('-')) {
      if (valueFlags.has(t)) {
        k++;
      }
      continue;
    }
    out.push(args[k]);
  }
  return out;
}

function hasFlag(args: readonly Word[], ...flags: string[]): Word | undefined {
  return args.find((w) => flags.some((f) => w.text === f || w.text.startsWith(`${f}=`)));
}

/** `--flag=v` or `--flag v`: the value, if the flag is there. */
function flagValue(args: readonly Word[], ...flags: string[]): { value: string; word: Word } | undefined {
  for (let k = 0; k < args.length; k++) {
    const t = args[k].text;
    for (const f of flags) {
      if (t === f && args[k + 1]) {
        return { value: args[k + 1].text, word: args[k + 1] };
      }
      if (t.startsWith(`${f}=`)) {
        return { value: t.slice(f.length + 1), word: args[k] };
      }
    }
  }
  return undefined;
}

/** `--dry-run`, `--dry-run=client|server|true` (not `none`/`false`): nothing changes. */
function dryRun(args: readonly Word[]): Word | undefined {
  return args.find((w) => {
    const m = /^--dry-?run(?:=(.*))?$/i.exec(w.text);
    return m !== null && !/^(?:none|false|0)$/i.test(m[1] ?? '');
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Verbs: for the subcommands of tools without a table of their own, and as the last resort of the ones with one.

const DESTRUCTIVE_VERBS: Readonly<Record<string, string>> = {
  delete: 'deletes', del: 'deletes', destroy: 'destroys', remove: 'removes', rm: 'removes', rmi: 'removes images',
  rb: 'removes', erase: 'erases', purge: 'purges', prune: 'prunes', drop: 'drops', truncate: 'truncates', wipe: 'wipes',
  terminate: 'terminates', kill: 'kills', stop: 'stops', shutdown: 'shuts down', poweroff: 'powers off', halt: 'halts',
  reboot: 'reboots', restart: 'restarts (interrupts)', drain: 'drains (evicts everything)', evict: 'evicts',
  uninstall: 'uninstalls', flush: 'flushes', flushall: 'flushes all data', flushdb: 'flushes a database',
  rollback: 'rolls back', undo: 'undoes', revert: 'reverts', reset: 'resets', deregister: 'deregisters',
  unregister: 'unregisters', decommission: 'decommissions', failover: 'fails over', switchover: 'switches over',
  disable: 'disables', detach: 'detaches', disassociate: 'disassociates', revoke: 'revokes', cancel: 'cancels',
  abort: 'aborts', seal: 'seals', cleanup: 'cleans up (deletes)', clean: 'cleans up (deletes)', leave: 'leaves the cluster', close: 'closes', nuke: 'deletes everything', format: 'formats',
  unlink: 'unlinks', reinit: 're-initialises', demote: 'demotes', expire: 'expires', invalidate: 'invalidates',
};

const MUTATING_VERBS: Readonly<Record<string, string>> = {
  apply: 'applies changes', patch: 'patches', create: 'creates', new: 'creates', add: 'adds', insert: 'inserts',
  update: 'updates', upgrade: 'upgrades', set: 'sets', put: 'writes', write: 'writes', edit: 'edits', replace: 'replaces',
  modify: 'modifies', change: 'changes', scale: 'scales', start: 'starts', enable: 'enables', cordon: 'cordons',
  uncordon: 'uncordons', label: 'labels', annotate: 'annotates', taint: 'taints', untaint: 'untaints', install: 'installs',
  deploy: 'deploys', import: 'imports', restore: 'restores', rotate: 'rotates', resize: 'resizes', move: 'moves',
  mv: 'moves', rename: 'renames', copy: 'copies', cp: 'copies', push: 'pushes', merge: 'merges', commit: 'commits',
  promote: 'promotes', pause: 'pauses', resume: 'resumes', suspend: 'suspends', unsuspend: 'resumes', sync: 'syncs',
  reload: 'reloads', reconfigure: 'reconfigures', trigger: 'triggers', invoke: 'invokes', run: 'runs', exec: 'runs a command',
  execute: 'executes', attach: 'attaches', associate: 'associates', mount: 'mounts', unmount: 'unmounts', umount: 'unmounts',
  register: 'registers', grant: 'grants', approve: 'approves', deny: 'denies', tag: 'tags', untag: 'untags',
  unmask: 'unmasks', unseal: 'unseals', reconcile: 'reconciles', refresh: 'refreshes', retry: 'retries',
  rerun: 'reruns', redeploy: 'redeploys', rebuild: 'rebuilds', build: 'builds', migrate: 'migrates', send: 'sends',
  publish: 'publishes', post: 'posts', upload: 'uploads', load: 'loads', unset: 'unsets', assign: 'assigns',
  unassign: 'unassigns', allow: 'allows', block: 'blocks', silence: 'silences', expose: 'exposes', autoscale: 'autoscales',
  rollout: 'rolls out', release: 'releases', lock: 'locks', unlock: 'unlocks', repair: 'repairs', rebalance: 'rebalances',
  compact: 'compacts', defrag: 'defragments', vacuum: 'vacuums', reindex: 'reindexes', renew: 'renews', hup: 'signals',
  signal: 'signals', snapshot: 'snapshots', backup: 'backs up', save: 'saves', init: 'initialises', join: 'joins',
  bootstrap: 'bootstraps', provision: 'provisions', configure: 'configures', enroll: 'enrolls', mark: 'marks',
  submit: 'submits', enqueue: 'enqueues', requeue: 'requeues', replay: 'replays', recover: 'recovers', resync: 'resyncs',
};

const READ_VERBS = new Set([
  'get', 'describe', 'list', 'ls', 'show', 'status', 'logs', 'log', 'top', 'info', 'inspect', 'explain', 'plan',
  'version', 'help', 'check', 'health', 'healthcheck', 'diff', 'view', 'watch', 'events', 'history', 'search', 'find',
  'cat', 'dump', 'verify', 'validate', 'lint', 'query', 'stat', 'stats', 'count', 'ping', 'whoami', 'lookup', 'tail',
  'head', 'print', 'display', 'read', 'fetch', 'download', 'export', 'output', 'print', 'tree', 'wait', 'test', 'doctor',
  'members', 'ps', 'usage', 'metrics', 'report', 'audit', 'scan',
  'trace', 'debug', 'outdated', 'can-i', 'who', 'where', 'which', 'summary', 'list-all',
]);

/**
 * A verb's risk: the word itself, or its first part (`delete-bucket`, `purge_queue`, `get-credentials`), the
 * way most CLIs name their operations. Undefined when it is not a verb the model knows.
 */
export function verbRisk(word: string): Verdict | undefined {
  const w = word.toLowerCase();
  for (const part of w.includes('-') || w.includes('_') ? [w, ...w.split(/[-_]/)] : [w]) {
    if (Object.hasOwn(DESTRUCTIVE_VERBS, part)) {
      return ['destructive', DESTRUCTIVE_VERBS[part]];
    }
    if (Object.hasOwn(MUTATING_VERBS, part)) {
      return ['mutate', MUTATING_VERBS[part]];
    }
    if (READ_VERBS.has(part)) {
      return ['read', 'reads'];
    }
    if (w === part && w.includes('-')) {
      continue; // try the parts: the first one only, operations start with their verb
    }
    if (part !== w) {
      break;
    }
  }
  return undefined;
}

/** Tools that only read (or only print), whatever their arguments say: `grep delete`, `echo stop` are harmless. */
const READ_ONLY_TOOLS = new Set((
  'grep egrep fgrep zgrep rg ag ack awk gawk jq yq cat tac less more head tail wc sort uniq cut tr column echo printf ' +
  'ls ll ps pgrep top htop atop df du free uptime date whoami id groups hostname uname dig nslookup host ping ping6 ' +
  'traceroute tracepath mtr ss netstat lsof which type file stat test [ true false sleep base64 md5sum sha1sum ' +
  'sha256sum sha512sum cksum cmp xxd od hexdump strings tcpdump nc ncat telnet openssl wget dmesg lsblk blkid findmnt ' +
  'iostat vmstat mpstat sar pidstat nproc lscpu lsmod lspci lsusb getent printenv nl fold seq yes basename dirname ' +
  'realpath readlink pwd jobs history kubectx kubens stern k9s promtool zcat bzcat xzcat zless zmore cd source . export ' +
  'alias unalias read set shopt local declare typeset let eval:never exit return break continue wait shift trap ' +
  'getopts true : diff colordiff vimdiff view bat jless fx gron dog drill whois curlie ncdu tree lsattr getfacl ' +
  'ethtool iftop nload nethogs iotop perf strace ltrace gdb pstack jstack jmap jcmd jstat jps jinfo nvidia-smi ' +
  'sensors smartctl:never hdparm:never ipmitool:never journalctl:never kubeval kubeconform conftest opa shellcheck ' +
  'hadolint yamllint jsonlint markdownlint dust duf btop glances nmon dstat lnav multitail ccze pv timeout:never ' +
  'envsubst gettext xmllint python:never'
).split(/\s+/).filter((t) => !t.endsWith(':never')));

/** CLIs whose commands are `tool noun… verb`, with verbs from the common table: a verb found is not a guess. */
const NOUN_VERB_TOOLS = new Set(('knife gcloud az argocd vault consul nomad flux velero eksctl rabbitmqctl rabbitmq-diagnostics ' +
  'patronictl istioctl linkerd ceph rbd radosgw-admin openstack doctl hcloud heroku flyctl fly mc gsutil kafka-topics ' +
  'kafka-consumer-groups kafka-configs cilium hubble linode-cli scw exo oci ibmcloud aliyun tkn kn kubeadm minikube kind ' +
  'k3d talosctl clusterctl cmctl kustomize amtool vault-cli boundary waypoint packer vagrant nomad-pack').split(' '));

/** Kubernetes CLIs that share kubectl's commands. */
const KUBE_TOOLS = new Set(['kubectl', 'oc', 'kubecolor', 'k', 'microk8s.kubectl', 'k3s', 'kubectl-1', 'kc']);
const KUBECTL_VALUE_FLAGS = new Set([
  '-n', '--namespace', '--context', '--cluster', '--kubeconfig', '--user', '-s', '--server', '--token', '--as',
  '--as-group', '--request-timeout', '--cache-dir', '--certificate-authority', '--client-certificate', '--client-key',
  '--tls-server-name', '-l', '--selector', '-o', '--output', '-f', '--filename', '-c', '--container', '--field-selector',
  '--sort-by', '--template', '-p', '--patch', '--type', '--timeout', '--since', '--tail', '--replicas', '--image',
  '-v', '--v', '--grace-period', '--for', '-k', '--kustomize', '--config', '--project',
]);
const CONTAINER_TOOLS = new Set(['docker', 'podman', 'nerdctl', 'docker-compose', 'podman-compose']);
const DOCKER_VALUE_FLAGS = new Set(['-H', '--host', '--context', '-c', '--config', '-l', '--log-level', '-u', '--user', '-w', '--workdir', '-e', '--env', '--env-file', '-f', '--file', '-p', '--project-name', '--filter', '--format', '-n', '--tail', '--since', '--until', '-t', '--time', '-s', '--signal', '--name', '--network', '-v', '--volume']);

type Table = Readonly<Record<string, Verdict | Readonly<Record<string, Verdict>>>>;

const KUBECTL: Table = {
  get: ['read', 'reads resources'], describe: ['read', 'reads resources'], logs: ['read', 'reads logs'], log: ['read', 'reads logs'],
  top: ['read', 'reads metrics'], explain: ['read', 'reads the API docs'], 'api-resources': ['read', 'reads the API'],
  'api-versions': ['read', 'reads the API'], 'cluster-info': ['read', 'reads the cluster'], version: ['read', 'reads versions'],
  diff: ['read', 'compares'], events: ['read', 'reads events'], wait: ['read', 'waits'], 'port-forward': ['read', 'forwards a port'],
  proxy: ['read', 'proxies the API'], completion: ['read', 'prints completions'], plugin: ['read', 'lists plugins'],
  whoami: ['read', 'reads the user'], status: ['read', 'reads status'], projects: ['read', 'lists projects'],
  project: ['read', 'switches project'], observe: ['read', 'watches'], process: ['read', 'renders a template'],
  attach: ['read', 'attaches to a container'], krew: ['read', 'manages plugins'], kustomize: ['read', 'renders'],
  auth: { 'can-i': ['read', 'checks permissions'], whoami: ['read', 'reads the user'], reconcile: ['mutate', 'changes RBAC'] },
  config: {
    view: ['read', 'reads kubeconfig'], 'get-contexts': ['read', 'reads kubeconfig'], 'current-context': ['read', 'reads kubeconfig'],
    'get-clusters': ['read', 'reads kubeconfig'], 'get-users': ['read', 'reads kubeconfig'], 'use-context': ['mutate', 'switches the kubeconfig context'],
    'use': ['mutate', 'switches the kubeconfig context'],
  },
  delete: ['destructive', 'deletes resources'], drain: ['destructive', 'drains a node (evicts its pods)'],
  cordon: ['mutate', 'cordons a node'], uncordon: ['mutate', 'uncordons a node'],
  apply: ['mutate', 'applies changes'], create: ['mutate', 'creates resources'], replace: ['mutate', 'replaces resources'],
  patch: ['mutate', 'patches resources'], edit: ['mutate', 'edits resources'], set: ['mutate', 'changes resources'],
  label: ['mutate', 'labels resources'], annotate: ['mutate', 'annotates resources'], autoscale: ['mutate', 'sets autoscaling'],
  expose: ['mutate', 'creates a service'], run: ['mutate', 'starts a pod'], debug: ['mutate', 'starts a debug pod'],
  cp: ['mutate', 'copies files into or out of a container'], exec: ['read', 'runs a command in a container'],
  rsh: ['read', 'opens a shell in a container'], rsync: ['mutate', 'copies files'],
  scale: ['mutate', 'scales'], taint: ['mutate', 'taints a node'],
  rollout: {
    status: ['read', 'reads rollout status'], history: ['read', 'reads rollout history'], undo: ['destructive', 'rolls back'],
    restart: ['destructive', 'restarts every pod'], pause: ['mutate', 'pauses a rollout'], resume: ['mutate', 'resumes a rollout'],
    latest: ['mutate', 'starts a rollout'], retry: ['mutate', 'retries a rollout'], cancel: ['destructive', 'cancels a rollout'],
  },
  rollback: ['destructive', 'rolls back'], 'start-build': ['mutate', 'starts a build'], 'cancel-build': ['destructive', 'cancels a build'],
  'new-app': ['mutate', 'creates an application'], 'new-project': ['mutate', 'creates a project'], 'import-image': ['mutate', 'imports an image'],
  tag: ['mutate', 'tags an image'], policy: ['mutate', 'changes policy'], certificate: { approve: ['mutate', 'approves a certificate'], deny: ['mutate', 'denies a certificate'] },
  adm: {
    drain: ['destructive', 'drains a node (evicts its pods)'], cordon: ['mutate', 'cordons a node'], uncordon: ['mutate', 'uncordons a node'],
    top: ['read', 'reads metrics'], 'node-logs': ['read', 'reads node logs'], inspect: ['read', 'collects diagnostics'],
    'must-gather': ['read', 'collects diagnostics'], release: ['read', 'reads release information'], 'who-can': ['read', 'checks permissions'],
    prune: ['destructive', 'prunes resources'], upgrade: ['destructive', 'upgrades the cluster'], policy: ['mutate', 'changes policy'],
    taint: ['mutate', 'taints a node'], certificate: ['mutate', 'approves or denies certificates'], 'manage-node': ['mutate', 'changes a node'],
    'reboot-machine-config-pool': ['destructive', 'reboots nodes'], 'wait-for-stable-cluster': ['read', 'waits'],
    groups: ['mutate', 'changes groups'], 'create-bootstrap-project-template': ['read', 'prints a template'],
  },
};

const HELM: Table = {
  list: ['read', 'lists releases'], ls: ['read', 'lists releases'], status: ['read', 'reads a release'], history: ['read', 'reads history'],
  hist: ['read', 'reads history'], get: ['read', 'reads a release'], show: ['read', 'reads a chart'], inspect: ['read', 'reads a chart'],
  template: ['read', 'renders a chart'], lint: ['read', 'checks a chart'], search: ['read', 'searches'], version: ['read', 'reads versions'],
  env: ['read', 'reads the environment'], diff: ['read', 'compares'], verify: ['read', 'verifies a chart'], pull: ['read', 'downloads a chart'],
  fetch: ['read', 'downloads a chart'], dependency: { list: ['read', 'lists dependencies'], update: ['mutate', 'updates dependencies'], build: ['mutate', 'builds dependencies'] },
  repo: { list: ['read', 'lists repositories'], add: ['mutate', 'adds a repository'], update: ['mutate', 'updates repositories'], remove: ['mutate', 'removes a repository'], rm: ['mutate', 'removes a repository'] },
  plugin: { list: ['read', 'lists plugins'], install: ['mutate', 'installs a plugin'], uninstall: ['mutate', 'uninstalls a plugin'], update: ['mutate', 'updates a plugin'] },
  install: ['mutate', 'installs a release'], upgrade: ['mutate', 'upgrades a release'], test: ['mutate', 'runs test pods'],
  uninstall: ['destructive', 'uninstalls a release'], un: ['destructive', 'uninstalls a release'], delete: ['destructive', 'uninstalls a release'],
  del: ['destructive', 'uninstalls a release'], rollback: ['destructive', 'rolls back a release'], package: ['read', 'packages a chart'],
  push: ['mutate', 'pushes a chart'], registry: ['read', 'logs in to a registry'],
};

const TERRAFORM: Table = {
  plan: ['read', 'plans (changes nothing)'], show: ['read', 'reads state'], output: ['read', 'reads outputs'], validate: ['read', 'validates'],
  graph: ['read', 'draws the graph'], providers: ['read', 'lists providers'], version: ['read', 'reads versions'], console: ['read', 'opens a console'],
  init: ['read', 'initialises the working directory'], get: ['read', 'downloads modules'], fmt: ['read', 'formats files'],
  apply: ['destructive', 'changes infrastructure (may replace or destroy resources)'], destroy: ['destructive', 'destroys infrastructure'],
  import: ['mutate', 'imports into state'], refresh: ['mutate', 'updates state'], taint: ['mutate', 'marks a resource for replacement'],
  untaint: ['mutate', 'unmarks a resource'], 'force-unlock': ['destructive', 'forces a state unlock'],
  state: {
    list: ['read', 'lists state'], show: ['read', 'reads state'], pull: ['read', 'reads state'], rm: ['destructive', 'removes resources from state'],
    mv: ['destructive', 'moves resources in state'], push: ['destructive', 'overwrites state'], 'replace-provider': ['destructive', 'rewrites state'],
  },
  workspace: { list: ['read', 'lists workspaces'], show: ['read', 'reads the workspace'], select: ['mutate', 'switches workspace'], new: ['mutate', 'creates a workspace'], delete: ['destructive', 'deletes a workspace'] },
  'run-all': { plan: ['read', 'plans'], apply: ['destructive', 'changes infrastructure'], destroy: ['destructive', 'destroys infrastructure'] },
};

const CONTAINERS: Table = {
  ps: ['read', 'lists containers'], images: ['read', 'lists images'], inspect: ['read', 'inspects'], logs: ['read', 'reads logs'],
  stats: ['read', 'reads usage'], top: ['read', 'lists processes'], version: ['read', 'reads versions'], info: ['read', 'reads information'],
  events: ['read', 'reads events'], port: ['read', 'lists ports'], diff: ['read', 'lists changes'], history: ['read', 'reads image history'],
  search: ['read', 'searches'], exec: ['read', 'runs a command in a container'], attach: ['read', 'attaches to a container'],
  run: ['mutate', 'starts a container'], create: ['mutate', 'creates a container'], start: ['mutate', 'starts a container'],
  restart: ['destructive', 'restarts a container'], stop: ['destructive', 'stops a container'], kill: ['destructive', 'kills a container'],
  rm: ['destructive', 'removes a container'], rmi: ['destructive', 'removes images'], pull: ['mutate', 'pulls an image'],
  push: ['mutate', 'pushes an image'], build: ['mutate', 'builds an image'], tag: ['mutate', 'tags an image'], commit: ['mutate', 'commits a container'],
  cp: ['mutate', 'copies files'], login: ['read', 'logs in'], logout: ['read', 'logs out'], update: ['mutate', 'updates a container'],
  rename: ['mutate', 'renames a container'], pause: ['mutate', 'pauses a container'], unpause: ['mutate', 'resumes a container'],
  wait: ['read', 'waits'], save: ['read', 'saves an image'], load: ['mutate', 'loads an image'], import: ['mutate', 'imports an image'],
  export: ['read', 'exports a container'],
  system: { df: ['read', 'reads disk usage'], info: ['read', 'reads information'], events: ['read', 'reads events'], prune: ['destructive', 'removes unused data'] },
  image: { ls: ['read', 'lists images'], list: ['read', 'lists images'], inspect: ['read', 'inspects an image'], history: ['read', 'reads image history'], rm: ['destructive', 'removes images'], prune: ['destructive', 'removes images'], pull: ['mutate', 'pulls an image'], push: ['mutate', 'pushes an image'], tag: ['mutate', 'tags an image'] },
  container: { ls: ['read', 'lists containers'], list: ['read', 'lists containers'], inspect: ['read', 'inspects'], logs: ['read', 'reads logs'], rm: ['destructive', 'removes a container'], prune: ['destructive', 'removes containers'], stop: ['destructive', 'stops a container'], kill: ['destructive', 'kills a container'], restart: ['destructive', 'restarts a container'], start: ['mutate', 'starts a container'] },
  volume: { ls: ['read', 'lists volumes'], inspect: ['read', 'inspects a volume'], create: ['mutate', 'creates a volume'], rm: ['destructive', 'removes a volume'], prune: ['destructive', 'removes volumes'] },
  network: { ls: ['read', 'lists networks'], inspect: ['read', 'inspects a network'], create: ['mutate', 'creates a network'], connect: ['mutate', 'connects a container'], disconnect: ['destructive', 'disconnects a container'], rm: ['destructive', 'removes a network'], prune: ['destructive', 'removes networks'] },
  compose: { ps: ['read', 'lists services'], logs: ['read', 'reads logs'], config: ['read', 'renders the configuration'], ls: ['read', 'lists projects'], top: ['read', 'lists processes'], images: ['read', 'lists images'], up: ['mutate', 'starts services'], start: ['mutate', 'starts services'], pull: ['mutate', 'pulls images'], build: ['mutate', 'builds images'], exec: ['read', 'runs a command in a container'], down: ['destructive', 'stops and removes services'], stop: ['destructive', 'stops services'], restart: ['destructive', 'restarts services'], kill: ['destructive', 'kills services'], rm: ['destructive', 'removes containers'] },
  context: { ls: ['read', 'lists contexts'], show: ['read', 'reads the context'], use: ['mutate', 'switches context'] },
  // podman
  pod: { ps: ['read', 'lists pods'], ls: ['read', 'lists pods'], inspect: ['read', 'inspects a pod'], rm: ['destructive', 'removes a pod'], stop: ['destructive', 'stops a pod'], kill: ['destructive', 'kills a pod'], restart: ['destructive', 'restarts a pod'], start: ['mutate', 'starts a pod'] },
  up: ['mutate', 'starts services'], down: ['destructive', 'stops and removes services'],
};

const CRICTL: Table = {
  ps: ['read', 'lists containers'], pods: ['read', 'lists pods'], images: ['read', 'lists images'], img: ['read', 'lists images'],
  inspect: ['read', 'inspects'], inspectp: ['read', 'inspects a pod'], inspecti: ['read', 'inspects an image'], logs: ['read', 'reads logs'],
  stats: ['read', 'reads usage'], statsp: ['read', 'reads usage'], info: ['read', 'reads information'], version: ['read', 'reads versions'],
  imagefsinfo: ['read', 'reads image storage'], config: ['read', 'reads the configuration'], exec: ['read', 'runs a command in a container'],
  attach: ['read', 'attaches to a container'], 'port-forward': ['read', 'forwards a port'],
  pull: ['mutate', 'pulls an image'], start: ['mutate', 'starts a container'], runp: ['mutate', 'starts a pod'], create: ['mutate', 'creates a container'],
  run: ['mutate', 'starts a container'], update: ['mutate', 'updates a container'],
  rm: ['destructive', 'removes containers'], rmi: ['destructive', 'removes images'], rmp: ['destructive', 'removes pods'],
  stop: ['destructive', 'stops containers'], stopp: ['destructive', 'stops pods'],
};

const SYSTEMCTL: Table = {
  status: ['read', 'reads status'], show: ['read', 'reads properties'], cat: ['read', 'reads unit files'], 'list-units': ['read', 'lists units'],
  'list-unit-files': ['read', 'lists unit files'], 'list-timers': ['read', 'lists timers'], 'list-sockets': ['read', 'lists sockets'],
  'list-dependencies': ['read', 'lists dependencies'], 'list-jobs': ['read', 'lists jobs'], 'list-machines': ['read', 'lists machines'],
  'is-active': ['read', 'checks a unit'], 'is-enabled': ['read', 'checks a unit'], 'is-failed': ['read', 'checks a unit'],
  'is-system-running': ['read', 'checks the system'], 'get-default': ['read', 'reads the default target'], help: ['read', 'shows help'],
  'show-environment': ['read', 'reads the environment'],
  start: ['mutate', 'starts a service'], enable: ['mutate', 'enables a service'], unmask: ['mutate', 'unmasks a service'],
  reload: ['mutate', 'reloads a service'], 'daemon-reload': ['mutate', 'reloads systemd'], 'daemon-reexec': ['mutate', 're-executes systemd'],
  edit: ['mutate', 'edits a unit'], 'set-property': ['mutate', 'changes a unit'], 'reset-failed': ['mutate', 'resets failed units'],
  link: ['mutate', 'links a unit'], preset: ['mutate', 'presets a unit'], 'set-environment': ['mutate', 'changes the environment'],
  'try-reload-or-restart': ['destructive', 'restarts a service'], revert: ['mutate', 'reverts a unit'],
  stop: ['destructive', 'stops a service'], restart: ['destructive', 'restarts a service'], 'try-restart': ['destructive', 'restarts a service'],
  'reload-or-restart': ['destructive', 'restarts a service'], disable: ['destructive', 'disables a service'], mask: ['destructive', 'masks a service'],
  kill: ['destructive', 'kills a service'], isolate: ['destructive', 'stops every other unit'], poweroff: ['destructive', 'powers the machine off'],
  reboot: ['destructive', 'reboots the machine'], halt: ['destructive', 'halts the machine'], kexec: ['destructive', 'reboots the machine'],
  suspend: ['destructive', 'suspends the machine'], hibernate: ['destructive', 'hibernates the machine'], rescue: ['destructive', 'enters rescue mode'],
  emergency: ['destructive', 'enters emergency mode'], 'switch-root': ['destructive', 'switches the root'], clean: ['destructive', 'removes unit state'],
  freeze: ['destructive', 'freezes a unit'], thaw: ['mutate', 'thaws a unit'],
};
const SYSTEMCTL_VALUE_FLAGS = new Set(['-H', '--host', '-M', '--machine', '-t', '--type', '-p', '--property', '-s', '--signal', '--state', '-n', '--lines', '-o', '--output', '--root', '--kill-whom', '--what']);

const SERVICE_ACTIONS: Table = {
  status: ['read', 'reads status'], start: ['mutate', 'starts a service'], reload: ['mutate', 'reloads a service'],
  'force-reload': ['destructive', 'restarts a service'], stop: ['destructive', 'stops a service'], restart: ['destructive', 'restarts a service'],
  'condrestart': ['destructive', 'restarts a service'], 'try-restart': ['destructive', 'restarts a service'], zap: ['destructive', 'resets a service'],
};

const ETCDCTL: Table = {
  get: ['read', 'reads keys'], watch: ['read', 'watches keys'], version: ['read', 'reads versions'], check: { perf: ['mutate', 'writes test keys'], datascale: ['mutate', 'writes test keys'] },
  endpoint: { health: ['read', 'checks health'], status: ['read', 'reads status'], hashkv: ['read', 'reads hashes'] },
  member: { list: ['read', 'lists members'], add: ['mutate', 'adds a member'], update: ['mutate', 'updates a member'], promote: ['mutate', 'promotes a learner'], remove: ['destructive', 'removes a member'] },
  alarm: { list: ['read', 'lists alarms'], disarm: ['mutate', 'disarms alarms'] },
  lease: { list: ['read', 'lists leases'], timetolive: ['read', 'reads a lease'], grant: ['mutate', 'grants a lease'], keepalive: ['mutate', 'keeps a lease alive'], revoke: ['destructive', 'revokes a lease (deletes its keys)'] },
  snapshot: { save: ['read', 'saves a snapshot'], status: ['read', 'reads a snapshot'], restore: ['destructive', 'restores a snapshot'] },
  user: { list: ['read', 'lists users'], get: ['read', 'reads a user'], add: ['mutate', 'adds a user'], delete: ['destructive', 'deletes a user'], 'grant-role': ['mutate', 'grants a role'], 'revoke-role': ['mutate', 'revokes a role'], passwd: ['mutate', 'changes a password'] },
  role: { list: ['read', 'lists roles'], get: ['read', 'reads a role'], add: ['mutate', 'adds a role'], delete: ['destructive', 'deletes a role'], 'grant-permission': ['mutate', 'grants a permission'], 'revoke-permission': ['mutate', 'revokes a permission'] },
  auth: { status: ['read', 'reads auth status'], enable: ['mutate', 'enables auth'], disable: ['mutate', 'disables auth'] },
  put: ['mutate', 'writes a key'], del: ['destructive', 'deletes keys'], txn: ['mutate', 'runs a transaction'], compaction: ['destructive', 'compacts history away'],
  defrag: ['destructive', 'defragments (blocks the member)'], 'move-leader': ['mutate', 'moves the leader'], lock: ['mutate', 'takes a lock'],
  elect: ['mutate', 'campaigns for leadership'], 'make-mirror': ['mutate', 'mirrors keys'], downgrade: ['destructive', 'downgrades the cluster'],
};
const ETCDCTL_VALUE_FLAGS = new Set(['--endpoints', '--cacert', '--cert', '--key', '--user', '--password', '-w', '--write-out', '--command-timeout', '--dial-timeout', '--keepalive-time', '--keepalive-timeout', '--discovery-srv']);

const VIRTCTL: Table = {
  version: ['read', 'reads versions'], guestosinfo: ['read', 'reads guest information'], fslist: ['read', 'lists file systems'],
  userlist: ['read', 'lists users'], console: ['read', 'opens a console'], vnc: ['read', 'opens a VNC viewer'], ssh: ['read', 'opens a shell'],
  scp: ['mutate', 'copies files'], 'port-forward': ['read', 'forwards a port'], start: ['mutate', 'starts a VM'], unpause: ['mutate', 'resumes a VM'],
  pause: ['mutate', 'pauses a VM'], migrate: ['mutate', 'migrates a VM'], 'migrate-cancel': ['mutate', 'cancels a migration'],
  expose: ['mutate', 'exposes a VM'], 'image-upload': ['mutate', 'uploads an image'], addvolume: ['mutate', 'adds a volume'],
  stop: ['destructive', 'stops a VM'], restart: ['destructive', 'restarts a VM'], 'soft-reboot': ['destructive', 'reboots a VM'],
  removevolume: ['destructive', 'removes a volume'], memorydump: ['mutate', 'dumps memory'],
};

const GITLAB_CTL: Table = {
  status: ['read', 'reads status'], tail: ['read', 'reads logs'], 'show-config': ['read', 'reads the configuration'],
  'service-list': ['read', 'lists services'], 'diff-config': ['read', 'compares the configuration'], help: ['read', 'shows help'],
  'check-config': ['read', 'checks the configuration'], 'get-redis-master': ['read', 'reads the Redis master'], 'patroni': { members: ['read', 'lists members'], check: ['read', 'checks'], failover: ['destructive', 'fails over'], switchover: ['destructive', 'switches over'] },
  reconfigure: ['mutate', 'reconfigures GitLab'], start: ['mutate', 'starts services'], hup: ['mutate', 'reloads services'],
  upgrade: ['mutate', 'upgrades GitLab'], 'renew-le-certs': ['mutate', 'renews certificates'], 'deploy-page': ['mutate', 'switches the deploy page'],
  'set-grafana-password': ['mutate', 'changes a password'], 'backup-etc': ['read', 'backs up configuration'], 'pg-upgrade': ['mutate', 'upgrades PostgreSQL'],
  stop: ['destructive', 'stops GitLab services'], restart: ['destructive', 'restarts GitLab services'], kill: ['destructive', 'kills GitLab services'],
  'graceful-kill': ['destructive', 'stops GitLab services'], cleanse: ['destructive', 'deletes all GitLab data'], 'remove-accounts': ['destructive', 'removes accounts'],
  uninstall: ['destructive', 'uninstalls GitLab'], 'revert-pg-upgrade': ['destructive', 'reverts a PostgreSQL upgrade'],
};

const GIT_READ = new Set(['status', 'log', 'diff', 'show', 'blame', 'grep', 'describe', 'rev-parse', 'rev-list', 'ls-files', 'ls-remote', 'ls-tree', 'shortlog', 'whatchanged', 'reflog', 'remote', 'config', 'help', 'version', 'cat-file', 'show-ref', 'for-each-ref', 'name-rev', 'bisect', 'fsck', 'count-objects', 'var', 'archive', 'format-patch', 'fetch', 'clone', 'worktree', 'submodule', 'stash', 'branch', 'tag', 'notes']);

const AWS_VALUE_FLAGS = new Set(['--region', '--profile', '--output', '--endpoint-url', '--query', '--color', '--ca-bundle', '--cli-connect-timeout', '--cli-read-timeout', '--cli-binary-format']);
const GENERIC_VALUE_FLAGS = new Set(['-n', '--namespace', '--region', '--profile', '--project', '--context', '-o', '--output', '--format', '-c', '--config', '--zone', '--subscription', '-g', '--resource-group', '--address', '--endpoint', '-H', '--host', '-p', '--port', '-u', '--user']);

const SCALE_TO_ZERO_FLAGS = ['--replicas', '--desired-count', '--desired-capacity', '--nodes', '--num-nodes', '--count', '--size', '--min-size', '--max-size', '--instances', '--capacity'];

function judgeTool(name: string, tool: Word, args: readonly Word[], cmd: SimpleCommand, shell: ShellKind): Judged {
  const certain = (v: Verdict, shown: readonly Word[] = []): Judged => ({ risk: v[0], reason: v[1], shown, certain: true });
  const dry = dryRun(args);
  const apply = (j: Judged): Judged => {
    // Flags that turn any command into a destructive one, and dry runs that turn any into a read.
    if (j.risk !== 'read' && dry) {
      return { risk: 'read', reason: 'dry run: changes nothing', shown: [...j.shown, dry], certain: true };
    }
    const force = args.find((w) => /^--force(?:-with-lease)?(?:=.*)?$/.test(w.text) || /^--grace-period=0$/.test(w.text) || w.text === '--prune');
    if (force && j.risk !== 'destructive' && j.risk !== 'read') {
      return { risk: 'destructive', reason: `${j.reason}, with ${force.text}`, shown: [...j.shown, force], certain: j.certain };
    }
    if (force && j.risk === 'read' && !READ_ONLY_TOOLS.has(name)) {
      return { risk: 'destructive', reason: `runs with ${force.text}`, shown: [force], certain: false };
    }
    return j;
  };

  if (KUBE_TOOLS.has(name)) {
    const pos = positionals(args, KUBECTL_VALUE_FLAGS);
    const j = lookup(KUBECTL, pos) ?? generic(pos, false);
    if (pos[0]?.text.toLowerCase() === 'scale') {
      const zero = scaleToZero(args);
      if (zero) {
        return apply(certain(['destructive', 'scales to zero replicas'], [pos[0], zero]));
      }
    }
    if (pos[0]?.text.toLowerCase() === 'taint' && args.some((w) => /:NoExecute-?$/.test(w.text) && !w.text.endsWith('-'))) {
      return apply(certain(['destructive', 'taints a node NoExecute (evicts its pods)'], [pos[0]]));
    }
    return apply(j);
  }
  if (name === 'helm') {
    const pos = positionals(args, new Set([...KUBECTL_VALUE_FLAGS, '--kube-context', '--version', '--values', '-f', '--set', '--set-string', '--repo']));
    return apply(lookup(HELM, pos) ?? generic(pos, false));
  }
  if (name === 'terraform' || name === 'tofu' || name === 'terragrunt') {
    const pos = positionals(args, new Set(['-var', '-var-file', '-target', '-state', '-out']));
    const j = lookup(TERRAFORM, pos) ?? generic(pos, false);
    return apply(j);
  }
  if (CONTAINER_TOOLS.has(name)) {
    const pos = positionals(args, DOCKER_VALUE_FLAGS);
    if (name.endsWith('-compose')) {
      return apply(lookupIn(CONTAINERS.compose as Readonly<Record<string, Verdict>>, pos) ?? generic(pos, false));
    }
    return apply(lookup(CONTAINERS, pos) ?? generic(pos, false));
  }
  if (name === 'crictl') {
    const pos = positionals(args, new Set(['-r', '--runtime-endpoint', '-i', '--image-endpoint', '-c', '--config', '--timeout', '-o', '--output', '--name', '--label', '--state', '--pod']));
    return apply(lookup(CRICTL, pos) ?? generic(pos, false));
  }
  if (name === 'ctr') {
    const pos = positionals(args, new Set(['-n', '--namespace', '-a', '--address']));
    return apply(generic(pos, true));
  }
  if (name === 'systemctl') {
    const pos = positionals(args, SYSTEMCTL_VALUE_FLAGS);
    if (!pos.length) {
      return certain(['read', 'lists units']);
    }
    return apply(lookup(SYSTEMCTL, pos) ?? { risk: 'mutate', reason: 'an unknown systemctl command', shown: [pos[0]], certain: false });
  }
  if (name === 'service' || name === 'rc-service' || /^\/etc\/(?:rc\.d\/)?init\.d\//.test(tool.text)) {
    const pos = positionals(args, new Set());
    const action = /^\/etc\//.test(tool.text) ? pos[0] : pos[1];
    if (!action) {
      return certain(['read', 'lists services']);
    }
    const v = lookupIn(SERVICE_ACTIONS as Readonly<Record<string, Verdict>>, [action]);
    return v ?? { risk: 'mutate', reason: `runs the ${action.text} action of a service`, shown: [action], certain: false };
  }
  if (name === 'journalctl') {
    const v = args.find((w) => /^--(?:vacuum-(?:size|time|files)|rotate|flush|relinquish-var|sync)/.test(w.text));
    return v ? certain(v.text.startsWith('--vacuum') ? ['destructive', 'deletes journal files'] : ['mutate', 'changes the journal'], [v]) : certain(['read', 'reads logs']);
  }
  if (name === 'etcdctl') {
    const pos = positionals(args, ETCDCTL_VALUE_FLAGS);
    return apply(lookup(ETCDCTL, pos) ?? generic(pos, false));
  }
  if (name === 'virtctl') {
    const pos = positionals(args, KUBECTL_VALUE_FLAGS);
    return apply(lookup(VIRTCTL, pos) ?? generic(pos, false));
  }
  if (name === 'gitlab-ctl') {
    const pos = positionals(args, new Set());
    return apply(lookup(GITLAB_CTL, pos) ?? { risk: 'mutate', reason: 'an unknown gitlab-ctl command', shown: pos.slice(0, 1), certain: false });
  }
  if (name === 'git') {
    return apply(judgeGit(args));
  }
  if (name === 'redis-cli' || name === 'valkey-cli' || name === 'keydb-cli') {
    return judgeRedisCli(args, cmd);
  }
  if (SQL_CLIENTS.has(name)) {
    return judgeSqlClient(name, args, cmd);
  }
  if (name === 'aws') {
    return apply(judgeAws(args));
  }
  if (name === 'curl' || name === 'http' || name === 'https' || name === 'xh') {
    return judgeHttp(name, args);
  }
  const builtin = judgeBuiltin(name, tool, args);
  if (builtin) {
    return builtin;
  }
  if (/^[A-Za-z]+-[A-Za-z]+$/.test(tool.text) && (shell === 'powershell' || /^[A-Z]/.test(tool.text))) {
    return judgeCmdlet(tool, args);
  }
  if (READ_ONLY_TOOLS.has(name)) {
    return { risk: 'read', reason: 'reads', shown: [], certain: true };
  }
  // A tool the model does not know: its subcommands, then its own name (`./restart-workers.sh`). For the CLIs that
  // name their commands `noun verb` (knife node delete, gcloud compute instances delete), the verb is known.
  const pos = positionals(args, GENERIC_VALUE_FLAGS);
  const found = generic(pos, true);
  const j = NOUN_VERB_TOOLS.has(name) && found.shown.length ? { ...found, certain: true } : found;
  if (j.risk === 'read' && j.reason === 'no known verb') {
    const own = verbRisk(name.replace(/\.(?:sh|bash|py|rb|pl)$/, ''));
    const flag = args.find((w) => /^--(?:delete|purge|drop|wipe|truncate|remove|destroy)(?:$|=|-)/.test(w.text));
    if (flag) {
      return apply({ risk: 'destructive', reason: `runs with ${flag.text}`, shown: [flag], certain: false });
    }
    const mut = args.find((w) => /^--(?:create|alter|execute|apply|add|set|reset-offsets|update)(?:$|=)/.test(w.text));
    if (mut) {
      return apply({ risk: 'mutate', reason: `runs with ${mut.text}`, shown: [mut], certain: false });
    }
    if (own && own[0] !== 'read') {
      return apply({ risk: own[0], reason: `${own[1]}, by its name`, shown: [], certain: false });
    }
  }
  const zero = pos.some((w) => verbRisk(w.text)?.[1] === 'scales') ? scaleToZero(args) : undefined;
  if (zero) {
    return apply({ risk: 'destructive', reason: 'scales to zero', shown: [...j.shown, zero], certain: false });
  }
  return apply(j);
}

/** Longest match of the first one or two subcommand words in `table`. */
function lookup(table: Table, pos: readonly Word[]): Judged | undefined {
  const first = pos[0]?.text.toLowerCase();
  if (first === undefined || !Object.hasOwn(table, first)) {
    return undefined;
  }
  const entry = table[first];
  if (Array.isArray(entry)) {
    return { risk: entry[0], reason: entry[1], shown: [pos[0]], certain: true };
  }
  const sub = lookupIn(entry as Readonly<Record<string, Verdict>>, pos.slice(1));
  if (sub) {
    return { ...sub, shown: [pos[0], ...sub.shown] };
  }
  const g = pos[1] ? verbRisk(pos[1].text) : undefined;
  if (g) {
    return { risk: g[0], reason: g[1], shown: [pos[0], pos[1]], certain: false };
  }
  return { risk: 'read', reason: 'reads', shown: [pos[0]], certain: false };
}

function lookupIn(table: Readonly<Record<string, Verdict>>, pos: readonly Word[]): Judged | undefined {
  const w = pos[0]?.text.toLowerCase();
  if (w === undefined || !Object.hasOwn(table, w)) {
    return undefined;
  }
  const v = table[w];
  return Array.isArray(v) ? { risk: v[0], reason: v[1], shown: [pos[0]], certain: true } : undefined;
}

/**
 * The first known verb among the first three subcommand-like words (before any that looks like an argument): a
 * guess, never `certain`. The words before it are shown too (`knife node delete`).
 */
function generic(pos: readonly Word[], strict: boolean): Judged {
  void strict;
  const path = pos.slice(0, 3);
  for (let k = 0; k < path.length; k++) {
    const w = path[k];
    if (/[/=.:@0-9]/.test(w.text) || w.dynamic) {
      break;
    }
    const v = verbRisk(w.text);
    if (v) {
      return { risk: v[0], reason: v[1], shown: path.slice(0, k + 1), certain: false };
    }
  }
  return { risk: 'read', reason: 'no known verb', shown: [], certain: false };
}

function scaleToZero(args: readonly Word[]): Word | undefined {
  for (let k = 0; k < args.length; k++) {
    const t = args[k].text;
    for (const f of SCALE_TO_ZERO_FLAGS) {
      if ((t === `${f}=0` || (t === f && args[k + 1]?.text === '0'))) {
        return args[k];
      }
    }
  }
  return undefined;
}

function judgeGit(args: readonly Word[]): Judged {
  const pos = positionals(args, new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace']));
  const sub = pos[0];
  if (!sub) {
    return { risk: 'read', reason: 'reads', shown: [], certain: true };
  }
  const s = sub.text.toLowerCase();
  const has = (...f: string[]) => args.find((w) => f.includes(w.text) || f.some((x) => x.startsWith('--') && w.text.startsWith(`${x}=`)));
  const short = (letters: string) => args.find((w) => /^-[A-Za-z]+$/.test(w.text) && [...letters].some((l) => w.text.includes(l)));
  const d = (reason: string, ...more: Word[]): Judged => ({ risk: 'destructive', reason, shown: [sub, ...more], certain: true });
  const m = (reason: string): Judged => ({ risk: 'mutate', reason, shown: [sub], certain: true });
  switch (s) {
    case 'reset': {
      const hard = has('--hard', '--merge', '--keep');
      return hard ? d('discards local changes', hard) : m('moves the branch');
    }
    case 'clean': {
      const f = short('f') ?? has('--force');
      return f ? d('deletes untracked files', f) : { risk: 'read', reason: 'lists what it would delete', shown: [sub], certain: true };
    }
    case 'push': {
      const f = has('--force', '--force-with-lease', '--delete', '--mirror', '--prune') ?? short('fd') ?? pos.slice(2).find((w) => w.text.startsWith(':') || w.text.startsWith('+'));
      return f ? d('overwrites or deletes remote history', f) : m('pushes commits');
    }
    case 'branch': {
      const f = has('--delete', '-d', '-D', '--force', '-f', '-M', '-C');
      return f ? d('deletes or overwrites a branch', f) : pos.length > 1 ? m('creates a branch') : { risk: 'read', reason: 'lists branches', shown: [sub], certain: true };
    }
    case 'tag': {
      const f = has('--delete', '-d', '--force', '-f');
      return f ? d('deletes or moves a tag', f) : pos.length > 1 ? m('creates a tag') : { risk: 'read', reason: 'lists tags', shown: [sub], certain: true };
    }
    case 'stash': {
      const a = pos[1]?.text;
      return a === 'drop' || a === 'clear' ? d('deletes stashed changes', pos[1]) : a === 'list' || a === 'show' ? { risk: 'read', reason: 'reads stashes', shown: [sub, pos[1]], certain: true } : m('stashes changes');
    }
    case 'checkout': case 'restore': {
      const f = has('--', '.', '--force', '-f', '--ours', '--theirs') ?? args.find((w) => w.text === '.');
      return s === 'restore' || f ? d('discards local changes', ...(f ? [f] : [])) : m('switches branch');
    }
    case 'gc': {
      const f = args.find((w) => w.text.startsWith('--prune'));
      return f ? d('prunes objects', f) : m('packs objects');
    }
    case 'reflog': {
      const a = pos[1]?.text;
      return a === 'expire' || a === 'delete' ? d('deletes reflog entries', pos[1]) : { risk: 'read', reason: 'reads the reflog', shown: [sub], certain: true };
    }
    case 'filter-branch': case 'filter-repo':
      return d('rewrites history');
    case 'update-ref':
      return has('-d') ? d('deletes a ref') : m('moves a ref');
    case 'remote': {
      const a = pos[1]?.text;
      return a === 'remove' || a === 'rm' || a === 'prune' ? d('removes a remote', pos[1]) : a === 'add' || a === 'set-url' || a === 'rename' ? m('changes remotes') : { risk: 'read', reason: 'reads remotes', shown: [sub], certain: true };
    }
    case 'config': {
      const w = has('--unset', '--unset-all', '--remove-section', '--add', '--replace-all');
      return w || (pos.length > 2 && !has('--get', '--get-all', '--list', '-l')) ? m('changes configuration') : { risk: 'read', reason: 'reads configuration', shown: [sub], certain: true };
    }
  }
  if (GIT_READ.has(s)) {
    return { risk: 'read', reason: 'reads', shown: [sub], certain: true };
  }
  return { risk: 'mutate', reason: 'changes the repository', shown: [sub], certain: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Redis and SQL: the command or statement decides, wherever it is (an argument, -c/-e, a here-document).

const REDIS_READ = new Set(('info get mget keys scan sscan hscan zscan ttl pttl type exists dbsize ping echo time lastsave role ' +
  'llen lrange lindex hget hmget hgetall hkeys hvals hlen hexists smembers scard sismember smismember srandmember zrange ' +
  'zrangebyscore zrevrange zrevrangebyscore zcard zscore zrank zrevrank zcount xlen xinfo xrange xrevrange xpending ' +
  'strlen getrange bitcount pfcount object memory latency monitor subscribe psubscribe pubsub command randomkey ' +
  'dump geopos geodist georadius geosearch hello auth select readonly wait lpos sintercard zrandmember quit').split(' '));
const REDIS_SUB_READ: Readonly<Record<string, readonly string[]>> = {
  slowlog: ['get', 'len', 'help'], client: ['list', 'info', 'getname', 'id', 'help', 'no-evict', 'trackinginfo', 'getredir'],
  config: ['get', 'help'], cluster: ['info', 'nodes', 'slots', 'shards', 'myid', 'keyslot', 'countkeysinslot', 'getkeysinslot', 'links', 'help', 'replicas', 'slaves'],
  memory: ['usage', 'stats', 'doctor', 'malloc-stats', 'help'], latency: ['latest', 'history', 'doctor', 'graph', 'help', 'histogram'],
  acl: ['list', 'users', 'whoami', 'getuser', 'cat', 'log', 'help'], script: ['exists', 'help'], function: ['list', 'dump', 'stats', 'help'],
  module: ['list', 'help'], xinfo: ['stream', 'groups', 'consumers', 'help'], object: ['encoding', 'freq', 'idletime', 'refcount', 'help'],
};
const REDIS_DESTRUCTIVE: Readonly<Record<string, string>> = {
  flushall: 'deletes every key', flushdb: 'deletes every key of the database', del: 'deletes keys', unlink: 'deletes keys',
  shutdown: 'shuts the server down', replicaof: 'changes replication', slaveof: 'changes replication', failover: 'fails over',
  swapdb: 'swaps databases', restore: 'overwrites a key', rename: 'overwrites a key', migrate: 'moves keys away', debug: 'runs a debug command',
  getdel: 'deletes a key', hdel: 'deletes fields', srem: 'removes members', zrem: 'removes members', lrem: 'removes elements',
  ltrim: 'trims a list', xdel: 'deletes entries', xtrim: 'trims a stream', zremrangebyscore: 'removes members', zremrangebyrank: 'removes members',
  expire: 'expires a key', pexpire: 'expires a key', expireat: 'expires a key', spop: 'removes members', lpop: 'removes elements', rpop: 'removes elements',
};
const REDIS_SUB_DESTRUCTIVE: Readonly<Record<string, readonly string[]>> = {
  client: ['kill', 'pause'], cluster: ['reset', 'forget', 'failover', 'delslots', 'flushslots'], script: ['flush', 'kill'],
  function: ['flush', 'delete', 'kill'], config: ['resetstat'], acl: ['deluser'], xgroup: ['destroy', 'delconsumer'],
};
const REDIS_VALUE_FLAGS = new Set(['-h', '-p', '-s', '-a', '-u', '-n', '-r', '-i', '-d', '-D', '--user', '--pass', '--askpass', '--sni', '--cacert', '--cacertdir', '--cert', '--key', '--tls-ciphers', '--tls-ciphersuites', '--eval', '--pattern', '--count', '--quoted-pattern', '--memkeys-samples', '--rdb', '--functions-rdb', '-t', '--replica', '--resp3']);

/** The risk of one Redis command line (`FLUSHALL`, `slowlog get 10`, `CONFIG SET maxmemory 2gb`). */
export function redisCommandRisk(words: readonly string[]): Verdict {
  const c = (words[0] ?? '').toLowerCase();
  const sub = (words[1] ?? '').toLowerCase();
  if (Object.hasOwn(REDIS_DESTRUCTIVE, c)) {
    return ['destructive', REDIS_DESTRUCTIVE[c]];
  }
  if (Object.hasOwn(REDIS_SUB_DESTRUCTIVE, c) && REDIS_SUB_DESTRUCTIVE[c].includes(sub)) {
    return ['destructive', `${c} ${sub}`];
  }
  if (Object.hasOwn(REDIS_SUB_READ, c)) {
    return REDIS_SUB_READ[c].includes(sub) ? ['read', 'reads'] : ['mutate', `changes the server (${c} ${sub})`.replace(' )', ')')];
  }
  if (REDIS_READ.has(c)) {
    return ['read', 'reads'];
  }
  return ['mutate', 'writes data'];
}

function judgeRedisCli(args: readonly Word[], cmd: SimpleCommand): Judged {
  const pos = positionals(args, REDIS_VALUE_FLAGS, false);
  if (!pos.length && !cmd.input.length) {
    const eval_ = hasFlag(args, '--eval');
    if (eval_) {
      return { risk: 'mutate', reason: 'runs a Lua script', shown: [eval_], certain: false };
    }
    return { risk: 'read', reason: args.length ? 'reads (interactive or a statistics mode)' : 'opens a Redis shell', shown: [], certain: true };
  }
  let worst: Judged | undefined;
  const consider = (words: readonly string[], shown: readonly Word[]) => {
    const v = redisCommandRisk(words);
    if (!worst || riskRank(v[0]) > riskRank(worst.risk)) {
      worst = { risk: v[0], reason: v[1], shown, certain: true };
    }
  };
  if (pos.length) {
    consider(pos.map((w) => w.text), pos.slice(0, 2));
  }
  for (const body of cmd.input) {
    for (const line of body.split('\n')) {
      const t = line.trim();
      if (t && !t.startsWith('#')) {
        consider(t.split(/\s+/), []);
      }
    }
  }
  return worst ?? { risk: 'read', reason: 'reads', shown: [], certain: true };
}

const SQL_CLIENTS = new Set(['psql', 'mysql', 'mariadb', 'sqlite3', 'sqlite', 'clickhouse-client', 'clickhouse', 'cockroach', 'sqlcmd', 'cqlsh', 'mongo', 'mongosh', 'pgcli', 'mycli', 'duckdb', 'trino', 'presto', 'bq', 'snowsql']);

function judgeSqlClient(name: string, args: readonly Word[], cmd: SimpleCommand): Judged {
  const scripts: { sql: string; word?: Word }[] = [];
  const flags = name === 'psql' || name === 'pgcli' ? ['-c', '--command'] : name === 'sqlcmd' ? ['-Q', '-q'] : name === 'cqlsh' ? ['-e', '--execute'] : name === 'mongo' || name === 'mongosh' ? ['--eval'] : name === 'bq' ? [] : ['-e', '--execute', '-q', '--query', '-c'];
  for (let k = 0; k < args.length; k++) {
    const t = args[k].text;
    for (const f of flags) {
      if (t === f && args[k + 1]) {
        scripts.push({ sql: args[k + 1].text, word: args[k + 1] });
      } else if (f.startsWith('--') && t.startsWith(`${f}=`)) {
        scripts.push({ sql: t.slice(f.length + 1), word: args[k] });
      } else if (!f.startsWith('--') && t.startsWith(f) && t.length > f.length && f.length === 2 && (name === 'psql' || name === 'mysql' || name === 'mariadb')) {
        scripts.push({ sql: t.slice(2), word: args[k] }); // -c"…"
      }
    }
  }
  if (name === 'sqlite3' || name === 'sqlite' || name === 'duckdb' || name === 'bq') {
    // sqlite3 DB "SQL", bq query "SQL"
    const pos = positionals(args, new Set(['-cmd', '-separator', '--format', '--project_id', '--location']));
    const last = pos[name === 'bq' ? 1 : 1];
    if (last) {
      scripts.push({ sql: last.text, word: last });
    }
  }
  for (const body of cmd.input) {
    scripts.push({ sql: body });
  }
  const file = hasFlag(args, '-f', '--file', '-i', '--init-command', '--source');
  if (!scripts.length) {
    return file ? { risk: 'mutate', reason: 'runs a SQL file', shown: [file], certain: false } : { risk: 'read', reason: 'opens a database shell', shown: [], certain: true };
  }
  let worst: Judged | undefined;
  for (const s of scripts) {
    const v = name === 'mongo' || name === 'mongosh' ? mongoRisk(s.sql) : sqlRisk(s.sql);
    if (!worst || riskRank(v.risk) > riskRank(worst.risk)) {
      worst = { risk: v.risk, reason: v.reason, shown: s.word ? [{ ...s.word, text: v.what }] : [], certain: v.certain };
    }
  }
  return worst!;
}

/** Risk of a SQL text: the worst of its statements. */
export function sqlRisk(sql: string): { risk: Risk; reason: string; what: string; certain: boolean } {
  let worst = { risk: 'read' as Risk, reason: 'reads', what: 'SELECT', certain: true };
  for (const stmt of sqlStatements(sql)) {
    const v = statementRisk(stmt);
    if (riskRank(v.risk) > riskRank(worst.risk)) {
      worst = v;
    }
  }
  return worst;
}

/** Statements of a SQL text, comments and string contents blanked (one linear pass). */
function sqlStatements(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i];
    if (c === '\'' || c === '"' || c === '`') {
      const close = sql.indexOf(c, i + 1);
      const end = close === -1 ? n : close + 1;
      cur += c === '\'' ? "''" : sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? n : nl;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
    } else if (c === '$' && sql[i + 1] === '$') {
      const close = sql.indexOf('$$', i + 2);
      i = close === -1 ? n : close + 2;
      cur += '$$';
    } else if (c === ';') {
      out.push(cur);
      cur = '';
      i++;
    } else if (c === '\\' && /^\s*$/.test(cur)) {
      // psql meta-command: `\dt`, `\x`, `\c db` — to the end of the line.
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? n : nl;
    } else {
      cur += c;
      i++;
    }
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

const SQL_FUNCTIONS_DESTRUCTIVE = /\b(pg_terminate_backend|pg_cancel_backend|pg_drop_replication_slot|pg_promote|pg_wal_replay_pause|pg_rotate_logfile|lo_unlink)\s*\(/i;

const SQL_FUNCTIONS_MUTATING = /\b(pg_reload_conf|pg_wal_replay_resume|pg_switch_wal|pg_create_restore_point|pg_create_(?:physical|logical)_replication_slot|setval|nextval|pg_stat_reset\w*|pg_advisory_lock|set_config)\s*\(/i;

function statementRisk(stmt: string): { risk: Risk; reason: string; what: string; certain: boolean } {
  const words = stmt.split(/\s+/, 4).map((w) => w.toUpperCase().replace(/[^A-Z_]/g, ''));
  let [a, b] = words;
  if (a === 'EXPLAIN') {
    if (b !== 'ANALYZE' && b !== 'ANALYSE') {
      return { risk: 'read', reason: 'reads', what: 'EXPLAIN', certain: true };
    }
    return statementRisk(stmt.replace(/^\s*explain\s+analy[sz]e\s*/i, ''));
  }
  if (a === 'WITH') {
    // WITH … the statement after the CTEs decides; a data-modifying CTE shows its verb inside.
    const m = /\b(DELETE|UPDATE|INSERT|MERGE)\b/i.exec(stmt);
    a = m ? m[1].toUpperCase() : 'SELECT';
    b = '';
  }
  const what = [a, b].filter(Boolean).join(' ');
  const fn = SQL_FUNCTIONS_DESTRUCTIVE.exec(stmt);
  if (fn) {
    return { risk: 'destructive', reason: `calls ${fn[1]}`, what: fn[1], certain: true };
  }
  const mfn = SQL_FUNCTIONS_MUTATING.exec(stmt);
  if (mfn && a === 'SELECT') {
    return { risk: 'mutate', reason: `calls ${mfn[1]}`, what: mfn[1], certain: true };
  }
  switch (a) {
    case 'SELECT':
      return /\bINTO\b/i.test(stmt) && !/\bINTO\s+(?:OUTFILE|DUMPFILE)\b/i.test(stmt) ? { risk: 'mutate', reason: 'creates a table', what: 'SELECT INTO', certain: true } : { risk: 'read', reason: 'reads', what: 'SELECT', certain: true };
    case 'SHOW': case 'DESCRIBE': case 'DESC': case 'VALUES': case 'TABLE': case 'USE': case 'BEGIN': case 'START': case 'COMMIT': case 'END':
    case 'ROLLBACK': case 'SAVEPOINT': case 'RELEASE': case 'SET': case 'RESET_SESSION': case 'PREPARE': case 'FETCH': case 'DECLARE': case 'CLOSE':
    case 'LISTEN': case 'UNLISTEN': case 'HELP': case 'STATUS': case 'PRAGMA': case 'CHECK': case 'CHECKSUM': case 'DISCARD':
      if (a === 'SET' && (b === 'GLOBAL' || b === 'PERSIST')) {
        return { risk: 'mutate', reason: 'changes server settings', what, certain: true };
      }
      return { risk: 'read', reason: 'reads', what: a, certain: true };
    case 'COPY':
      return /\bFROM\b/i.test(stmt) && !/\bTO\b/i.test(stmt) ? { risk: 'mutate', reason: 'loads data', what: 'COPY FROM', certain: true } : { risk: 'read', reason: 'exports data', what: 'COPY', certain: true };
    case 'DROP':
      return { risk: 'destructive', reason: `drops a ${(b || 'object').toLowerCase()}`, what, certain: true };
    case 'TRUNCATE':
      return { risk: 'destructive', reason: 'deletes every row', what: 'TRUNCATE', certain: true };
    case 'DELETE':
      return { risk: 'destructive', reason: /\bWHERE\b/i.test(stmt) ? 'deletes rows' : 'deletes every row', what: 'DELETE FROM', certain: true };
    case 'UPDATE':
      return /\bWHERE\b/i.test(stmt) ? { risk: 'mutate', reason: 'updates rows', what: 'UPDATE', certain: true } : { risk: 'destructive', reason: 'updates every row', what: 'UPDATE', certain: true };
    case 'KILL': case 'SHUTDOWN': case 'PURGE':
      return { risk: 'destructive', reason: a === 'KILL' ? 'kills a connection or query' : a === 'SHUTDOWN' ? 'shuts the server down' : 'purges logs', what, certain: true };
    case 'RESET':
      return { risk: b === 'MASTER' || b === 'SLAVE' || b === 'REPLICA' || b === 'BINARY' ? 'destructive' : 'read', reason: 'resets', what, certain: true };
    case 'STOP':
      return { risk: 'destructive', reason: 'stops replication', what, certain: true };
    case 'ALTER':
      return b === 'SYSTEM' || b === 'USER' || b === 'ROLE' ? { risk: 'mutate', reason: 'changes settings', what, certain: true } : /\bDROP\b/i.test(stmt) ? { risk: 'destructive', reason: 'drops part of a table', what: `${what} … DROP`, certain: true } : { risk: 'mutate', reason: 'changes the schema', what, certain: true };
    case 'INSERT': case 'REPLACE': case 'MERGE': case 'UPSERT': case 'CREATE': case 'GRANT': case 'REVOKE': case 'VACUUM': case 'ANALYZE':
    case 'ANALYSE': case 'REINDEX': case 'CLUSTER': case 'REFRESH': case 'CALL': case 'DO': case 'LOCK': case 'FLUSH': case 'OPTIMIZE':
    case 'REPAIR': case 'LOAD': case 'COMMENT': case 'SECURITY': case 'NOTIFY': case 'CHECKPOINT': case 'INSTALL': case 'UNINSTALL': case 'RENAME':
    case 'IMPORT': case 'ATTACH': case 'DETACH': case 'SYSTEM': case 'OPTIMIZE_TABLE':
      return { risk: 'mutate', reason: a === 'FLUSH' ? 'flushes caches or logs' : 'changes the database', what, certain: true };
  }
  return { risk: 'mutate', reason: 'runs a statement not known to be read-only', what: a || '?', certain: false };
}

function mongoRisk(js: string): { risk: Risk; reason: string; what: string; certain: boolean } {
  const d = /\.(dropDatabase|drop|deleteMany|deleteOne|remove|findOneAndDelete|dropIndex|dropIndexes|dropUser|shutdownServer|stepDown)\s*\(/.exec(js);
  if (d) {
    return { risk: 'destructive', reason: 'deletes data', what: d[1], certain: true };
  }
  const m = /\.(insert\w*|update\w*|replaceOne|createIndex|createCollection|createUser|renameCollection|findOneAndUpdate|findOneAndReplace|bulkWrite|adminCommand|runCommand)\s*\(/.exec(js);
  if (m) {
    return { risk: 'mutate', reason: 'changes data', what: m[1], certain: m[1] !== 'adminCommand' && m[1] !== 'runCommand' };
  }
  return { risk: 'read', reason: 'reads', what: 'eval', certain: false };
}

function judgeAws(args: readonly Word[]): Judged {
  const pos = positionals(args, AWS_VALUE_FLAGS);
  const service = pos[0];
  const op = pos[1];
  if (!service || !op) {
    return { risk: 'read', reason: 'reads', shown: pos.slice(0, 1), certain: false };
  }
  if (service.text === 's3') {
    const v: Record<string, Verdict> = { ls: ['read', 'lists objects'], presign: ['read', 'signs a URL'], cp: ['mutate', 'copies objects'], mv: ['mutate', 'moves objects'], mb: ['mutate', 'creates a bucket'], sync: ['mutate', 'syncs objects'], rm: ['destructive', 'deletes objects'], rb: ['destructive', 'deletes a bucket'], website: ['mutate', 'configures a bucket'] };
    const hit = v[op.text] ?? ['mutate', 'an s3 command'];
    const del = op.text === 'sync' ? hasFlag(args, '--delete') : undefined;
    return del ? { risk: 'destructive', reason: 'syncs and deletes objects', shown: [service, op, del], certain: true } : { risk: hit[0], reason: hit[1], shown: [service, op], certain: true };
  }
  const verb = op.text.split('-')[0].toLowerCase();
  const AWS_EXTRA: Record<string, Verdict> = {
    describe: ['read', 'reads'], list: ['read', 'reads'], get: ['read', 'reads'], head: ['read', 'reads'], lookup: ['read', 'reads'], search: ['read', 'reads'],
    scan: ['read', 'reads'], query: ['read', 'reads'], batch: ['mutate', 'changes resources'], filter: ['read', 'reads'], tail: ['read', 'reads logs'],
    wait: ['read', 'waits'], help: ['read', 'reads'], estimate: ['read', 'reads'], simulate: ['read', 'reads'], test: ['read', 'reads'], validate: ['read', 'reads'],
  };
  const v = Object.hasOwn(AWS_EXTRA, verb) ? AWS_EXTRA[verb] : verbRisk(verb);
  if (!v) {
    return { risk: 'mutate', reason: `an AWS operation not known to be read-only`, shown: [service, op], certain: false };
  }
  const zero = scaleToZero(args);
  if (zero && v[0] !== 'read') {
    return { risk: 'destructive', reason: 'scales to zero', shown: [service, op, zero], certain: true };
  }
  return { risk: v[0], reason: `${v[1]} ${service.text} resources`.replace('reads reads', 'reads'), shown: [service, op], certain: true };
}

function judgeHttp(name: string, args: readonly Word[]): Judged {
  let method: { value: string; word: Word } | undefined;
  if (name === 'curl') {
    method = flagValue(args, '-X', '--request');
    if (!method) {
      const m = args.find((w) => /^-X[A-Z]+$/.test(w.text));
      method = m ? { value: m.text.slice(2), word: m } : undefined;
    }
  } else {
    const pos = positionals(args, new Set(['-a', '--auth', '-v']));
    if (pos[0] && /^[A-Z]+$/.test(pos[0].text)) {
      method = { value: pos[0].text, word: pos[0] };
    }
  }
  const m = method?.value.toUpperCase();
  if (m === 'DELETE') {
    return { risk: 'destructive', reason: 'sends an HTTP DELETE', shown: [method!.word], certain: true };
  }
  if (m && m !== 'GET' && m !== 'HEAD' && m !== 'OPTIONS') {
    return { risk: 'mutate', reason: `sends an HTTP ${m}`, shown: [method!.word], certain: true };
  }
  const data = name === 'curl' ? hasFlag(args, '-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--json', '-F', '--form', '-T', '--upload-file') : undefined;
  const get = args.some((w) => w.text === '--get' || /^-[A-Za-z]*G[A-Za-z]*$/.test(w.text)); // -G: the data goes in the URL
  if (data && !m && !get) {
    return { risk: 'mutate', reason: 'sends data (an HTTP POST)', shown: [data], certain: true };
  }
  return { risk: 'read', reason: 'reads a URL', shown: [], certain: true };
}

/** Shell built-ins and the classic system commands. */
function judgeBuiltin(name: string, tool: Word, args: readonly Word[]): Judged | undefined {
  const d = (reason: string, ...shown: Word[]): Judged => ({ risk: 'destructive', reason, shown, certain: true });
  const m = (reason: string, ...shown: Word[]): Judged => ({ risk: 'mutate', reason, shown, certain: true });
  const r = (reason: string): Judged => ({ risk: 'read', reason, shown: [], certain: true });
  const shortHas = (letters: string) => args.find((w) => /^-[A-Za-z]+$/.test(w.text) && [...letters].some((l) => w.text.includes(l)));
  switch (name) {
    case 'rm': {
      const rec = shortHas('rR') ?? hasFlag(args, '--recursive');
      return rec ? d('removes files recursively', rec) : m('removes files');
    }
    case 'rmdir': case 'unlink': return m('removes files');
    case 'shred': case 'wipefs': case 'blkdiscard': case 'sgdisk': case 'parted': case 'fdisk': case 'gdisk': case 'sfdisk': case 'mkswap':
      return d('overwrites disks or files');
    case 'dd': {
      const of = args.find((w) => w.text.startsWith('of='));
      return of ? d('overwrites its output file or device', of) : r('reads');
    }
    case 'truncate': return d('truncates files');
    case 'mv': return m('moves or renames files (may overwrite)');
    case 'cp': case 'install': case 'ln': case 'rsync': case 'scp': case 'touch': case 'mkdir': case 'chmod': case 'chown': case 'chgrp':
    case 'chattr': case 'setfacl': case 'patch': case 'tar': case 'unzip': case 'gunzip': case 'gzip':
      if (name === 'rsync') {
        const del = args.find((w) => /^--delete/.test(w.text));
        if (del) {
          return d('copies and deletes files', del);
        }
      }
      if (name === 'tar' && !args.some((w) => /^-?[a-zA-Z]*[xcru]/.test(w.text) || /^--(?:extract|create|append|update|get)/.test(w.text))) {
        return r('lists an archive');
      }
      return m('writes files');
    case 'tee': {
      const files = positionals(args, new Set()).filter((w) => w.text !== '/dev/null' && w.text !== '/dev/stdout' && w.text !== '/dev/stderr');
      return files.length ? m('writes files', files[0]) : r('copies its input');
    }
    case 'sed': case 'perl': case 'yq': {
      const inPlace = args.find((w) => /^-[a-zA-Z]*i/.test(w.text) || w.text.startsWith('--in-place'));
      return inPlace ? m('edits files in place', inPlace) : r('reads');
    }
    case 'find': {
      const del = args.find((w) => w.text === '-delete');
      return del ? d('deletes the files it finds', del) : r('finds files');
    }
    case 'kill': case 'pkill': case 'killall': case 'skill': {
      if (args.some((w) => w.text === '-0' || w.text === '-l' || w.text === '-L' || w.text === '--list')) {
        return r('checks processes');
      }
      return d('kills processes');
    }
    case 'shutdown': case 'reboot': case 'poweroff': case 'halt': case 'telinit':
      return d(`${name === 'telinit' ? 'changes the runlevel' : 'shuts down or reboots the machine'}`);
    case 'init': {
      const lvl = args[0]?.text;
      return lvl === '0' || lvl === '6' || lvl === '1' ? d('shuts down or reboots the machine', args[0]) : undefined;
    }
    case 'crontab': {
      const f = args.find((w) => w.text === '-r');
      return f ? d('deletes the crontab', f) : args.some((w) => w.text === '-l') ? r('lists the crontab') : m('edits the crontab');
    }
    case 'iptables': case 'ip6tables': case 'nft': case 'ufw': case 'firewall-cmd': {
      const flush = args.find((w) => /^-(?:F|X|D|Z)$/.test(w.text) || /^--(?:flush|delete|delete-chain|remove)/.test(w.text) || w.text === 'flush' || w.text === 'delete' || w.text === 'disable' || w.text === 'reset');
      if (flush) {
        return d('deletes firewall rules', flush);
      }
      const add = args.find((w) => /^-(?:A|I|P|N|R)$/.test(w.text) || /^--(?:append|insert|policy|add|permanent|reload)/.test(w.text) || ['add', 'insert', 'allow', 'deny', 'enable', 'replace', 'reject', 'limit'].includes(w.text));
      return add ? m('changes firewall rules', add) : r('lists firewall rules');
    }
    case 'ip': {
      const pos = positionals(args, new Set(['-n', '-netns', '-f', '-family']));
      const down = args.find((w) => w.text === 'down');
      if (down) {
        return d('takes an interface down', down);
      }
      const verb = pos.slice(1, 3).find((w) => /^(?:add|del|delete|flush|set|change|replace|append)$/.test(w.text));
      return verb ? (/^(?:del|delete|flush)$/.test(verb.text) ? d('deletes network configuration', verb) : m('changes network configuration', verb)) : r('reads network configuration');
    }
    case 'ifdown': case 'ifconfig': {
      const down = args.find((w) => w.text === 'down');
      return name === 'ifdown' || down ? d('takes an interface down', ...(down ? [down] : [])) : args.length > 1 ? m('changes an interface') : r('reads interfaces');
    }
    case 'mount': return args.length ? m('mounts a file system') : r('lists mounts');
    case 'umount': case 'swapoff': case 'swapon': return m(`${name === 'umount' ? 'unmounts a file system' : 'changes swap'}`);
    case 'mkfs': return d('formats a file system');
    case 'fsck': case 'xfs_repair': case 'e2fsck': return d('repairs a file system');
    case 'resize2fs': case 'xfs_growfs': case 'growpart': case 'lvextend': case 'lvresize': case 'pvresize': return m('resizes a volume');
    case 'lvremove': case 'vgremove': case 'pvremove': return d('removes a volume');
    case 'sysctl': {
      const w = args.find((x) => x.text === '-w' || (/^[a-z0-9_.]+=/.test(x.text))) ?? args.find((x) => x.text === '-p' || x.text === '--system');
      return w ? m('changes kernel settings', w) : r('reads kernel settings');
    }
    case 'apt': case 'apt-get': case 'yum': case 'dnf': case 'zypper': case 'apk': case 'brew': case 'snap': case 'pip': case 'pip3': case 'npm': case 'gem': case 'dpkg': case 'rpm': {
      const pos = positionals(args, new Set(['-c', '-o']));
      const sub = pos[0];
      const flag = args.find((w) => /^-[A-Za-z]*[ePr]$/.test(w.text) && (name === 'dpkg' || name === 'rpm'));
      if (flag && /[Pr]$/.test(flag.text)) {
        return d('removes packages', flag);
      }
      if (!sub) {
        return flag || args.some((w) => /^-[a-zA-Z]*[iU]/.test(w.text)) && (name === 'dpkg' || name === 'rpm') ? m('installs packages') : r('reads packages');
      }
      const s = sub.text.toLowerCase();
      if (/^(?:remove|purge|erase|autoremove|uninstall|del|rm|clean|autoclean)$/.test(s)) {
        return d('removes packages', sub);
      }
      if (/^(?:list|search|show|info|policy|depends|rdepends|history|check-update|outdated|ls|view|audit|why|query|provides|whatprovides|repolist|madison|doctor|config|freeze)$/.test(s)) {
        return { risk: 'read', reason: 'reads packages', shown: [sub], certain: true };
      }
      return m('installs or upgrades packages', sub);
    }
    case 'useradd': case 'usermod': case 'groupadd': case 'passwd': case 'chpasswd': case 'hostnamectl': case 'timedatectl': case 'localectl': case 'update-alternatives': case 'modprobe': case 'insmod':
      if ((name === 'hostnamectl' || name === 'timedatectl' || name === 'localectl') && !args.some((w) => /^set-/.test(w.text))) {
        return r('reads settings');
      }
      return m('changes the system');
    case 'userdel': case 'groupdel': case 'rmmod': return d('removes it');
    case 'docker-machine': return undefined;
  }
  if (name.startsWith('mkfs.')) {
    return d('formats a file system');
  }
  void tool;
  return undefined;
}

/** PowerShell cmdlets, by verb. */
function judgeCmdlet(tool: Word, args: readonly Word[]): Judged {
  const [verb, noun] = tool.text.split('-');
  const v = verb.toLowerCase();
  const n = noun.toLowerCase();
  const destructive = new Set(['remove', 'stop', 'clear', 'uninstall', 'disable', 'dismount', 'reset', 'suspend', 'unregister', 'revoke', 'disconnect', 'unpublish', 'block', 'deny']);
  const mutating = new Set(['set', 'new', 'add', 'start', 'enable', 'install', 'update', 'invoke', 'move', 'rename', 'copy', 'import', 'register', 'resume', 'push', 'publish', 'send', 'restore', 'mount', 'initialize', 'grant', 'unblock', 'approve', 'save', 'sync', 'edit', 'lock', 'unlock', 'connect', 'rename', 'out', 'write', 'use', 'enter', 'exit', 'join', 'merge', 'redo', 'undo', 'submit', 'switch', 'protect', 'unprotect', 'deploy', 'build', 'complete', 'optimize', 'repair', 'expand', 'compress', 'checkpoint', 'convert']);
  if (v === 'restart' || (v === 'format' && n === 'volume')) {
    return { risk: 'destructive', reason: v === 'restart' ? 'restarts (interrupts)' : 'formats a volume', shown: [], certain: true };
  }
  if (destructive.has(v)) {
    return { risk: 'destructive', reason: `${v}${v.endsWith('s') ? 'es' : 's'} ${n}`, shown: [], certain: true };
  }
  if (mutating.has(v) && !(v === 'out' && (n === 'host' || n === 'null' || n === 'string' || n === 'default')) && !(v === 'write' && (n === 'output' || n === 'host' || n === 'verbose' || n === 'warning' || n === 'error' || n === 'debug' || n === 'information' || n === 'progress'))) {
    return { risk: 'mutate', reason: `${v === 'new' ? 'creates' : v === 'set' ? 'sets' : `${v}s`} ${n}`, shown: [], certain: true };
  }
  void args;
  return { risk: 'read', reason: 'reads', shown: [], certain: true };
}

/** A redirection that overwrites a file: local scratch files (relative, /tmp, /dev/null) do not count. */
function writeRisk(target: Word): Verdict | undefined {
  const t = target.text;
  if (!t.startsWith('/') || /^\/(?:tmp|var\/tmp|dev\/(?:null|stdout|stderr|fd\/\d+|tty))(?:\/|$)/.test(t)) {
    return undefined;
  }
  if (/^\/dev\/(?:sd|nvme|xvd|vd|hd|mmcblk|dm-|mapper\/|disk\/)/.test(t)) {
    return ['destructive', 'overwrites a disk'];
  }
  return ['mutate', `writes ${t}`];
}
