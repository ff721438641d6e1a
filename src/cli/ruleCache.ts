// Parsed rule files, kept between runs of the CLI. Parsing YAML is most of what `runbook lint` does in a repository
// with many rule files (gitlab-com-runbooks: ~200 of ~700 ms for 102 files, 1.7 MB), and rule files seldom change
// between two runs. An entry is used only for the same path and the same bytes (SHA-1 of the text), from a cache file
// of the same workspace root and annotation keys, written by the same build of the CLI: anything else parses again,
// and so does a parse that ran out of stack. The folder is the code cache's (per user, created 0700; files 0600). A cache
// file that does not read back as this module writes it is ignored; one that would be bigger than MAX_CACHE_BYTES is
// not written; cache files not used for PRUNE_AFTER_DAYS, and temporary files a killed run left over a day ago, are
// removed when one is written.
//
//   RUNBOOK_DISABLE_RULE_CACHE=1   parse every rule file at every run (RUNBOOK_DISABLE_COMPILE_CACHE=1: no cache at all)
import { existsSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import * as path from 'node:path';
import type { ParsedRuleFile } from '../core/alerts/rules';
import { cacheDirectory, writeCacheFile } from './cacheDirectory';
import { readBounded } from './readBounded';

/** Below this many bytes of rule files to parse, parsing costs less than loading `crypto` and a cache file. */
export const MIN_CACHED_BYTES = 64 * 1024;
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const PRUNE_AFTER_DAYS = 30;
/** A cache file read but not written for this long is touched, so that pruning spares it. */
const TOUCH_AFTER_MS = 24 * 60 * 60 * 1000;
const PREFIX = 'rules-';
/** V8's message for a stack overflow, as a parse problem quotes it. */
const OUT_OF_STACK = /Maximum call stack size exceeded/;

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
  /** This run's entries, and the files it read (cached or not). */
  private readonly fresh = new Map<string, Entry>();
  private readonly seen = new Set<string>();
  private added = 0;
  private writtenMs: number | undefined;
  private readonly file: string;
  private readonly sha1: (text: string) => string;

  private constructor(private readonly key: RuleCacheKey & { readonly dir: string }) {
    // Loaded here: commands over few rule files never load it. (`require`: the bundle runs as a vm.Script.)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    this.sha1 = (text) => createHash('sha1').update(text).digest('base64');
    const where = this.sha1(JSON.stringify([key.root, key.annotationKeys])).replace(/[/+=]/g, '').slice(0, 20);
    this.file = path.join(key.dir, `${PREFIX}${where}-${key.build.replace(/[^\w.-]/g, '_').slice(0, 40)}.json`);
    this.read();
  }

  /** The cache for `key`, or undefined when caching is off. */
  static open(key: RuleCacheKey): RuleCache | undefined {
    return key.dir ? new RuleCache({ ...key, dir: key.dir }) : undefined;
  }

  /**
   * The parse of `text` at `file`: from the cache when an earlier run parsed the same text there. A parse that ran
   * out of stack is not kept: whether it does depends on the run (the stack's size), not only on the text. Other
   * problems are the text's, and kept: a Helm-templated file is the slowest to find unparsable (10× a good one).
   */
  parse(file: string, text: string, parse: (file: string, text: string) => ParsedRuleFile): ParsedRuleFile {
    const hash = this.sha1(text);
    this.seen.add(file);
    const cached = this.old.get(file);
    if (cached && cached[0] === hash) {
      this.fresh.set(file, cached);
      return cached[1];
    }
    const parsed = parse(file, text);
    if (!parsed.problems.some((p) => OUT_OF_STACK.test(p.message))) {
      this.fresh.set(file, [hash, parsed]);
      this.added++;
    }
    return parsed;
  }

  /**
   * Write the cache when something was parsed: this run's entries, and the earlier ones of files this run did not
   * read that are still there (a command over a subfolder keeps the rest), unless that makes it too big. A cache
   * only read is touched now and then, so that pruning spares it. Never throws.
   */
  save(): void {
    if (!this.added) {
      this.touch();
      return;
    }
    try {
      const header = { build: this.key.build, root: this.key.root, keys: this.key.annotationKeys };
      const files: Record<string, Entry> = {};
      for (const [f, e] of this.fresh) {
        files[f] = e;
      }
      let data = JSON.stringify({ ...header, files });
      const rest = [...this.old].filter(([f]) => !this.seen.has(f) && existsSync(f));
      if (rest.length) {
        for (const [f, e] of rest) {
          files[f] = e;
        }
        const all = JSON.stringify({ ...header, files });
        data = Buffer.byteLength(all) <= MAX_CACHE_BYTES ? all : data;
      }
      if (Buffer.byteLength(data) > MAX_CACHE_BYTES) {
        return;
      }
      if (writeCacheFile(this.file, data)) {
        this.prune();
      }
    } catch {
      // a cache is an optimisation: never an error (a file gone while pruning)
    }
  }

  private read(): void {
    try {
      // Bounded, and a regular file only: whatever else is found in the folder is not read.
      const bytes = readBounded(this.file, MAX_CACHE_BYTES);
      this.writtenMs = statSync(this.file).mtimeMs;
      const data = JSON.parse(bytes.toString('utf8')) as { build?: unknown; root?: unknown; keys?: unknown; files?: unknown };
      if (data.build !== this.key.build || data.root !== this.key.root || JSON.stringify(data.keys) !== JSON.stringify(this.key.annotationKeys)
        || typeof data.files !== 'object' || data.files === null) {
        return;
      }
      for (const [f, e] of Object.entries(data.files as Record<string, unknown>)) {
        if (isEntry(e, f)) {
          this.old.set(f, e);
        }
      }
    } catch {
      // none yet, or unreadable: parsed as usual, and written anew
    }
  }

  private touch(): void {
    if (this.writtenMs !== undefined && Date.now() - this.writtenMs > TOUCH_AFTER_MS) {
      try {
        const now = new Date();
        utimesSync(this.file, now, now);
      } catch {
        // pruned a little early, at worst
      }
    }
  }

  /** Remove the rule cache files not used for a while (other roots', other builds'). */
  private prune(): void {
    const unused = Date.now() - PRUNE_AFTER_DAYS * 24 * 60 * 60 * 1000;
    const abandoned = Date.now() - TOUCH_AFTER_MS;
    for (const f of readdirSync(this.key.dir)) {
      // Temporary files too: a run killed while writing leaves one.
      const tmp = f.endsWith('.tmp');
      if (f.startsWith(PREFIX) && (f.endsWith('.json') || tmp)) {
        const p = path.join(this.key.dir, f);
        if (statSync(p).mtimeMs < (tmp ? abandoned : unused)) {
          rmSync(p, { force: true });
        }
      }
    }
  }
}

