// Spelling suggestions ("did you mean …?"): Levenshtein distance and the closest candidate.

/** Levenshtein distance, case-sensitive. */
export function editDistance(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The candidate closest to `word`, ignoring case (ties: the first), if within `max` edits. */
export function closest(word: string, candidates: Iterable<string>, max: number): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    // The lengths alone bound the distance from below: most of thousands of alert names are skipped unread.
    const lc = c.toLowerCase();
    if (Math.abs(lc.length - w.length) > Math.min(max, bestDistance - 1)) {
      continue;
    }
    const d = editDistance(w, lc);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= max ? best : undefined;
}
