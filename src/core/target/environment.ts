// What reading the current target needs from the outside world: environment variables, the home folder and a file
// reader. Injected, so the core stays pure and the tests use a map of files.

export interface TargetEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The user's home folder (`~`). */
  readonly home: string;
  /** `win32` lists KUBECONFIG files with `;`, every other platform with `:`. */
  readonly platform?: string;
  /**
   * The text of a file, or undefined when there is none. May throw (unreadable): the error is reported, not thrown
   * on. The adapter should refuse files larger than `TARGET_LIMITS.fileBytes` (throw); the core checks again.
   */
  read(path: string): Promise<string | undefined>;
}

export const TARGET_LIMITS = {
  /** Largest configuration file read (kubeconfigs with embedded certificates run to a few hundred KB). */
  fileBytes: 4 * 1024 * 1024,
  /** At most this many KUBECONFIG entries are read. */
  kubeconfigFiles: 32,
  /** YAML aliases allowed in a kubeconfig (real ones use none; an alias bomb needs thousands). */
  maxAliasCount: 16,
  /** Longest name (context, namespace, profile…) taken from a file or a label. */
  nameLength: 512,
} as const;

/** What `limitedReader` needs of a file system (Node's `fs.promises` fits). */
export interface StatAndRead {
  stat(path: string): Promise<{ isFile(): boolean; readonly size: number }>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
}

/**
 * `TargetEnvironment.read` over a file system: undefined for a missing file or a folder, an error for a file over
 * `TARGET_LIMITS.fileBytes` (never read) or one that cannot be read. The CLI and the extension share it.
 */
export function limitedReader(fs: StatAndRead): (path: string) => Promise<string | undefined> {
  return async (path) => {
    try {
      const stat = await fs.stat(path);
      if (!stat.isFile()) {
        return undefined;
      }
      if (stat.size > TARGET_LIMITS.fileBytes) {
        throw new Error(`larger than ${TARGET_LIMITS.fileBytes / 1024 / 1024} MB, not read`);
      }
      return await fs.readFile(path, 'utf8');
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        return undefined;
      }
      throw e;
    }
  };
}

/** `~/x` and `$HOME/x` → under the home folder; other paths as they are. */
export function expandHome(path: string, home: string): string {
  if (path === '~' || path === '$HOME') {
    return home;
  }
  for (const prefix of ['~/', '$HOME/', '${HOME}/']) {
    if (path.startsWith(prefix)) {
      return `${home.replace(/[/\\]+$/, '')}/${path.slice(prefix.length)}`;
    }
  }
  return path;
}

export function join(dir: string, ...parts: string[]): string {
  return [dir.replace(/[/\\]+$/, ''), ...parts].join('/');
}

/** Read a file through the environment: undefined when missing; a problem line when unreadable or too large. */
export async function readSafely(environment: TargetEnvironment, path: string, problems: string[]): Promise<string | undefined> {
  try {
    const text = await environment.read(path);
    if (text !== undefined && text.length > TARGET_LIMITS.fileBytes) {
      problems.push(`${path}: larger than ${TARGET_LIMITS.fileBytes / 1024 / 1024} MB, not read`);
      return undefined;
    }
    return text;
  } catch (e) {
    problems.push(`${path}: ${(e as Error).message}`);
    return undefined;
  }
}

/** A usable name: a non-empty string of printable characters, not too long. */
export function cleanName(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') {
    return undefined;
  }
  const s = String(v).trim();
  // eslint-disable-next-line no-control-regex
  if (!s || s.length > TARGET_LIMITS.nameLength || /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s)) {
    return undefined;
  }
  return s;
}
