// The workspace's `.vscode/settings.json`, read for the settings the CLI shares with the extension.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { UrlMapping } from '../core/alerts/model';

export interface WorkspaceSettings {
  readonly urlMappings?: UrlMapping[];
  readonly annotationKeys?: string[];
  readonly rulesInclude?: string[];
  /** `runbooks.include` / `runbooks.exclude`: which files are runbooks, as in the extension. */
  readonly include?: string[];
  readonly exclude?: string[];
  readonly trackerLabels?: string[];
  readonly trackerTypeMapping?: Record<string, string>;
  /** `runbooks.run.dangerousPatterns`. */
  readonly dangerousPatterns?: string[];
  /** `runbooks.run.confirmCommands`. */
  readonly confirmCommands?: 'withVariables' | 'always' | 'never';
  readonly redactionPatterns?: string[];
  readonly captureLines?: number;
  readonly captureBytes?: number;
  readonly captureSessionBytes?: number;
  /** `runbooks.targets` as written (the target guard reads it leniently). */
  readonly targets?: unknown;
}

/** Settings under `root`; a missing or unparsable file gives none (VS Code itself tolerates a broken file). */
export async function readWorkspaceSettings(root: string): Promise<WorkspaceSettings> {
  let text: string;
  try {
    text = await fs.readFile(path.join(root, '.vscode', 'settings.json'), 'utf8');
  } catch {
    return {};
  }
  const data = parseJsonc(text);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {};
  }
  const s = data as Record<string, unknown>;
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined);
  return {
    urlMappings: urlMappings(s['runbooks.urlMappings']),
    annotationKeys: strings(s['runbooks.rules.annotationKeys']),
    rulesInclude: strings(s['runbooks.rules.include']),
    include: strings(s['runbooks.include']),
    exclude: strings(s['runbooks.exclude']),
    trackerLabels: strings(s['runbooks.trackers.labels']),
    trackerTypeMapping: stringMap(s['runbooks.trackers.typeMapping']),
    dangerousPatterns: strings(s['runbooks.run.dangerousPatterns']),
    confirmCommands: ['withVariables', 'always', 'never'].includes(s['runbooks.run.confirmCommands'] as string) ? s['runbooks.run.confirmCommands'] as 'withVariables' | 'always' | 'never' : undefined,
    redactionPatterns: strings(s['runbooks.redaction.patterns']),
    captureLines: number(s['runbooks.sessions.captureLines']),
    captureBytes: number(s['runbooks.sessions.captureBytes']),
    captureSessionBytes: number(s['runbooks.sessions.captureSessionBytes']),
    targets: s['runbooks.targets'],
  };
}

function number(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return undefined;
  }
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** `[{prefix, folder}]` as the extension's setting has it; `{prefix: folder}` is taken too. Bad entries are skipped. */
function urlMappings(v: unknown): UrlMapping[] | undefined {
  if (Array.isArray(v)) {
    return v.filter((m): m is UrlMapping => typeof m === 'object' && m !== null && typeof m.prefix === 'string' && m.prefix !== '' && typeof m.folder === 'string')
      .map((m) => ({ prefix: m.prefix, folder: m.folder }));
  }
  if (typeof v === 'object' && v !== null) {
    return Object.entries(v).filter(([k, f]) => k !== '' && typeof f === 'string').map(([prefix, folder]) => ({ prefix, folder: folder as string }));
  }
  return undefined;
}

/** JSON with comments and trailing commas, as VS Code writes settings; undefined when it does not parse. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) {
    i = 1;
  }
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      // A string, copied as is (escapes included): `//` inside it is not a comment.
      let j = i + 1;
      while (j < n && text[j] !== '"') {
        j += text[j] === '\\' ? 2 : 1;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') {
        i++;
      }
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      out += ' ';
    } else if (c === ',') {
      // A trailing comma: the next significant character closes the object or array.
      let j = i + 1;
      for (;;) {
        while (j < n && /\s/.test(text[j])) {
          j++;
        }
        if (text[j] === '/' && text[j + 1] === '/') {
          while (j < n && text[j] !== '\n') {
            j++;
          }
        } else if (text[j] === '/' && text[j + 1] === '*') {
          const end = text.indexOf('*/', j + 2);
          j = end === -1 ? n : end + 2;
        } else {
          break;
        }
      }
      if (text[j] !== '}' && text[j] !== ']') {
        out += c;
      }
      i++;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return JSON.parse(out);
  } catch {
    return undefined;
  }
}
