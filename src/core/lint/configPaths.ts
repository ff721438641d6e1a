// Path algebra of the lint configuration and the engine: paths are opaque `/`-separated strings, absolute paths or
// URI strings (`scheme://authority/…`), never touched by a file system.
import { dirname } from '../text';

/** `scheme://authority` of a URI string, or '' for a plain path. */
function uriPrefix(p: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/.exec(p);
  return m ? m[0] : '';
}

/** Resolve `.` and `..` segments and collapse `//` (keeping a URI's `scheme://authority`). */
export function normalizePath(p: string): string {
  const prefix = uriPrefix(p);
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
    return normalizePath(`${uriPrefix(dir)}${rel}`);
  }
  return normalizePath(`${trimSlash(dir)}/${rel}`);
}

/** Without a trailing `/` (but `/` and `scheme://` stay). */
export function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') && !p.endsWith('://') ? p.slice(0, -1) : p;
}

/** `path` is `dir` or inside it (both normalized; URI strings work too). */
export function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** The folder above `dir`, or undefined at the top. */
export function parentDir(dir: string): string | undefined {
  const prefix = uriPrefix(dir);
  const rest = dir.slice(prefix.length);
  if (rest === '' || rest === '/' || !rest.includes('/')) {
    return undefined;
  }
  const parent = dirname(rest);
  return parent === '.' ? undefined : `${prefix}${parent}`;
}
