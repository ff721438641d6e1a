// YAML front matter: find it, parse it with source positions, read the known keys leniently.
import { CORE_SCHEMA, load } from 'js-yaml';
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { FrontMatter, ParseProblem, VariableSpec } from './model';
import { FRONT_MATTER_SCHEMA, validate } from './schema';

export interface FrontMatterBlock {
  /** The YAML between the fences. */
  readonly yaml: string;
  /** Line of the closing fence, or -1 when unterminated. */
  readonly endLine: number;
  /** Offset in the text where the markdown body starts, and its first line. */
  readonly bodyOffset: number;
  readonly bodyLine: number;
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*\r?$/;

/** Front matter starts on the very first line with `---` and ends at the next `---` or `...` line. */
export function findFrontMatter(text: string): FrontMatterBlock | undefined {
  const open = OPEN.exec(text);
  if (!open) {
    return undefined;
  }
  let line = 1;
  let start = open[0].length;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) {
      end = text.length;
    }
    if (CLOSE.test(text.slice(start, end))) {
      return { yaml: text.slice(open[0].length, start), endLine: line, bodyOffset: Math.min(end + 1, text.length), bodyLine: line + 1 };
    }
    if (end === text.length) {
      break;
    }
    start = end + 1;
    line++;
  }
  return { yaml: '', endLine: -1, bodyOffset: 0, bodyLine: 0 };
}

export interface FrontMatterFields {
  readonly frontMatter: FrontMatter;
  readonly title?: string;
  readonly alerts: string[];
  readonly service?: string;
  readonly owner?: string;
  readonly severity?: string;
  readonly tags: string[];
  readonly lastReviewed?: string;
  readonly reviewEvery?: string;
  readonly cwd?: string;
  readonly variables: Record<string, VariableSpec>;
}

