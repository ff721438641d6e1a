// One tracker from a review's `tracker:` spec and the environment's credentials.
import { createGitHubTracker, GITHUB_API_URL } from './github';
import { createGitLabTracker, GITLAB_URL } from './gitlab';
import type { HttpClient, RetryOptions } from './http';
import { createJiraTracker } from './jira';
import { baseUrlProblem, describeTarget } from './hosts';
import type { Tracker } from './types';
import type { TrackerSpec } from '../../review/review';

export { TrackerError, type HttpClient, type HttpRequest, type HttpResponse } from './http';
export type { Account, IssueRef, MarkedIssue, NewIssue, Tracker } from './types';
export type { TrackerSpec } from '../../review/review';

/**
 * Credentials and addresses: the CLI's from flags and the environment, the extension's from its secret storage and
 * the USER's settings (see hosts.ts: never an address a repository chose).
 */
export interface TrackerCredentials {
  readonly githubToken?: string;
  readonly githubApiUrl?: string;
  readonly gitlabToken?: string;
  readonly gitlabUrl?: string;
  readonly jiraUrl?: string;
  readonly jiraEmail?: string;
  readonly jiraApiToken?: string;
}

/** The tracker, or what is missing to reach it (naming the environment variables the CLI reads). */
export function createTracker(spec: TrackerSpec, creds: TrackerCredentials, client: HttpClient, retry: RetryOptions = {}): Tracker | { error: string } {
  const url = spec.kind === 'github' ? creds.githubApiUrl : spec.kind === 'gitlab' ? creds.gitlabUrl : creds.jiraUrl;
  const problem = url ? baseUrlProblem(url) : undefined;
  if (problem) {
    return { error: `the ${spec.kind === 'github' ? 'GitHub API' : spec.kind === 'gitlab' ? 'GitLab' : 'Jira'} address: ${problem}` };
  }
  switch (spec.kind) {
    case 'github':
      if (!creds.githubToken) {
        return { error: 'filing in GitHub needs a token: set GITHUB_TOKEN' };
      }
      return createGitHubTracker(client, { ...retry, owner: spec.owner, repo: spec.repo, token: creds.githubToken, baseUrl: creds.githubApiUrl || GITHUB_API_URL });
    case 'gitlab':
      if (!creds.gitlabToken) {
        return { error: 'filing in GitLab needs a token: set GITLAB_TOKEN' };
      }
      return createGitLabTracker(client, { ...retry, project: spec.project, token: creds.gitlabToken, baseUrl: creds.gitlabUrl || GITLAB_URL });
    case 'jira': {
      const missing = [!creds.jiraUrl && 'JIRA_URL', !creds.jiraEmail && 'JIRA_EMAIL', !creds.jiraApiToken && 'JIRA_API_TOKEN'].filter((x): x is string => !!x);
      if (missing.length) {
        return { error: `filing in Jira needs ${missing.join(', ')}` };
      }
      return createJiraTracker(client, { ...retry, siteUrl: creds.jiraUrl!, project: spec.project, email: creds.jiraEmail!, apiToken: creds.jiraApiToken! });
    }
  }
}

/** Where the spec points, for previews: `github owner/repo`. */
export function describeSpec(spec: TrackerSpec): string {
  return spec.kind === 'github' ? `github ${spec.owner}/${spec.repo}` : `${spec.kind} ${spec.project}`;
}

/** Where the spec points and where the token goes: `github.com/owner/repo via https://api.github.com`. */
export function describeSpecTarget(spec: TrackerSpec, baseUrl: string): string {
  return describeTarget(spec.kind, spec.kind === 'github' ? `${spec.owner}/${spec.repo}` : spec.project, baseUrl);
}
