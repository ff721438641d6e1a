import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseUrlProblem, decideBaseUrl, decideCliBaseUrl, describeTarget, isGitHubDotCom } from '../../../../../src/core/postmortem/trackers/hosts';

describe('where a tracker token may go', () => {
  it('uses the User setting, never a workspace or folder value, and reports those', () => {
    const d = decideBaseUrl('github', { globalValue: 'https://ghe.example.com/api/v3/', workspaceValue: 'http://127.0.0.1:9/', workspaceFolderValue: 'https://evil.example' });
    assert.equal(d.url, 'https://ghe.example.com/api/v3');
    assert.equal(d.source, 'user');
    assert.deepEqual(d.ignored, [{ scope: 'workspace', value: 'http://127.0.0.1:9/' }, { scope: 'workspaceFolder', value: 'https://evil.example' }]);
  });

  it('falls back to the provider\'s own host when only the workspace names one', () => {
    const gh = decideBaseUrl('github', { workspaceValue: 'https://attacker.example/api' });
    assert.deepEqual([gh.url, gh.source, gh.ignored.length], ['https://api.github.com', 'default', 1]);
    const gl = decideBaseUrl('gitlab', { workspaceFolderValue: 'https://attacker.example' });
    assert.deepEqual([gl.url, gl.ignored.length], ['https://gitlab.com', 1]);
    assert.deepEqual(decideBaseUrl('gitlab', undefined), { url: 'https://gitlab.com', source: 'default', ignored: [] });
  });

  it('has no Jira site unless the user set one', () => {
    const d = decideBaseUrl('jira', { workspaceValue: 'https://attacker.atlassian.net' });
    assert.equal(d.url, undefined);
    assert.match(d.error ?? '', /runbooks\.trackers\.jiraUrl in your User settings/);
    assert.equal(d.ignored.length, 1);
    assert.equal(decideBaseUrl('jira', { globalValue: 'https://acme.atlassian.net' }).url, 'https://acme.atlassian.net');
  });

  it('does not report a workspace value equal to the user\'s', () => {
    assert.deepEqual(decideBaseUrl('gitlab', { globalValue: 'https://git.acme.dev', workspaceValue: 'https://git.acme.dev/' }).ignored, []);
  });

  it('refuses addresses that would leak the token', () => {
    assert.match(baseUrlProblem('http://ghe.example.com/api/v3') ?? '', /must be https/);
    assert.equal(baseUrlProblem('http://127.0.0.1:8080'), undefined);
    assert.equal(baseUrlProblem('http://localhost:8080'), undefined);
    assert.match(baseUrlProblem('https://user:pw@ghe.example.com') ?? '', /user name or password/);
    assert.match(baseUrlProblem('https://ghe.example.com/?x=1') ?? '', /query or fragment/);
    assert.match(baseUrlProblem('ghe.example.com') ?? '', /not a URL/);
    assert.match(decideBaseUrl('github', { globalValue: 'http://ghe.example.com' }).error ?? '', /runbooks\.trackers\.githubApiUrl in your User settings: .*must be https/);
  });

  it('takes the CLI\'s flag or environment value, else the provider\'s host', () => {
    assert.deepEqual(decideCliBaseUrl('github', undefined, 'GITHUB_API_URL'), { url: 'https://api.github.com', source: 'default', ignored: [] });
    assert.equal(decideCliBaseUrl('gitlab', 'https://git.acme.dev/', 'GITLAB_URL').url, 'https://git.acme.dev');
    assert.match(decideCliBaseUrl('jira', undefined, 'JIRA_URL').error ?? '', /set JIRA_URL/);
  });

  it('names the host in confirmations', () => {
    assert.equal(describeTarget('github', 'o/r', 'https://api.github.com'), 'github.com/o/r via https://api.github.com');
    assert.equal(describeTarget('github', 'o/r', 'https://ghe.example.com/api/v3'), 'ghe.example.com/o/r via https://ghe.example.com/api/v3');
    assert.equal(describeTarget('gitlab', 'g/p', 'https://gitlab.com/'), 'gitlab.com/g/p via https://gitlab.com');
    assert.equal(describeTarget('jira', 'OPS', 'https://acme.atlassian.net'), 'jira OPS via https://acme.atlassian.net');
    assert.ok(isGitHubDotCom('https://api.github.com/'));
    assert.ok(!isGitHubDotCom('https://api.github.com.evil.example'));
  });
});