/** Parse the front matter block. Problems are appended to `problems`; nothing throws. */
export function parseFrontMatter(block: FrontMatterBlock, problems: ParseProblem[], options: { fast?: boolean } = {}): FrontMatterFields {
  const keyLines: Record<string, number> = {};
  let data: Record<string, unknown> = {};
  const empty = (): FrontMatterFields => ({
    frontMatter: { data, startLine: 0, endLine: block.endLine, keyLines }, alerts: [], tags: [], variables: {},
  });
  if (block.endLine === -1) {
    problems.push({ line: 0, character: 0, severity: 'error', message: 'front matter is not closed: add a line with `---` after it' });
    return empty();
  }
  const fast = options.fast === false ? undefined : fastFrontMatter(block.yaml);
  if (fast) {
    data = fast.data;
    Object.assign(keyLines, fast.keyLines);
    return readFields(block, data, keyLines);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(block.yaml, { lineCounter, prettyErrors: true, uniqueKeys: true, logLevel: 'silent' });
  for (const err of doc.errors) {
    const pos = err.linePos?.[0];
    problems.push({
      line: pos ? pos.line : 1, character: pos ? pos.col - 1 : 0, severity: 'error',
      // Drop the parser's own "at line N, column M:" (counted from the YAML, not the file); the problem has the position.
      message: `invalid YAML in front matter: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    });
  }
  if (doc.errors.length > 0) {
    return empty();
  }
  const contents = doc.contents;
  if (contents == null) {
    return empty();
  }
  if (!isMap(contents)) {
    const kind = isSeq(contents) ? 'a list' : 'a single value';
    problems.push({ line: 1, character: 0, severity: 'error', message: `front matter must be a mapping of \`key: value\` lines, found ${kind}` });
    return empty();
  }
  for (const item of contents.items) {
    if (isScalar(item.key) && item.key.range) {
      keyLines[String(item.key.value)] = lineCounter.linePos(item.key.range[0]).line; // 1-based in YAML = 0-based in file
    }
  }
  try {
    // Aliases are expanded here, and only so far: `maxAliasCount` stops a "billion laughs" (nested aliases that
    // expand a few hundred bytes into gigabytes) before it costs anything.
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
  } catch (e) {
    // The parser accepts some documents its own conversion refuses: an alias to an anchor defined later, or
    // aliases that expand too much.
    const message = (e as Error).message.split('\n')[0];
    const alias = firstAlias(doc);
    const at = alias?.range ? lineCounter.linePos(alias.range[0]) : undefined;
    problems.push({
      line: at ? at.line : 1, character: at ? at.col - 1 : 0, severity: 'error',
      message: /excessive alias count/i.test(message)
        ? `front matter cannot be read: its aliases (\`*name\`) expand to too much data (more than ${MAX_ALIAS_COUNT} alias uses): write the values out`
        : `front matter cannot be read: ${message}`,
    });
    data = {};
    return empty();
  }
  // The schema is the contract; the readers below stay lenient so one bad key never hides the rest.
  const errors = validate(data, FRONT_MATTER_SCHEMA);
  for (const err of errors.slice(0, MAX_SCHEMA_PROBLEMS)) {
    const node = doc.getIn(err.path, true);
    const offset = isNode(node) && node.range ? node.range[0] : undefined;
    const pos = offset !== undefined ? lineCounter.linePos(offset) : undefined;
    const where = err.path.length ? `\`${err.path.join('.')}\` ` : '';
    problems.push({
      line: pos ? pos.line : keyLines[String(err.path[0])] ?? 1,
      character: pos ? pos.col - 1 : 0,
      severity: 'warning',
      message: `front matter ${where}${err.message}`,
    });
  }
  if (errors.length > MAX_SCHEMA_PROBLEMS) {
    problems.push({ line: 1, character: 0, severity: 'warning', message: `front matter: ${errors.length - MAX_SCHEMA_PROBLEMS} more problems not shown` });
  }
  return readFields(block, data, keyLines);
}

/** Alias uses the full parser expands (the `yaml` package's own default); beyond it the front matter is refused. */
export const MAX_ALIAS_COUNT = 100;
/** Schema problems reported for one front matter; the rest are counted in one more problem. */
export const MAX_SCHEMA_PROBLEMS = 100;

function firstAlias(doc: ReturnType<typeof parseDocument>): { range?: readonly number[] | null } | undefined {
  let found: { range?: readonly number[] | null } | undefined;
  visit(doc, {
    Alias(_key, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** The known keys, read leniently: the schema check has already reported what is wrong with them. */
function readFields(block: FrontMatterBlock, data: Record<string, unknown>, keyLines: Record<string, number>): FrontMatterFields {
  const str = (key: string): string | undefined => {
    const v = data[key];
    if (v == null) {
      return undefined;
    }
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  };
  const list = (key: string): string[] => {
    const v = data[key];
    if (v == null) {
      return [];
    }
    if (typeof v === 'string') {
      return v.split(',').map((s) => s.trim()).filter(Boolean);
    }
    if (Array.isArray(v)) {
      const out: string[] = [];
      for (const x of v) {
        if (typeof x === 'string' || typeof x === 'number') {
          out.push(String(x));
        }
      }
      return out;
    }
    return [];
  };
  return {
    frontMatter: { data, startLine: 0, endLine: block.endLine, keyLines },
    title: str('title'),
    alerts: list('alerts'),
    service: str('service'),
    owner: str('owner'),
    severity: str('severity'),
    tags: list('tags'),
    lastReviewed: str('last_reviewed'),
    reviewEvery: str('review_every'),
    cwd: str('cwd'),
    variables: readVariables(data.variables),
  };
}


/**
 * May the YAML have an anchor (`&a`) or an alias (`*a`)? Then the fast path (js-yaml, which expands aliases without
 * limit) is not taken. False positives (`*emphasis*` in a value) only cost the full parser.
 */
export function mayHaveAlias(yaml: string): boolean {
  return /(?:^|[\s[{,:-])[&*][^\s,[\]{}]/.test(yaml);
}

const TOP_LEVEL_KEY = /^(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"{[\]},&*!|>%@`-][^:#\n]*?|-[^\s:#][^:#\n]*?))[ \t]*:(?:[ \t]|$)/;

/**
 * The common case, fast: front matter that js-yaml reads as a mapping which passes the schema. Lines of top-level keys
 * come from the text. Anything else (a YAML error, duplicate keys, a list, a schema problem) returns undefined, and the
 * full parser, which knows every node's position, reports it.
 */
function fastFrontMatter(yaml: string): { data: Record<string, unknown>; keyLines: Record<string, number> } | undefined {
  if (mayHaveAlias(yaml)) {
    // js-yaml expands aliases without any limit (and the schema check would walk the expansion): the full parser
    // caps them.
    return undefined;
  }
  let value: unknown;
  try {
    value = load(yaml, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || validate(value, FRONT_MATTER_SCHEMA).length) {
    return undefined;
  }
  const data = value as Record<string, unknown>;
  const keyLines: Record<string, number> = {};
  let line = 1; // the YAML starts on the file's second line
  for (let start = 0; start < yaml.length; line++) {
    let end = yaml.indexOf('\n', start);
    if (end === -1) {
      end = yaml.length;
    }
    const m = TOP_LEVEL_KEY.exec(yaml.slice(start, end));
    if (m) {
      const key = m[1] ?? m[2] ?? m[3];
      if (key in data && !(key in keyLines)) {
        keyLines[key] = line;
      }
    }
    start = end + 1;
  }
  // Every key must have been seen where a person wrote it; otherwise (flow mappings, odd keys) ask the full parser.
  return Object.keys(data).every((k) => k in keyLines) ? { data, keyLines } : undefined;
}

/** Variables as the schema allows them, plus a plain list of names; anything else is ignored (the schema reports it). */
function readVariables(v: unknown): Record<string, VariableSpec> {
  const out: Record<string, VariableSpec> = {};
  if (v == null) {
    return out;
  }
  if (Array.isArray(v)) {
    for (const name of v) {
      if (typeof name === 'string') {
        out[name] = { secret: false };
      }
    }
    return out;
  }
  if (typeof v !== 'object') {
    return out;
  }
  for (const [name, spec] of Object.entries(v as Record<string, unknown>)) {
    if (spec == null) {
      out[name] = { secret: false };
    } else if (typeof spec === 'string') {
      out[name] = { description: spec, secret: false };
    } else if (typeof spec === 'object' && !Array.isArray(spec)) {
      const s = spec as Record<string, unknown>;
      out[name] = {
        description: typeof s.description === 'string' ? s.description : undefined,
        default: s.default == null ? undefined : String(s.default),
        secret: s.secret === true,
        ...(typeof s.pattern === 'string' ? { pattern: s.pattern } : {}),
        ...(Array.isArray(s.enum) ? { enum: s.enum.filter((x) => typeof x === 'string' || typeof x === 'number').map(String) } : {}),
      };
    }
  }
  return out;
}

/** For writing front matter: a YAML plain scalar when that reads back as the same string, else a double-quoted one. */
export function yamlScalar(s: string): string {
  const plain =
    s !== '' &&
    s === s.trim() &&
    !/^[-?:,[\]{}#&*!|>'"%@`~]/.test(s) &&
    !/: |:$| #|[\n\t]/.test(s) &&
    !/^(?:true|false|yes|no|on|off|null|~|y|n)$/i.test(s) &&
    !/^[-+]?(?:\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+|0x[0-9a-f]+|0o[0-7]+|\.inf|\.nan)$/i.test(s) &&
    !/^\d{4}-\d{2}-\d{2}/.test(s);
  return plain ? s : JSON.stringify(s);
}
