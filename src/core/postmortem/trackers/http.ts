// HTTP for issue trackers: an injected client (the core never opens a socket), bounded retries that honour the
// trackers' rate-limit headers, one request at a time, and errors that never carry a token.

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** How requests reach the network: the CLI and the extension pass one over `fetch`, tests one over loopback. */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

/** A tracker said no, or could not be reached (status 0). The message is the tracker's own, with secrets scrubbed. */
export class TrackerError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'TrackerError';
  }
}

export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  readonly maxRetries?: number;
  /** The longest the client waits in all for one request, in ms (default 60 000); a longer wait fails at once. */
  readonly maxWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch (default Date.now). */
  readonly now?: () => number;
}

export interface TrackerHttpOptions extends RetryOptions {
  /** Strings that must never appear in an error: tokens, passwords. */
  readonly secrets?: readonly string[];
}

/** Anything shaped like the global `fetch`. */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  readonly status: number;
  readonly headers: { forEach(cb: (value: string, name: string) => void): void };
  text(): Promise<string>;
}>;

/** An HttpClient over a fetch function; network failures keep their cause's code (ECONNRESET, ENOTFOUND, …). */
export function httpClientOverFetch(fetchFn: FetchLike, options: { timeoutMs?: number } = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    async request(req) {
      let res;
      try {
        res = await fetchFn(req.url, { method: req.method, headers: { ...req.headers }, body: req.body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        const detail = cause?.code ?? cause?.message;
        throw new Error(`${(e as Error).message}${detail ? ` (${detail})` : ''}`, { cause: e });
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return { status: res.status, headers, body: await res.text() };
    },
  };
}

const DEFAULT_SLEEP = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Replace every secret (and its URL-encoded and Basic-auth forms) with `***`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) {
      continue;
    }
    for (const form of new Set([s, encodeURIComponent(s)])) {
      out = out.split(form).join('***');
    }
  }
  return out;
}

/** The error a tracker put in its body: GitHub/GitLab `message`/`error`, Jira `errorMessages` and `errors`. */
export function errorMessageOf(body: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    return text ? text.slice(0, 200) : undefined;
  }
  if (!json || typeof json !== 'object') {
    return undefined;
  }
  const o = json as Record<string, unknown>;
  const parts: string[] = [];
  const add = (v: unknown, prefix = '') => {
    if (typeof v === 'string' && v) {
      parts.push(prefix + v);
    } else if (Array.isArray(v)) {
      v.forEach((x) => add(typeof x === 'object' && x && 'message' in x ? (x as { message: unknown }).message : typeof x === 'object' && x && 'code' in x ? `${(x as { field?: string }).field ?? ''} ${(x as { code: string }).code}`.trim() : x, prefix));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        add(x, `${k}: `);
      }
    }
  };
  add(o.message);
  add(o.error);
  add(o.error_description);
  add(o.errorMessages);
  add(o.errors);
  return parts.length ? parts.join('; ').slice(0, 500) : undefined;
}

/** How long to wait before retrying this response, in ms, or undefined when it is not worth retrying. */
export function retryDelayMs(res: HttpResponse, attempt: number, now: number, idempotent: boolean): number | undefined {
  const h = res.headers;
  const retryAfter = h['retry-after'];
  let hinted: number | undefined;
  if (retryAfter !== undefined) {
    const trimmed = retryAfter.trim();
    if (/^\d+$/.test(trimmed)) {
      hinted = Number(trimmed) * 1000;
    } else {
      const at = Date.parse(trimmed);
      if (!Number.isNaN(at)) {
        hinted = Math.max(0, at - now);
      }
    }
  }
  const resetHeader = h['x-ratelimit-reset'] ?? h['ratelimit-reset'];
  const exhausted = (h['x-ratelimit-remaining'] ?? h['ratelimit-remaining']) === '0';
  if (hinted === undefined && exhausted && resetHeader !== undefined && /^\d+$/.test(resetHeader.trim())) {
    const reset = Number(resetHeader.trim());
    // GitHub sends epoch seconds; a small number is seconds from now (GitLab's RateLimit-Reset is epoch too).
    hinted = Math.max(0, reset > 1e9 ? reset * 1000 - now : reset * 1000);
  }
  const backoff = 1000 * 2 ** attempt;
  if (res.status === 429) {
    return hinted ?? backoff;
  }
  if (res.status === 403) {
    // GitHub's primary and secondary rate limits are 403s with these headers; any other 403 is a real refusal.
    const secondary = /secondary rate limit|abuse/i.test(res.body);
    return hinted ?? (exhausted || secondary ? 60_000 : undefined);
  }
  if (idempotent && (res.status === 500 || res.status === 502 || res.status === 503 || res.status === 504)) {
    return hinted ?? backoff;
  }
  return undefined;
}

