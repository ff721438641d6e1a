// The current Kubernetes context and namespace, read as kubectl reads them: `KUBECONFIG` lists files (`:`-separated,
// `;` on Windows) that are merged — the first file that sets `current-context` decides it, and a context defined in
// several files is taken from the first — else `~/.kube/config`. Kubeconfigs are hostile input: size-capped, parsed
// with a small alias budget, and only plain string names are taken from them.
import { parseDocument } from 'yaml';
import { cleanName, expandHome, join, readSafely, TARGET_LIMITS, type TargetEnvironment } from './environment';
import type { KubeTarget } from './model';

export interface KubeconfigFile {
  readonly currentContext?: string;
  readonly contexts: Map<string, { cluster?: string; namespace?: string }>;
}

/** The files kubectl would read, in order. `explicit`: a `--kubeconfig` given in the command, which replaces them. */
export function kubeconfigPaths(environment: TargetEnvironment, explicit?: string): string[] {
  if (explicit) {
    return [expandHome(explicit, environment.home)];
  }
  const list = environment.env.KUBECONFIG;
  if (list && list.trim()) {
    const sep = environment.platform === 'win32' ? ';' : ':';
    const seen = new Set<string>();
    const out: string[] = [];
    for (const p of list.split(sep)) {
      const path = expandHome(p.trim(), environment.home);
      if (path && !seen.has(path)) {
        seen.add(path);
        out.push(path);
      }
    }
    return out.slice(0, TARGET_LIMITS.kubeconfigFiles);
  }
  return [join(environment.home, '.kube', 'config')];
}

/** One kubeconfig's current context and contexts; throws with a short reason when it is not a kubeconfig. */
export function parseKubeconfig(text: string): KubeconfigFile {
  if (text.length > TARGET_LIMITS.fileBytes) {
    throw new Error(`larger than ${TARGET_LIMITS.fileBytes / 1024 / 1024} MB`);
  }
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) {
    throw new Error(`not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
  }
  let root: unknown;
  try {
    // A small alias budget (TARGET_LIMITS.maxAliasCount): an alias bomb (aliases of aliases of lists) throws here instead of taking the memory.
    root = doc.toJS({ maxAliasCount: TARGET_LIMITS.maxAliasCount });
  } catch (e) {
    throw new Error(`not read (${(e as Error).message.split("\n")[0]})`, { cause: e });
  }
  const contexts = new Map<string, { cluster?: string; namespace?: string }>();
  if (root === null || root === undefined || root === '') {
    return { contexts }; // an empty file is a valid, empty kubeconfig
  }
  if (!isObject(root)) {
    throw new Error('not a kubeconfig (the top level is not a mapping)');
  }
  const currentContext = cleanName(root['current-context']);
  const list = root.contexts;
  if (Array.isArray(list)) {
    for (const item of list) {
      if (!isObject(item)) {
        continue;
      }
      const name = cleanName(item.name);
      if (!name || contexts.has(name)) {
        continue;
      }
      const ctx = isObject(item.context) ? item.context : {};
      const cluster = cleanName(ctx.cluster);
      const namespace = cleanName(ctx.namespace);
      contexts.set(name, { ...(cluster ? { cluster } : {}), ...(namespace ? { namespace } : {}) });
    }
  }
  return { ...(currentContext ? { currentContext } : {}), contexts };
}

/** The last parse of each file, reused while its text is the same (a large kubeconfig takes ~150 ms to parse). */
const parsed = new Map<string, { readonly text: string; readonly file?: KubeconfigFile; readonly error?: Error }>();

function parsedCached(path: string, text: string): KubeconfigFile {
  let entry = parsed.get(path);
  if (!entry || entry.text !== text) {
    try {
      entry = { text, file: parseKubeconfig(text) };
    } catch (e) {
      entry = { text, error: e as Error };
    }
    if (parsed.size >= TARGET_LIMITS.kubeconfigFiles) {
      parsed.delete(parsed.keys().next().value!);
    }
    parsed.set(path, entry);
  }
  if (entry.error) {
    throw entry.error;
  }
  return entry.file!;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The current context, its cluster and namespace, merged over `paths` as kubectl merges them. `contextOverride`
 * (`--context` in the command) replaces the current context; `problems` gets one line per unreadable file.
 */
export async function readKubeTarget(environment: TargetEnvironment, paths: readonly string[], problems: string[], contextOverride?: string): Promise<KubeTarget> {
  let current: { name: string; file: string } | undefined;
  const contexts = new Map<string, { cluster?: string; namespace?: string }>();
  for (const path of paths) {
    const text = await readSafely(environment, path, problems);
    if (text === undefined) {
      continue; // kubectl skips missing files in KUBECONFIG
    }
    let file: KubeconfigFile;
    try {
      file = parsedCached(path, text);
    } catch (e) {
      problems.push(`${path}: ${(e as Error).message}`);
      continue;
    }
    if (!current && file.currentContext) {
      current = { name: file.currentContext, file: path };
    }
    for (const [name, c] of file.contexts) {
      if (!contexts.has(name)) {
        contexts.set(name, c);
      }
    }
  }
  const name = contextOverride ?? current?.name;
  if (!name) {
    return { contexts };
  }
  const source = contextOverride ? '--context in the command' : `current-context in ${current!.file}`;
  const ctx = contexts.get(name);
  return {
    context: { value: name, source },
    ...(ctx?.cluster ? { cluster: ctx.cluster } : {}),
    // kubectl's namespace for a context without one is `default`; a context it cannot find tells nothing.
    ...(ctx ? { namespace: { value: ctx.namespace ?? 'default', source: ctx.namespace ? `the namespace of context ${name}` : `context ${name} sets no namespace` } } : {}),
    contexts,
  };
}
