// Which targets a command talks to, from its tools (kubectl/oc/helm/k9s… → kube, aws, gcloud/gsutil/bq, az), and the
// target flags written in the command itself (`--context`, `-n`, `--profile`, `--region`, `--project`,
// `--subscription`…), which win over the terminal's configuration. A deliberately small shell reader: words, quotes,
// and the operators that start a new command; placeholders are opaque (their values cannot change the reading).
import { cleanName } from './environment';
import type { TargetKind } from './model';

export interface Invocation {
  readonly tool: string;
  readonly kind: TargetKind;
  /** A command that changes the target itself (`kubectl config use-context`, `oc project`, `kubectx`): not guarded. */
  readonly switches: boolean;
  /** Flags from the command. `null`: given, but its value is not known (an unfilled placeholder, `$VAR`). */
  readonly context?: string | null;
  readonly namespace?: string | null;
  readonly allNamespaces?: boolean;
  readonly kubeconfig?: string | null;
  readonly profile?: string | null;
  readonly region?: string | null;
  readonly project?: string | null;
  readonly subscription?: string | null;
}

const TOOLS: Readonly<Record<string, TargetKind>> = {
  kubectl: 'kube', oc: 'kube', helm: 'kube', k9s: 'kube', stern: 'kube', kubectx: 'kube', kubens: 'kube', flux: 'kube',
  aws: 'aws', eksctl: 'aws',
  gcloud: 'gcloud', gsutil: 'gcloud', bq: 'gcloud',
  az: 'azure',
};

/** Subcommands that never talk to a cluster. */
const OFFLINE: Readonly<Record<string, RegExp>> = { helm: /^(?:template|lint|package|repo|search|show|inspect|create|version|env|completion|dependency|plugin)$/ };

const WRAPPERS = new Set(['sudo', 'time', 'nice', 'env', 'command', 'exec', 'watch', 'timeout', 'xargs', 'nohup', 'stdbuf', 'doas']);

const HOLE = '\u0000';

/** Words per simple command: `a | b; c && $(d)` → [[a], [b], [c], [d]]. Quotes removed. */
export function simpleCommands(text: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) {
      words.push(word);
    }
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length) {
      out.push(words);
    }
    words = [];
  };
  const stack: ('dq' | 'paren')[] = [];
  /** Read a "…" body from `from`; returns the index of its closing quote, or of the `(` of a `$(` inside it. */
  const double = (from: number): number => {
    let j = from;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\' && j + 1 < text.length) {
        j++;
      } else if (text[j] === '$' && text[j + 1] === '(') {
        break;
      }
    }
    word += text.slice(from, j).replace(/\\(.)/g, '$1');
    inWord = true;
    if (text[j] === '$') {
      endCommand();
      stack.push('dq');
      return j + 1;
    }
    return j;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      if (text[i + 1] !== '\n') {
        word += text[i + 1];
        inWord = true;
      }
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end === -1 ? undefined : end);
      inWord = true;
      i = end === -1 ? text.length : end;
    } else if (c === '"') {
      i = double(i + 1);
    } else if (c === ')' && stack.length) {
      endCommand();
      if (stack.pop() === 'dq') {
        i = double(i + 1); // back inside the "…" that held the $(…)
      }
    } else if (c === '#' && !inWord) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl - 1;
    } else if (/[\s]/.test(c)) {
      if (c === '\n') {
        endCommand();
      } else {
        endWord();
      }
    } else if ('|&;()`'.includes(c) || (c === '$' && text[i + 1] === '(')) {
      endCommand();
      if (c === '$') {
        i++;
        stack.push('paren');
      } else if (c === '(') {
        stack.push('paren');
      }
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return out;
}

/**
 * The invocations of target-talking tools in `command`. `values` fills placeholders (`{{name}}`, `{{ $labels.name }}`,
 * `{{ .Labels.name }}`) for reading flags only; a flag whose value is an unfilled placeholder or a `$VAR` is `null`.
 */
