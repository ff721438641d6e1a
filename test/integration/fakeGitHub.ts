// Just enough of GitHub's REST API, on 127.0.0.1, for filing in a real extension host: who am I, search, the
// consistent listing of an account's issues, create. Every request is recorded with its Authorization header, so a
// test can prove a server got no token at all. Not a test file (no .test.).
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface FakeIssue { number: number; html_url: string; title: string; body: string; labels: string[]; user: { login: string; id: number }; created_at: string }

export interface FakeGitHub {
  readonly server: http.Server;
  readonly url: string;
  readonly issues: FakeIssue[];
  /** Every request: method, path and the Authorization header it carried (undefined: none). */
  readonly requests: { method: string; path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

export function fakeGitHub(token: string, repo = 'acme/shop'): Promise<FakeGitHub> {
  const issues: FakeIssue[] = [];
  const requests: FakeGitHub['requests'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
      const send = (status: number, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(data));
      };
      if (req.headers.authorization !== `Bearer ${token}`) {
        return send(401, { message: 'Bad credentials' });
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' && url.pathname === '/user') {
        return send(200, { login: 'on-call', id: 1, type: 'User' });
      }
      if (req.method === 'GET' && url.pathname === '/search/issues') {
        const q = url.searchParams.get('q') ?? '';
        const phrase = /"([^"]*)"/.exec(q)?.[1] ?? '';
        const items = issues.filter((i) => i.body.includes(phrase));
        return send(200, { total_count: items.length, incomplete_results: false, items });
      }
      if (url.pathname === `/repos/${repo}/issues`) {
        if (req.method === 'GET') {
          const creator = url.searchParams.get('creator');
          return send(200, issues.filter((i) => !creator || i.user.login === creator).reverse());
        }
        if (req.method === 'POST') {
          const input = JSON.parse(body) as { title: string; body: string; labels: string[] };
          const n = issues.length + 1;
          const issue = { number: n, html_url: `https://github.example/${repo}/issues/${n}`, user: { login: 'on-call', id: 1 }, created_at: new Date().toISOString(), ...input };
          issues.push(issue);
          return send(201, issue);
        }
      }
      send(404, { message: 'Not Found' });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    issues,
    requests,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  })));
}
