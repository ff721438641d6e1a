// Spelling suggestions ("did you mean …?"): Levenshtein distance and the closest candidate.

/** One row of the distance table, reused between calls (grown as needed). */
let row = new Uint32Array(64);

/**
 * Levenshtein distance, case-sensitive. With `limit`, any distance above it is reported as `limit + 1`: only the
 * cells within `limit` of the diagonal are computed, and the work stops as soon as a whole row is above it.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) {
    return 0;
  }
  if (Math.abs(a.length - b.length) > limit) {
    return limit + 1;
  }
  const k = Math.min(limit, Math.max(a.length, b.length)); // no distance is larger
  const far = k + 1; // any cell outside the band
  if (row.length <= b.length + 1) {
    row = new Uint32Array(b.length + 2);
  }
  const prev = row;
  for (let j = 0; j <= b.length; j++) {
    prev[j] = j <= k ? j : far;
  }
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - k);
    const hi = Math.min(b.length, i + k);
    let diagonal = prev[lo - 1];
    let left = lo === 1 && i <= k ? i : far;
    prev[lo - 1] = left;
    let least = left;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const up = prev[j];
      const d = Math.min(up + 1, left + 1, diagonal + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      diagonal = up;
      prev[j] = d;
      left = d;
      if (d < least) {
        least = d;
      }
    }
    if (hi < b.length) {
      prev[hi + 1] = far; // the next row's band reaches one further: what is above it there is outside this one
    }
    if (least > k) {
      return limit + 1;
    }
  }
  const d = prev[b.length];
  return d > k ? limit + 1 : d;
}

/** The candidate closest to `word`, ignoring case (ties: the first), if within `max` edits. */
export function closest(word: string, candidates: Iterable<string>, max: number): string | undefined {
  let best: string | undefined;
  let bestDistance = max + 1;
  const w = word.toLowerCase();
  for (const c of candidates) {
    // The lengths alone bound the distance from below: most of thousands of alert names are skipped unread (the
    // lower case is never shorter, so this holds before lower-casing; editDistance checks the other way).
    if (c.length - w.length > bestDistance - 1) {
      continue;
    }
    const d = editDistance(w, c.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