export interface SendOptions {
  /** Whether repeating the request cannot create anything twice: GETs and searches. Creates are retried only on
   * rate limits, when the tracker says it did nothing; never after a 5xx or a dropped connection. */
  readonly idempotent?: boolean;
}

/**
 * Requests to one tracker: one at a time, retried within the bounds, and failing with a TrackerError whose message
 * is the tracker's (scrubbed). A non-2xx status that is not retried is an error.
 */
export class TrackerHttp {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly maxRetries: number;
  private readonly maxWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly secrets: readonly string[];

  constructor(private readonly client: HttpClient, options: TrackerHttpOptions = {}) {
    this.maxRetries = options.maxRetries ?? 3;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.sleep = options.sleep ?? DEFAULT_SLEEP;
    this.now = options.now ?? Date.now;
    this.secrets = (options.secrets ?? []).filter((s) => s);
  }

  /** Scrub secrets out of any text that may leave this module. */
  scrub(text: string): string {
    return scrub(text, this.secrets);
  }

  send(req: HttpRequest, options: SendOptions = {}): Promise<HttpResponse> {
    const run = this.queue.then(() => this.attempt(req, options.idempotent ?? req.method === 'GET'));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Send and parse the JSON body of a 2xx response. */
  async json<T>(req: HttpRequest, options: SendOptions = {}): Promise<{ data: T; headers: Readonly<Record<string, string>> }> {
    const res = await this.send(req, options);
    try {
      return { data: JSON.parse(res.body) as T, headers: res.headers };
    } catch {
      throw new TrackerError(res.status, this.scrub(`${req.method} ${pathOf(req.url)}: the tracker answered ${res.status} with a body that is not JSON`));
    }
  }

  private async attempt(req: HttpRequest, idempotent: boolean): Promise<HttpResponse> {
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      let res: HttpResponse;
      try {
        res = await this.client.request(req);
      } catch (e) {
        const error = new TrackerError(0, this.scrub(`${req.method} ${pathOf(req.url)}: network error: ${(e as Error)?.message ?? String(e)}`));
        const delay = 1000 * 2 ** attempt;
        if (!idempotent || attempt >= this.maxRetries || waited + delay > this.maxWaitMs) {
          throw error;
        }
        waited += delay;
        await this.sleep(delay);
        continue;
      }
      if (res.status >= 200 && res.status < 300) {
        return res;
      }
      const delay = retryDelayMs(res, attempt, this.now(), idempotent);
      if (delay === undefined || attempt >= this.maxRetries || waited + delay > this.maxWaitMs) {
        throw this.errorFor(req, res, delay !== undefined ? delay : undefined);
      }
      waited += delay;
      await this.sleep(delay);
    }
  }

  private errorFor(req: HttpRequest, res: HttpResponse, retryDelay: number | undefined): TrackerError {
    const said = errorMessageOf(res.body) ?? STATUS_TEXT[res.status] ?? 'request failed';
    const hint = res.status === 401 ? ' (check the token)' : retryDelay !== undefined && (res.status === 429 || res.status === 403) ? ` (rate limited; retry in ${Math.ceil(retryDelay / 1000)} s)` : '';
    return new TrackerError(res.status, this.scrub(`${req.method} ${pathOf(req.url)}: ${res.status} ${said}${hint}`));
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** The path of a URL without its query (a search query may hold user text, never a token; kept short anyway). */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The `rel="next"` URL of a Link header. */
export function nextLink(link: string | undefined): string | undefined {
  if (!link) {
    return undefined;
  }
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (m && /\brel="?([^";]*\s)?next(\s[^";]*)?"?/.test(m[2])) {
      return m[1];
    }
  }
  return undefined;
}

/** `btoa` of UTF-8 text (Basic auth with non-ASCII e-mail addresses). */
export function base64(text: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary);
}
