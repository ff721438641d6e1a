// Turning file bytes into text, and small string helpers shared by the parsers and the lint rules.

export type Decoded = { readonly text: string } | { readonly error: string };

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** Decode UTF-8, refusing files that look binary (a NUL byte in the first 8 KB). */
export function decodeText(bytes: Uint8Array): Decoded {
  // The typed array's own search: a loop here runs in the interpreter for most files a short run reads.
  if (bytes.subarray(0, 8192).indexOf(0) !== -1) {
    return { error: 'looks like a binary file (NUL byte), skipped' };
  }
  return { text: decoder.decode(bytes) };
}

/**
 * A copy of `s` that does not keep the string it was sliced from alive. V8 represents substrings as views onto
 * their parent; an index that keeps a heading's text must not keep the whole file in memory with it.
 */
export function detach(s: string): string {
  // A round trip through JSON yields one flat string. (`(' ' + s).slice(1)` is a few times cheaper but leaves a slice
  // of a fresh copy: every later comparison, hash and regular expression on it goes through the slice, and the
  // resolver's queries over 5,000 alerts took 1.7× as long.)
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * Shares equal strings: the index holds thousands of copies of "namespace", "Diagnosis" or a team's handle, and keeps
 * one, detached from the text it came from.
 */
export class StringPool {
  private readonly pool = new Map<string, string>();

  get size(): number {
    return this.pool.size;
  }

  intern(s: string): string {
    let v = this.pool.get(s);
    if (v === undefined) {
      v = detach(s);
      this.pool.set(v, v);
    }
    return v;
  }

  clear(): void {
    this.pool.clear();
  }
}

/** Percent-decoding that never throws: valid `%XX` runs are decoded, invalid ones stay as written. */
export function decodePercent(s: string): string {
  if (!s.includes('%')) {
    return s;
  }
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/**
 * Append `items` to `target`, one by one: `target.push(...items)` passes every item as an argument and overflows the
 * stack once a list is long enough (around 100,000 items), which repository content can make it.
 */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) {
    target.push(item);
  }
  return target;
}

/** `a`, `a and b`, `a, b and c`. */
export function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `s` as markdown inline code, with a longer fence when it holds a backtick. */
export const code = (s: string): string => (s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``);