/** An entry as this module writes it: anything else in the file (edited, or not ours) is not used. */
function isEntry(e: unknown, file: string): e is Entry {
  if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string') {
    return false;
  }
  const p = e[1] as Partial<ParsedRuleFile> | null;
  return typeof p === 'object' && p !== null && Array.isArray(p.rules) && Array.isArray(p.problems)
    && p.rules.every((r) => isRule(r, file)) && p.problems.every((x) => isProblem(x, file));
}

function isRule(r: unknown, file: string): boolean {
  if (typeof r !== 'object' || r === null) {
    return false;
  }
  const x = r as Record<string, unknown>;
  return typeof x.alert === 'string' && typeof x.expr === 'string' && x.path === file && isCount(x.line) && isCount(x.character)
    && (x.urlLine === undefined || isCount(x.urlLine)) && optionalString(x.for) && optionalString(x.runbookUrl) && optionalString(x.group)
    && isStringMap(x.labels) && isStringMap(x.annotations);
}

function isProblem(p: unknown, file: string): boolean {
  const x = p as Record<string, unknown> | null;
  return typeof x === 'object' && x !== null && x.path === file && isCount(x.line) && typeof x.message === 'string' && !OUT_OF_STACK.test(x.message);
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

function isStringMap(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return false;
  }
  for (const k in v) {
    if (typeof (v as Record<string, unknown>)[k] !== 'string') {
      return false;
    }
  }
  return true;
}

/** The cache folder for rule files under `env`, or undefined when it is off. */
export function ruleCacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  return env.RUNBOOK_DISABLE_RULE_CACHE === '1' ? undefined : cacheDirectory(env);
}
