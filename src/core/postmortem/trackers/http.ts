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

/**
 * A tracker said no, or could not be reached (status 0). The message is the tracker's own, with secrets scrubbed.
 * `notSent`: the request certainly never reached the tracker (refused connection, unknown host, a host the token may
 * not go to), so it cannot have created anything.
 */
export class TrackerError extends Error {
  constructor(readonly status: number, message: string, readonly notSent = false) {
    super(message);
    this.name = 'TrackerError';
  }
}

/**
 * Whether a failed create may still have created the issue: the request left, and no answer said it did nothing
 * (a timeout or dropped connection after sending, a 5xx, a 2xx whose body makes no sense). 4xx answers are refusals.
 */
export function outcomeUnknown(e: TrackerError): boolean {
  return !e.notSent && (e.status === 0 || e.status === 408 || e.status >= 500 || (e.status >= 200 && e.status < 300));
}

/** Network errors that happen before a request is sent: nothing can have been created. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UND_ERR_CONNECT_TIMEOUT']);

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
  /**
   * The only origin (scheme://host:port) requests may go to: the token's home. A URL the tracker hands back (a
   * `Link: rel="next"`, a redirect) pointing anywhere else is refused before anything is sent.
   */
  readonly origin?: string;
}

interface BodyReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
}

/** Anything shaped like the global `fetch`. */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal; redirect?: 'manual' }) => Promise<{
  readonly status: number;
  readonly headers: { forEach(cb: (value: string, name: string) => void): void };
  readonly body?: { getReader(): BodyReader } | null;
  text(): Promise<string>;
}>;

/** The most of a tracker's answer read (default): a page of 100 issues with long bodies fits; a hostile stream stops. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * An HttpClient over a fetch function. Redirects are never followed (`redirect: 'manual'`: Node's fetch would
 * resend custom headers such as GitLab's PRIVATE-TOKEN to wherever a redirect points); a 3xx comes back as it is.
 * Answers are read up to `maxBodyBytes`. Network failures keep their cause's code (ECONNRESET, ENOTFOUND, …).
 */
