// A loopback stand-in for GitHub's issues REST API, for the end-to-end journey (scripts/e2e-journey.js): just the
// endpoints filing uses, answering as github.com does (status codes, JSON shapes, rate-limit headers, error
// bodies), on 127.0.0.1 only. Every request is recorded (with whether it carried the token) so a test can count
// what was created and prove where the token went.
//   GET  /user                                                 -> 200 { login, id, type } of the token's account
//   GET  /search/issues?q="<phrase>" repo:OWNER/REPO in:body   -> 200 { total_count, incomplete_results, items }
//   GET  /repos/OWNER/REPO/issues?creator=LOGIN&state=all&sort=created&direction=desc -> 200 [issue…], newest first
//   POST /repos/OWNER/REPO/issues  { title, body?, labels?, type? } -> 201 issue (Location header), 422 without a title
// Anything else: 404 { message: "Not Found" }; a missing or wrong token: 401 { message: "Bad credentials" }.
'use strict';
const http = require('http');

const DOCS = 'https://docs.github.com/rest';

/**
 * @param {{ token: string, repo: string }} o  the only token accepted, and the only repository ("owner/name")
 * @returns {Promise<{ url: string, issues: object[], requests: {method: string, path: string, status: number, authorized: boolean}[], close: () => Promise<void> }>}
 */
function startFakeGitHub({ token, repo }) {
  const issues = [];
  const requests = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const url = new URL(req.url || '/', 'http://127.0.0.1');
      const send = (status, data, headers = {}) => {
        requests.push({ method: req.method, path: url.pathname, status, authorized: !!req.headers.authorization });
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'x-github-api-version-selected': '2022-11-28',
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': String(5000 - requests.length),
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
          'x-ratelimit-resource': url.pathname.startsWith('/search/') ? 'search' : 'core',
          ...headers,
        });
        res.end(JSON.stringify(data));
      };
      if (req.headers.authorization !== `Bearer ${token}` && req.headers.authorization !== `token ${token}`) {
        return send(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
      }
      if (req.method === 'GET' && url.pathname === '/user') {
        return send(200, { login: 'on-call', id: 1, node_id: 'U_1', type: 'User', site_admin: false });
      }
      if (req.method === 'GET' && url.pathname.toLowerCase() === `/repos/${repo.toLowerCase()}/issues`) {
        const creator = url.searchParams.get('creator');
        const state = url.searchParams.get('state') || 'open';
        const items = issues.filter((i) => (!creator || i.user.login.toLowerCase() === creator.toLowerCase()) && (state === 'all' || i.state === state));
        return send(200, url.searchParams.get('direction') === 'asc' ? items : [...items].reverse());
      }
      if (req.method === 'GET' && url.pathname === '/search/issues') {
        const q = url.searchParams.get('q') || '';
        const phrases = [...q.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
        const inRepo = /(?:^|\s)repo:(\S+)/.exec(q)?.[1];
        const items = issues.filter((i) => (!inRepo || inRepo.toLowerCase() === repo.toLowerCase())
          && phrases.every((p) => `${i.title}\n${i.body || ''}`.includes(p)));
        return send(200, { total_count: items.length, incomplete_results: false, items });
      }
      if (req.method === 'POST' && url.pathname.toLowerCase() === `/repos/${repo.toLowerCase()}/issues`) {
        let input;
        try {
          input = JSON.parse(raw);
        } catch {
          return send(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
        }
        if (typeof input.title !== 'string' || !input.title) {
          return send(422, { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }], documentation_url: DOCS, status: '422' });
        }
        const number = issues.length + 1;
        const apiUrl = `http://127.0.0.1:${server.address().port}/repos/${repo}/issues/${number}`;
        const issue = {
          id: 1000 + number,
          node_id: `I_fake${number}`,
          number,
          url: apiUrl,
          html_url: `https://github.com/${repo}/issues/${number}`,
          title: input.title,
          body: typeof input.body === 'string' ? input.body : null,
          labels: (input.labels || []).map((name, i) => ({ id: i + 1, name: String(name), color: 'ededed', default: false })),
          state: 'open',
          user: { login: 'on-call', id: 1, type: 'User' },
          created_at: new Date().toISOString(),
          ...(input.type ? { type: { name: String(input.type) } } : {}),
        };
        issues.push(issue);
        return send(201, issue, { location: apiUrl });
      }
      return send(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}`,
      issues,
      requests,
      close: () => new Promise((r) => server.close(() => r())),
    }));
  });
}

module.exports = { startFakeGitHub };
