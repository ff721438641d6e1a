// Parsed rule files, kept between runs of the CLI. Parsing YAML is most of what `runbook lint` does in a repository
// with many rule files (gitlab-com-runbooks: ~200 of ~700 ms for 102 files, 1.7 MB), and rule files seldom change
// between two runs. An entry is used only for the same path and the same bytes (SHA-1 of the text), in a cache file
// of the same workspace root and annotation keys, written by the same build of the CLI: anything else parses again.
// The folder is the code cache's (per user, created 0700; files 0600). A cache file that cannot be read is ignored;
// one that would be bigger than MAX_CACHE_BYTES is not written; cache files not written for PRUNE_AFTER_DAYS are
// removed when one is written.
//
//   RUNBOOK_DISABLE_RULE_CACHE=1   parse every rule file at every run (RUNBOOK_DISABLE_COMPILE_CACHE=1: no cache at all)
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ParsedRuleFile } from '../core/alerts/rules';
import { cacheDirectory } from './cacheDirectory';

/** Below this many bytes of rule files to parse, parsing costs less than loading `crypto` and a cache file. */
export const MIN_CACHED_BYTES = 64 * 1024;
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const PRUNE_AFTER_DAYS = 30;
const PREFIX = 'rules-';

export interface RuleCacheKey {
  /** The folder, or undefined for no cache. */
  readonly dir: string | undefined;
  /** What built the parser: a different build never reads another's entries. */
  readonly build: string;
  readonly root: string;
  readonly annotationKeys: readonly string[];
}

type Entry = [hash: string, parsed: ParsedRuleFile];

export class RuleCache {
  private readonly old = new Map<string, Entry>();
  private readonly used = new Map<string, Entry>();
  private added = 0;
  private readonly file: string;
  private readonly sha1: (text: string) => string;

  private constructor(private readonly key: RuleCacheKey & { readonly dir: string }) {
    // Loaded here: commands over few rule files never load it. (`require`: the bundle runs as a vm.Script.)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    this.sha1 = (text) => createHash('sha1').update(text).digest('base64');
    // One file per root and keys: a new build overwrites the last one's.
    this.file = path.join(key.dir, `${PREFIX}${this.sha1(JSON.stringify([key.root, key.annotationKeys])).replace(/[/+=]/g, '').slice(0, 20)}.json`);
    this.read();
  }

  /** The cache for `key`, or undefined when caching is off. */
  static open(key: RuleCacheKey): RuleCache | undefined {
    return key.dir ? new RuleCache({ ...key, dir: key.dir }) : undefined;
  }

  /** The parse of `text` at `file`: from the cache when this run or an earlier one parsed the same text there. */
  parse(file: string, text: string, parse: (file: string, text: string) => ParsedRuleFile): ParsedRuleFile {
    const hash = this.sha1(text);
    const cached = this.old.get(file);
    if (cached && cached[0] === hash) {
      this.used.set(file, cached);
      return cached[1];
    }
    const parsed = parse(file, text);
    this.used.set(file, [hash, parsed]);
    this.added++;
    return parsed;
  }

  /**
   * Write the cache when something was parsed: this run's entries, and the earlier ones of files this run did not
   * read (a command over a subfolder keeps the rest), unless that makes the cache too big. Never throws.
   */
  save(): void {
    if (!this.added) {
      return;
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      const files: Record<string, Entry> = {};
      for (const [f, e] of this.used) {
        files[f] = e;
      }
      let data = JSON.stringify({ build: this.key.build, files });
      const rest = [...this.old].filter(([f]) => !this.used.has(f));
      if (rest.length) {
        for (const [f, e] of rest) {
          files[f] = e;
        }
        const all = JSON.stringify({ build: this.key.build, files });
        data = all.length <= MAX_CACHE_BYTES ? all : data;
      }
      if (data.length > MAX_CACHE_BYTES) {
        return;
      }
      mkdirSync(this.key.dir, { recursive: true, mode: 0o700 });
      writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' }); // never through a file (or link) already there
      renameSync(tmp, this.file);
      this.prune();
    } catch {
      try {
        rmSync(tmp, { force: true }); // a cache is an optimisation: never an error
      } catch {
        // nothing more to do
      }
    }
  }

  private read(): void {
    try {
      if (statSync(this.file).size > MAX_CACHE_BYTES) {
        return;
      }
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as { build?: unknown; files?: unknown };
      if (data.build !== this.key.build || typeof data.files !== 'object' || data.files === null) {
        return;
      }
      for (const [f, e] of Object.entries(data.files as Record<string, unknown>)) {
        if (isEntry(e)) {
          this.old.set(f, e);
        }
      }
    } catch {
      // none yet, or unreadable: parsed as usual, and written anew
    }
  }

  /** Remove the rule cache files of roots not linted for a while. */
  private prune(): void {
    const before = Date.now() - PRUNE_AFTER_DAYS * 24 * 60 * 60 * 1000;
    for (const f of readdirSync(this.key.dir)) {
      if (f.startsWith(PREFIX) && f.endsWith('.json')) {
        const p = path.join(this.key.dir, f);
        if (statSync(p).mtimeMs < before) {
          rmSync(p, { force: true });
        }
      }
    }
  }
}

function isEntry(e: unknown): e is Entry {
  if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string') {
    return false;
  }
  const p = e[1] as Partial<ParsedRuleFile> | null;
  return typeof p === 'object' && p !== null && Array.isArray(p.rules) && Array.isArray(p.problems);
}

/** The cache folder for rule files under `env`, or undefined when it is off. */
export function ruleCacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  return env.RUNBOOK_DISABLE_RULE_CACHE === '1' ? undefined : cacheDirectory(env);
}