export function httpClientOverFetch(fetchFn: FetchLike, options: { timeoutMs?: number; maxBodyBytes?: number } = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return {
    async request(req) {
      let res;
      try {
        res = await fetchFn(req.url, { method: req.method, headers: { ...req.headers }, body: req.body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        const detail = cause?.code ?? cause?.message;
        throw Object.assign(new Error(`${(e as Error).message}${detail ? ` (${detail})` : ''}`, { cause: e }), { code: cause?.code });
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      if (Number(headers['content-length']) > maxBytes) {
        await res.body?.getReader().cancel();
        throw new Error(`the answer is larger than ${maxBytes} bytes (content-length ${headers['content-length']}); not read`);
      }
      return { status: res.status, headers, body: await readCapped(res, maxBytes) };
    },
  };
}

async function readCapped(res: { body?: { getReader(): BodyReader } | null; text(): Promise<string> }, maxBytes: number): Promise<string> {
  if (!res.body) {
    const text = await res.text();
    if (text.length > maxBytes) {
      throw new Error(`the answer is larger than ${maxBytes} bytes; not read`);
    }
    return text;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    if (value) {
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new Error(`the answer is larger than ${maxBytes} bytes; stopped reading`);
      }
      chunks.push(value);
    }
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
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
  private readonly origin: string | undefined;

  constructor(private readonly client: HttpClient, options: TrackerHttpOptions = {}) {
    this.maxRetries = options.maxRetries ?? 3;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.sleep = options.sleep ?? DEFAULT_SLEEP;
    this.now = options.now ?? Date.now;
    this.secrets = (options.secrets ?? []).filter((s) => s);
    this.origin = options.origin ? originOf(options.origin) : undefined;
  }

  /** Text from a tracker that is going to be kept (a URL written into the review): refused if it holds a secret. */
  clean(text: string, what: string): string {
    if (scrub(text, this.secrets) !== text) {
      throw new TrackerError(0, `the tracker answered with a ${what} that holds the token; not kept`);
    }
    return text;
  }

  /** Scrub secrets out of any text that may leave this module. */
  scrub(text: string): string {
    return scrub(text, this.secrets);
  }

  send(req: HttpRequest, options: SendOptions = {}): Promise<HttpResponse> {
    const target = originOf(req.url);
    if (this.origin && target !== this.origin) {
      return Promise.reject(new TrackerError(0, this.scrub(`refusing to send the token to ${target ?? 'an invalid URL'}: it goes only to ${this.origin}`), true));
    }
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
    let redirects = 0;
    for (let attempt = 0; ; attempt++) {
      let res: HttpResponse;
      try {
        res = await this.client.request(req);
      } catch (e) {
        const code = (e as { code?: unknown })?.code;
        const error = new TrackerError(0, this.scrub(`${req.method} ${pathOf(req.url)}: network error: ${(e as Error)?.message ?? String(e)}`), typeof code === 'string' && NOT_SENT.has(code));
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
      // A read redirected within the token's origin (GitHub moves a renamed repository's API with a 301) is followed,
      // a few times; any other redirect is an error (see errorFor).
      const location = res.status >= 301 && res.status <= 308 && req.method === 'GET' ? res.headers.location : undefined;
      if (location !== undefined && redirects < 3 && this.origin && originOf(location, req.url) === this.origin) {
        redirects++;
        attempt--;
        req = { ...req, url: new URL(location, req.url).href };
        continue;
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
    const location = res.status >= 300 && res.status < 400 ? res.headers.location : undefined;
    const hint = location !== undefined ? ` (a redirect to ${originOf(location, req.url) ?? 'an invalid URL'}, not followed: the token is sent only where you set)` : res.status === 401 ? ' (check the token)' : retryDelay !== undefined && (res.status === 429 || res.status === 403) ? ` (rate limited; retry in ${Math.ceil(retryDelay / 1000)} s)` : '';
    return new TrackerError(res.status, this.scrub(`${req.method} ${pathOf(req.url)}: ${res.status} ${printable(said)}${hint}`));
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** `scheme://host:port` of a URL (relative to `base`), or undefined when it is not one. */
export function originOf(url: string, base?: string): string | undefined {
  try {
    return new URL(url, base).origin;
  } catch {
    return undefined;
  }
}

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

/** A tracker's JSON, read defensively: an object's field, or undefined. */
export function field(v: unknown, name: string): unknown {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[name] : undefined;
}

/** A string field (at most `max` characters), or undefined. */
export function str(v: unknown, name: string, max = 2048): string | undefined {
  const x = field(v, name);
  return typeof x === 'string' && x.length <= max ? x : undefined;
}

/** An integer field, or undefined. */
export function int(v: unknown, name: string): number | undefined {
  const x = field(v, name);
  return typeof x === 'number' && Number.isSafeInteger(x) ? x : undefined;
}

/** An http(s) URL field, or undefined. */
export function webUrl(v: unknown, name: string): string | undefined {
  const x = str(v, name);
  // eslint-disable-next-line no-control-regex -- a link with control characters is not kept
  return x !== undefined && /^https?:\/\/[^\s\u0000-\u001f\u007f-\u009f]+$/.test(x) ? x : undefined;
}

/** A tracker's text made safe to print: control characters (terminal escapes) become `?`. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

/** A name (login, display name) from a tracker, printable and short, or undefined. */
export function name(v: unknown, field: string): string | undefined {
  const x = str(v, field, 255);
  return x === undefined ? undefined : printable(x);
}

/** A list (or an object's list field); anything else is empty. */
export function list(v: unknown, name?: string): unknown[] {
  const x = name === undefined ? v : field(v, name);
  return Array.isArray(x) ? x : [];
}
