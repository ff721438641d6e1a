// Link and image targets as written in a runbook's source: which are files of the tree, and where a target is written.
import { isAbsoluteUrl } from './paths';
import { decodePercent, type Span } from './text';

/** A link or image target worth checking on disk: relative, not a URL, a root-relative path or a site shortcode. */
export function isRelativeTarget(href: string): boolean {
  const h = href.trim();
  return h !== '' && !isAbsoluteUrl(h) && !h.startsWith('/') && !h.includes('{{') && !/%7B%7B/i.test(h) && !h.startsWith('<');
}

/**
 * Where `href` is written: on the link's line (as written or percent-decoded), else in a reference definition
 * `[label]: href` anywhere in the document.
 */
export function hrefSpan(lines: readonly string[], line: number, href: string): Span | undefined {
  const forms = [...new Set([href, decodePercent(href), href.replace(/%20/g, ' ')])];
  const text = lines[line] ?? '';
  for (const f of forms) {
    // Prefer an occurrence right after `](` or `](<`.
    for (const lead of ['](', '](<', '']) {
      const at = text.indexOf(lead + f);
      if (at !== -1) {
        const start = at + lead.length;
        return { line, character: start, endLine: line, endCharacter: start + f.length };
      }
    }
  }
  for (let i = 0; i < lines.length; i++) {
    const m = /^( {0,3}\[[^\]]+\]:[ \t]*<?)(\S+?)>?(?:[ \t]|$)/.exec(lines[i]);
    if (m && forms.includes(m[2])) {
      return { line: i, character: m[1].length, endLine: i, endCharacter: m[1].length + m[2].length };
    }
  }
  return undefined;
}
