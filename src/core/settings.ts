// Every `runbooks.*` setting, declared once: its default, how a value is checked, its scope, and who may set it.
// The extension reads them through src/extension/settings.ts (VS Code's configuration), the CLI through
// src/cli/settings.ts (`.vscode/settings.json`); a unit test holds these declarations and package.json's
// contributes.configuration and restrictedConfigurations to each other. Values come from a repository and are hostile:
// a value that does not check out is as good as unset (the default applies).
import type { UrlMapping } from './alerts/model';
import { DEFAULT_ANNOTATION_KEYS } from './alerts/rules';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_RULES_INCLUDE } from './glob';
import { DEFAULT_CAPTURE_LIMITS, DEFAULT_SESSION_CAPTURE_BYTES } from './run/capture';
import { DEFAULT_DANGEROUS_PATTERNS } from './run/danger';
import type { ConfirmMode } from './run/prepareStep';

/** The section every key lives in. */
export const SETTINGS_SECTION = 'runbooks';

export interface SettingDeclaration<T> {
  /** Under `runbooks.`, e.g. `rules.include`. */
  readonly key: string;
  /** The JSON schema type package.json declares. */
  readonly type: 'array' | 'object' | 'string' | 'boolean' | 'integer';
  readonly default: T;
  /** `resource`: a folder may set its own value; `window`: one value for the window (VS Code's default scope). */
  readonly scope: 'resource' | 'window';
  /**
   * Listed in package.json's `restrictedConfigurations`: in Restricted Mode (an untrusted workspace) a workspace's or
   * folder's value is not used, only the user's.
   */
  readonly restricted: boolean;
  /**
   * Read from User settings only, trusted or not: a workspace's or folder's value is ignored (the extension warns,
   * naming the file; the CLI never reads it from `.vscode/settings.json`). Tracker URLs: a token goes there
   * (core/postmortem/trackers/hosts.ts).
   */
  readonly userOnly: boolean;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  /** The value when it checks out, else undefined (then the default applies). */
  readonly check: (value: unknown) => T | undefined;
}

type Options = Partial<Pick<SettingDeclaration<unknown>, 'restricted' | 'userOnly' | 'enum' | 'minimum'>> & { scope?: 'resource' | 'window' };

function declare<T>(key: string, type: SettingDeclaration<T>['type'], defaultValue: T, check: (v: unknown) => T | undefined, o: Options = {}): SettingDeclaration<T> {
  return Object.freeze({ key, type, default: defaultValue, check, scope: o.scope ?? 'resource', restricted: o.restricted ?? false, userOnly: o.userOnly ?? false, enum: o.enum, minimum: o.minimum });
}

// ---------------------------------------------------------------------------------------------------------------
// Checks

/** A list of strings, all of them (one that is not a string refuses the list). */
export function stringList(v: unknown): readonly string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}

/** Any list: its entries are checked by the caller, who reports the bad ones (redaction patterns). */
function anyList(v: unknown): readonly unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function string(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function boolean(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

function integerFrom(min: number): (v: unknown) => number | undefined {
  return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min ? v : undefined);
}

function oneOf<T extends string>(values: readonly T[]): (v: unknown) => T | undefined {
  return (v) => (values.includes(v as T) ? (v as T) : undefined);
}

/** An object of strings; entries that are not strings are skipped. */
export function stringMap(v: unknown): Readonly<Record<string, string>> | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return undefined;
  }
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The strings of a list, the rest dropped: a pattern list keeps working with one bad entry (each one asks more). */
function stringsOf(v: unknown): readonly string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** Any value, as written: the target guard reads it leniently and reports what it cannot use. */
function asWritten(v: unknown): unknown {
  return v;
}

/** `[{prefix, folder}]` as the setting has it; `{prefix: folder}` is taken too. Bad entries are skipped. */
export function urlMappings(v: unknown): readonly UrlMapping[] | undefined {
  if (Array.isArray(v)) {
    return v.filter((m): m is UrlMapping => typeof m === 'object' && m !== null && typeof m.prefix === 'string' && m.prefix !== '' && typeof m.folder === 'string')
      .map((m) => ({ prefix: m.prefix, folder: m.folder }));
  }
  if (typeof v === 'object' && v !== null) {
    return Object.entries(v).filter(([k, f]) => k !== '' && typeof f === 'string').map(([prefix, folder]) => ({ prefix, folder: folder as string }));
  }
  return undefined;
}

const CONFIRM_MODES: readonly ConfirmMode[] = ['withVariables', 'always', 'never'];
const CWD_MODES = ['runbookFolder', 'workspaceRoot'] as const;

// ---------------------------------------------------------------------------------------------------------------
// The settings

