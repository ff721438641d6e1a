// Paths as the core sees them: opaque `/`-separated keys, either plain paths (`/w/runbooks/disk.md`) or URI strings
// (`file:///w/runbooks/disk.md`, `vscode-vfs://github/o/r/x.md`) whose `scheme://authority` head is kept apart.

/** `scheme://authority` at the start of a URI string. */
const URI_HEAD = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;
/** A URL with a scheme (`https:`, `mailto:`; two letters at least: `C:` is a drive), or protocol-relative. */
const ABSOLUTE_URL = /^(?:[a-z][a-z0-9+.-]+:|\/\/)/i;

/** `scheme://authority` of a URI string, `''` for a plain path. */
export function uriHead(path: string): string {
  const m = URI_HEAD.exec(path);
  return m ? m[0] : '';
}

/** Is this a URI string (`scheme://…`) rather than a plain path? */
export function isUri(path: string): boolean {
  return URI_HEAD.test(path);
}

/** `https://x/y` → `x/y`: the text after a URI's `scheme://` (the text itself when it has none). */
export function withoutScheme(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
}

/** A link target with a scheme (`https:`, `mailto:`, …) or protocol-relative (`//host/x`), not a file of the tree. */
export function isAbsoluteUrl(href: string): boolean {
  return ABSOLUTE_URL.test(href);
}

/** Last path segment of a `/`-separated path or URI. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Everything before the last `/`. */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : path.slice(0, i);
}

/** Resolve `.` and `..` segments and collapse `//` (keeping a URI's `scheme://authority`). */
export function normalizePath(p: string): string {
  const prefix = uriHead(p);
  const rest = p.slice(prefix.length);
  const absolute = rest.startsWith('/');
  const out: string[] = [];
  for (const seg of rest.split('/')) {
    if (seg === '' || seg === '.') {
      continue;
    }
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') {
        out.pop();
      } else if (!absolute) {
        out.push('..');
      }
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  if (prefix) {
    return `${prefix}/${joined}`;
  }
  return absolute ? `/${joined}` : joined || '.';
}

/** `rel` resolved against the folder `dir` (an absolute `rel` keeps `dir`'s URI scheme and authority). */
export function joinPath(dir: string, rel: string): string {
  if (rel.startsWith('/')) {
    return normalizePath(`${uriHead(dir)}${rel}`);
  }
  return normalizePath(`${trimSlash(dir)}/${rel}`);
}

/** `p` without a trailing `/` (a root `/` and a URI's `scheme://` stay). */
export function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') && !p.endsWith('://') ? p.slice(0, -1) : p;
}

/** Is `path` `dir` or under it? (Both `/`-separated and normalized; a trailing slash on `dir` is ignored.) */
export function isWithin(path: string, dir: string): boolean {
  const d = dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
  return path === d || path.startsWith(d === '/' ? '/' : `${d}/`);
}

/** The folder above `dir`, or undefined at the top. */
export function parentDir(dir: string): string | undefined {
  const prefix = uriHead(dir);
  const rest = dir.slice(prefix.length);
  if (rest === '' || rest === '/' || !rest.includes('/')) {
    return undefined;
  }
  const parent = dirname(rest);
  return parent === '.' ? undefined : `${prefix}${parent}`;
}

function split(path: string): { head: string; segs: string[] } {
  const head = uriHead(path);
  return { head, segs: path.slice(head.length).split('/') };
}

/** `href` (a relative path, percent-encoded as in markdown) resolved against the folder of `from`. */
export function resolveRelative(from: string, href: string): string {
  const { head, segs } = split(from);
  const uri = head !== '';
  let rel = href;
  if (!uri) {
    try {
      rel = decodeURI(href);
    } catch {
      rel = href;
    }
  }
  const out = segs.slice(0, -1);
  for (const p of rel.split('/')) {
    if (p === '' || p === '.') {
      continue;
    }
    if (p === '..') {
      if (out.length > 1 || (out.length === 1 && out[0] !== '')) {
        out.pop();
      }
    } else {
      out.push(p);
    }
  }
  const joined = out.join('/');
  return head + (joined.startsWith('/') || head === '' ? joined : `/${joined}`);
}

/** `to` relative to the folder of `from`, for messages: `../disk.md`, `b.md`. */
export function relativePath(from: string, to: string): string {
  const a = split(from);
  const b = split(to);
  if (a.head.toLowerCase() !== b.head.toLowerCase()) {
    return to;
  }
  const dir = a.segs.slice(0, -1);
  let i = 0;
  while (i < dir.length && i < b.segs.length - 1 && dir[i] === b.segs[i]) {
    i++;
  }
  return [...dir.slice(i).map(() => '..'), ...b.segs.slice(i)].join('/');
}
