// Where a tracker token may go. A token (VS Code's GitHub sign-in, SecretStorage, the CLI's environment) goes only
// to its provider's own API host, or to a host the USER chose: user settings, CLI flags or environment. Never to a
// host a repository names in `.vscode/settings.json` or a `.code-workspace` file: a cloned repository could
// otherwise point `githubApiUrl` at its own server and receive a `repo`-scope token.

export type TrackerKind = 'github' | 'gitlab' | 'jira';

/** The provider's own API host, used when the user set none (Jira has none: every site is the user's). */
export const DEFAULT_BASE_URL: Readonly<Record<TrackerKind, string | undefined>> = {
  github: 'https://api.github.com',
  gitlab: 'https://gitlab.com',
  jira: undefined,
};

/** The setting (under `runbooks.`) and the CLI's environment variable that set each tracker's address. */
export const URL_SETTING: Readonly<Record<TrackerKind, { readonly setting: string; readonly env: string }>> = {
  github: { setting: 'trackers.githubApiUrl', env: 'GITHUB_API_URL' },
  gitlab: { setting: 'trackers.gitlabUrl', env: 'GITLAB_URL' },
  jira: { setting: 'trackers.jiraUrl', env: 'JIRA_URL' },
};

/** A URL setting as VS Code's `inspect()` reports it. */
export interface UrlSettingValues {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

export interface BaseUrlDecision {
  /** Where the token goes; undefined with `error`. */
  readonly url?: string;
  /** Where the URL came from. */
  readonly source?: 'default' | 'user';
  readonly error?: string;
  /** Values set by the workspace or its folder that were not used (the caller warns once, naming the file). */
  readonly ignored: readonly { readonly scope: 'workspace' | 'workspaceFolder'; readonly value: string }[];
}

/** Hosts for which plain http is acceptable: the token never leaves the machine. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Why a base URL cannot carry a token, or undefined when it can: https (http only to this machine), no user name or
 * password in it, no query or fragment.
 */
export function baseUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `'${url}' is not a URL`;
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u.hostname))) {
    return `'${url}' must be https:// (plain http only to localhost): the token would travel in clear`;
  }
  if (u.username || u.password) {
    return 'the URL must not hold a user name or password';
  }
  if (u.search || u.hash) {
    return `'${url}' must not have a query or fragment`;
  }
  return undefined;
}

/** The URL without trailing slashes. */
function normal(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/**
 * The extension's decision: the user's value (`globalValue`) or the provider's default; workspace and folder values
 * are reported as ignored, never used.
 */
export function decideBaseUrl(kind: TrackerKind, values: UrlSettingValues | undefined): BaseUrlDecision {
  const ignored: { scope: 'workspace' | 'workspaceFolder'; value: string }[] = [];
  for (const scope of ['workspace', 'workspaceFolder'] as const) {
    const v = values?.[`${scope}Value`];
    if (typeof v === 'string' && v.trim() && normal(v) !== normal(String(values?.globalValue ?? ''))) {
      ignored.push({ scope, value: v.trim() });
    }
  }
  const user = typeof values?.globalValue === 'string' && values.globalValue.trim() ? normal(values.globalValue) : undefined;
  return { ...fromValue(kind, user, `runbooks.${URL_SETTING[kind].setting} in your User settings`), ignored };
}

/** The CLI's decision: a flag or environment variable (the user's own), else the provider's default. */
export function decideCliBaseUrl(kind: TrackerKind, value: string | undefined, from: string): BaseUrlDecision {
  return { ...fromValue(kind, value?.trim() ? normal(value) : undefined, from), ignored: [] };
}

function fromValue(kind: TrackerKind, user: string | undefined, where: string): Omit<BaseUrlDecision, 'ignored'> {
  if (user) {
    const problem = baseUrlProblem(user);
    return problem ? { error: `${where}: ${problem}` } : { url: user, source: 'user' };
  }
  const fallback = DEFAULT_BASE_URL[kind];
  return fallback ? { url: fallback, source: 'default' } : { error: `filing in Jira needs the site's address: set ${where}` };
}

/** Whether a token from VS Code's GitHub sign-in (a github.com token) may go to this API. */
export function isGitHubDotCom(url: string): boolean {
  return normal(url) === DEFAULT_BASE_URL.github;
}

/**
 * Where issues go and where the token goes, as confirmations name them: `github.com/acme/payments via
 * https://api.github.com`, `gitlab.example.com/group/project via https://gitlab.example.com`, `jira OPS via https://x.atlassian.net`.
 */
export function describeTarget(kind: TrackerKind, project: string, baseUrl: string): string {
  const base = normal(baseUrl);
  if (kind === 'jira') {
    return `jira ${project} via ${base}`;
  }
  let host = base;
  try {
    host = new URL(base).host;
  } catch {
    // shown as it is
  }
  return `${kind === 'github' && base === DEFAULT_BASE_URL.github ? 'github.com' : host}/${project} via ${base}`;
}