export const SETTINGS = {
  include: declare('include', 'array', DEFAULT_INCLUDE, stringList),
  exclude: declare('exclude', 'array', DEFAULT_EXCLUDE, stringList),
  rulesInclude: declare('rules.include', 'array', DEFAULT_RULES_INCLUDE, stringList),
  annotationKeys: declare('rules.annotationKeys', 'array', DEFAULT_ANNOTATION_KEYS, stringList),
  urlMappings: declare<readonly UrlMapping[]>('urlMappings', 'array', [], urlMappings),
  newRunbookFolder: declare('newRunbookFolder', 'string', 'runbooks', string),
  templatesFolder: declare('templatesFolder', 'string', '.runbooks/runbook-templates', string),
  sessionsFolder: declare('sessions.folder', 'string', '.runbooks/sessions', string, { restricted: true }),
  captureOutput: declare('sessions.captureOutput', 'boolean', true, boolean, { scope: 'window' }),
  captureLines: declare('sessions.captureLines', 'integer', DEFAULT_CAPTURE_LIMITS.headLines, integerFrom(0), { scope: 'window', minimum: 0 }),
  captureBytes: declare('sessions.captureBytes', 'integer', DEFAULT_CAPTURE_LIMITS.maxBytes, integerFrom(1024), { scope: 'window', minimum: 1024 }),
  captureSessionBytes: declare('sessions.captureSessionBytes', 'integer', DEFAULT_SESSION_CAPTURE_BYTES, integerFrom(0), { scope: 'window', minimum: 0 }),
  redactionPatterns: declare<readonly unknown[]>('redaction.patterns', 'array', [], anyList, { scope: 'window' }),
  confirmCommands: declare<ConfirmMode>('run.confirmCommands', 'string', 'withVariables', oneOf(CONFIRM_MODES), { enum: CONFIRM_MODES }),
  dangerousPatterns: declare('run.dangerousPatterns', 'array', DEFAULT_DANGEROUS_PATTERNS, stringsOf, { restricted: true }),
  targets: declare<unknown>('targets', 'object', {}, asWritten, { restricted: true }),
  offerFirstStep: declare('alertLink.offerFirstStep', 'boolean', true, boolean, { scope: 'window' }),
  warmTerminal: declare('run.warmTerminal', 'boolean', true, boolean, { scope: 'window' }),
  cwd: declare<(typeof CWD_MODES)[number]>('run.cwd', 'string', 'runbookFolder', oneOf(CWD_MODES), { enum: CWD_MODES }),
  reviewsFolder: declare('postmortems.folder', 'string', 'postmortems', string),
  reviewOwner: declare('postmortems.owner', 'string', '', string),
  reviewTracker: declare('postmortems.tracker', 'string', '', string),
  trackerLabels: declare<readonly string[]>('trackers.labels', 'array', ['postmortem'], stringList),
  trackerTypeMapping: declare<Readonly<Record<string, string>>>('trackers.typeMapping', 'object', {}, stringMap),
  githubApiUrl: declare('trackers.githubApiUrl', 'string', '', string, { restricted: true, userOnly: true }),
  gitlabUrl: declare('trackers.gitlabUrl', 'string', '', string, { restricted: true, userOnly: true }),
  jiraUrl: declare('trackers.jiraUrl', 'string', '', string, { restricted: true, userOnly: true }),
  jiraEmail: declare('trackers.jiraEmail', 'string', '', string, { restricted: true }),
} as const;

export type SettingName = keyof typeof SETTINGS;
export type SettingValue<N extends SettingName> = (typeof SETTINGS)[N]['default'];

/** Every declaration, in package.json's order. */
export const ALL_SETTINGS: readonly SettingDeclaration<unknown>[] = Object.values(SETTINGS);

/** `runbooks.<key>`. */
export function fullKey(s: Pick<SettingDeclaration<unknown>, 'key'>): string {
  return `${SETTINGS_SECTION}.${s.key}`;
}

/**
 * The value of one setting from the values of each level, as VS Code's `inspect()` gives them (the CLI passes its
 * `.vscode/settings.json` as the workspace level): the most specific level whose value checks out, skipping the levels
 * the declaration does not let a repository set (user-only settings always; restricted ones when `trusted` is false).
 * Undefined when no level has a usable value.
 */
export function configuredValue<T>(decl: SettingDeclaration<T>, levels: SettingLevels, trusted: boolean): T | undefined {
  const repositoryMaySet = !decl.userOnly && (trusted || !decl.restricted);
  const candidates = repositoryMaySet ? [levels.workspaceFolderValue, levels.workspaceValue, levels.globalValue] : [levels.globalValue];
  for (const v of candidates) {
    const checked = v === undefined ? undefined : decl.check(v);
    if (checked !== undefined) {
      return checked;
    }
  }
  return undefined;
}

/** Like `configuredValue`, with the declared default when no level has a usable value. */
export function settingValue<T>(decl: SettingDeclaration<T>, levels: SettingLevels, trusted: boolean): T {
  return configuredValue(decl, levels, trusted) ?? decl.default;
}

/** A setting's value at each level; undefined where it is not set. */
export interface SettingLevels {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}
