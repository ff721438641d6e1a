// The CLI's adapter for the `runbooks.*` settings declared in core/settings.ts: the workspace's `.vscode/settings.json`
// (command-line flags, where a command has them, come first; each command applies its own). The CLI runs where the
// user chose to run it, so a repository's values count as trusted, except the user-only ones (tracker URLs: a token
// goes there), which are never read from a repository.
import * as path from 'node:path';
import type { UrlMapping } from '../core/alerts/model';
import { parseJsonc } from '../core/jsonc';
import type { ConfirmMode } from '../core/run/prepareStep';
import { configuredValue, fullKey, SETTINGS, type SettingName, type SettingValue } from '../core/settings';
import { readBounded } from './readBounded';

export interface WorkspaceSettings {
  readonly urlMappings?: readonly UrlMapping[];
  readonly annotationKeys?: readonly string[];
  readonly rulesInclude?: readonly string[];
  /** `runbooks.include` / `runbooks.exclude`: which files are runbooks, as in the extension. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly trackerLabels?: readonly string[];
  readonly trackerTypeMapping?: Readonly<Record<string, string>>;
  /** `runbooks.run.dangerousPatterns`. */
  readonly dangerousPatterns?: readonly string[];
  /** `runbooks.run.confirmCommands`. */
  readonly confirmCommands?: ConfirmMode;
  /** `runbooks.redaction.patterns` (the redaction pipeline reports entries it cannot use). */
  readonly redactionPatterns?: readonly unknown[];
  readonly captureLines?: number;
  readonly captureBytes?: number;
  readonly captureSessionBytes?: number;
  /** `runbooks.targets` as written (the target guard reads it leniently). */
  readonly targets?: unknown;
}

/** A settings file bigger than this is not read (VS Code's own are a few KB). */
const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

/**
 * Settings under `root`, each checked by its declaration: a value that does not check out, or a missing or
 * unparsable file, gives none (VS Code itself tolerates a broken file), and the command applies the default.
 */
export async function readWorkspaceSettings(root: string): Promise<WorkspaceSettings> {
  let text: string;
  try {
    // Bounded: a repository may commit the file as a link to /dev/zero.
    text = readBounded(path.join(root, '.vscode', 'settings.json'), MAX_SETTINGS_BYTES).toString('utf8');
  } catch {
    return {};
  }
  const data = parseJsonc(text);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {};
  }
  const s = data as Record<string, unknown>;
  const read = <N extends SettingName>(name: N): SettingValue<N> | undefined => {
    const decl = SETTINGS[name];
    const key = fullKey(decl);
    return Object.hasOwn(s, key) ? configuredValue<SettingValue<N>>(decl, { workspaceValue: s[key] }, true) : undefined;
  };
  return {
    urlMappings: read('urlMappings'),
    annotationKeys: read('annotationKeys'),
    rulesInclude: read('rulesInclude'),
    include: read('include'),
    exclude: read('exclude'),
    trackerLabels: read('trackerLabels'),
    trackerTypeMapping: read('trackerTypeMapping'),
    dangerousPatterns: read('dangerousPatterns'),
    confirmCommands: read('confirmCommands'),
    redactionPatterns: read('redactionPatterns'),
    captureLines: read('captureLines'),
    captureBytes: read('captureBytes'),
    captureSessionBytes: read('captureSessionBytes'),
    targets: read('targets'),
  };
}
