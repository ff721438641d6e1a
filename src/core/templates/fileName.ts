// What the user types, made safe: a one-line title, the file name it gives, and a folder that stays inside the
// workspace. Whatever the title, the file name is one path segment of letters, digits and `-`, ending in `.md`.

export const MAX_TITLE_LENGTH = 120;
/** Slugs are cut at a word boundary below this many characters. */
const MAX_SLUG_LENGTH = 80;
/** File names Windows refuses whatever the extension. */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** Control characters and line breaks become spaces, runs of white space one space; trimmed. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Why `title` cannot name a new runbook, or undefined when it can. */
export function titleProblem(title: string): string | undefined {
  const t = oneLine(title);
  if (t === '') {
    return 'Enter a title, e.g. "Checkout pods not ready".';
  }
  if (t.length > MAX_TITLE_LENGTH) {
    return `The title is ${t.length} characters long: at most ${MAX_TITLE_LENGTH}.`;
  }
  if (!/[\p{L}\p{N}]/u.test(t)) {
    return 'The title needs at least one letter or digit: it names the file.';
  }
  return undefined;
}

/**
 * The file name of a new runbook (kebab case, as the runbooks of this repository): `Disk almost full!` →
 * `disk-almost-full`. Letters (any script), marks and digits are kept, apostrophes dropped, anything else (`/`, `\`,
 * `.`, blanks, punctuation) separates words. Never empty, never a Windows device name.
 */
export function fileSlug(title: string): string {
  let s = oneLine(title).normalize('NFC').toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (s.length > MAX_SLUG_LENGTH) {
    const cut = s.slice(0, MAX_SLUG_LENGTH);
    const dash = cut.lastIndexOf('-');
    s = (dash > MAX_SLUG_LENGTH / 2 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
  }
  if (s === '') {
    return 'runbook';
  }
  return RESERVED.test(s) ? `${s}-runbook` : s;
}

/** `<slug>.md`. */
export function runbookFileName(title: string): string {
  return `${fileSlug(title)}.md`;
}

/**
 * A folder setting or argument as path segments under a workspace folder (`''` and `.` are the folder itself), or
 * undefined when it would leave it: `..` anywhere, an absolute path (`/x`, `\x`, `C:`), or a home path (`~`).
 */
export function folderSegments(folder: string): string[] | undefined {
  const f = folder.trim();
  if (/^[\\/~]|^[A-Za-z]:/.test(f)) {
    return undefined;
  }
  const segments = f.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  // eslint-disable-next-line no-control-regex -- a folder name with control characters is not one to create
  return segments.some((s) => s === '..' || /[\u0000-\u001f]/.test(s)) ? undefined : segments;
}