export function findInvocations(command: string, values: Readonly<Record<string, string>> = {}): Invocation[] {
  const filled: string[] = [];
  const text = command.replace(/\{\{\s*(?:\$labels\.|\.Labels\.)?([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, name: string) => {
    filled.push(Object.hasOwn(values, name) ? values[name] : '');
    return `${HOLE}${filled.length - 1}${HOLE}`;
  });
  const resolve = (w: string | undefined): string | null | undefined => {
    if (w === undefined) {
      return undefined;
    }
    if (w.includes('$')) {
      return null;
    }
    let unknown = false;
    const v = w.replace(new RegExp(`${HOLE}(\\d+)${HOLE}`, 'g'), (_m, n: string) => {
      const value = filled[Number(n)];
      if (!value) {
        unknown = true;
      }
      return value;
    });
    return unknown ? null : cleanName(v) ?? null;
  };
  const out: Invocation[] = [];
  for (const words of simpleCommands(text)) {
    let i = 0;
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) {
      i++; // FOO=bar kubectl …
    }
    while (i < words.length && WRAPPERS.has(base(words[i]))) {
      i++;
      while (i < words.length && (words[i].startsWith('-') || /^\d+[smhd]?$/.test(words[i]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]))) {
        i++;
      }
    }
    const tool = i < words.length ? base(words[i]) : '';
    const kind = Object.hasOwn(TOOLS, tool) ? TOOLS[tool] : undefined;
    if (!kind) {
      continue;
    }
    const args = words.slice(i + 1);
    const flag = (...names: string[]): string | null | undefined => {
      let found: string | null | undefined;
      for (let k = 0; k < args.length; k++) {
        const a = args[k];
        for (const n of names) {
          if (a === n) {
            found = resolve(args[k + 1]) ?? null;
          } else if (a.startsWith(`${n}=`)) {
            found = resolve(a.slice(n.length + 1));
          } else if (n === '-n' && a.startsWith('-n') && a.length > 2 && !a.startsWith('--')) {
            found = resolve(a.slice(2)); // kubectl -npayments
          }
        }
      }
      return found;
    };
    const positional = args.filter((a) => !a.startsWith('-'));
    const sub = positional[0] ?? '';
    if (Object.hasOwn(OFFLINE, tool) && OFFLINE[tool].test(sub)) {
      continue;
    }
    const switches = tool === 'kubectx' || tool === 'kubens'
      || ((tool === 'kubectl' || tool === 'oc') && sub === 'config')
      || (tool === 'oc' && (sub === 'project' || sub === 'login'))
      || (tool === 'gcloud' && sub === 'config')
      || (tool === 'az' && (sub === 'account' || sub === 'login'))
      || (tool === 'aws' && sub === 'configure');
    const inv: { -readonly [K in keyof Invocation]: Invocation[K] } = { tool, kind, switches };
    if (kind === 'kube') {
      const context = flag(tool === 'helm' ? '--kube-context' : '--context');
      const namespace = flag('-n', '--namespace');
      const kubeconfig = flag('--kubeconfig');
      if (context !== undefined) {
        inv.context = context;
      }
      if (namespace !== undefined) {
        inv.namespace = namespace;
      }
      if (kubeconfig !== undefined) {
        inv.kubeconfig = kubeconfig;
      }
      if (args.some((a) => a === '-A' || a === '--all-namespaces' || a === '--all-namespaces=true')) {
        inv.allNamespaces = true;
      }
    } else if (kind === 'aws') {
      const profile = flag('--profile');
      const region = flag('--region');
      if (profile !== undefined) {
        inv.profile = profile;
      }
      if (region !== undefined) {
        inv.region = region;
      }
    } else if (kind === 'gcloud') {
      const project = flag('--project');
      if (project !== undefined) {
        inv.project = project;
      }
    } else {
      const subscription = flag('--subscription');
      if (subscription !== undefined) {
        inv.subscription = subscription;
      }
    }
    out.push(inv);
  }
  return out;
}

function base(word: string): string {
  return word.replace(/^.*[/\\]/, '').replace(/\.exe$/i, '').toLowerCase();
}
