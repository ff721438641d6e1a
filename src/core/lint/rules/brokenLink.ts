// RB401 broken-link: a relative link to a file that does not exist, or an `#anchor` that matches no heading (in this
// runbook, or in the linked runbook when the index has it). The fix replaces an anchor with the closest heading slug.
import { closest } from '../../closest';
import type { Heading, Runbook } from '../../model';
import { slugify } from '../../slug';
import type { LintContext, LintRule } from '../types';
import { unclosedFenceLines } from '../../fences';
import { hrefSpan, isRelativeTarget } from '../../links';
import { relativePath, resolveRelative } from '../../paths';
import { code, decodePercent, lineSpan, replaceRange } from '../../text';

export const brokenLink: LintRule = {
  id: 'RB401',
  name: 'broken-link',
  description: 'Relative links point to files that exist, and `#anchors` to headings that exist',
  tags: ['links'],
  defaultSeverity: 'warning',
  crossFile: true,
  check(context: LintContext): void {
    const { runbook, lines } = context;
    // Computed once, not once per link (a file of links to `#anchors` was quadratic).
    let own: Set<string> | undefined;
    const ownOnce = () => (own ??= ownAnchors(runbook, lines));
    // "Did you mean…" compares with every heading or runbook: for the first few broken links only, so that a file
    // of thousands of them stays linear.
    const suggest = { left: MAX_SUGGESTIONS, candidates: undefined as string[] | undefined };
    for (const link of runbook.links) {
      if (link.image) {
        continue; // RB402 missing-image
      }
      const href = link.href.trim();
      if (href.startsWith('#')) {
        checkAnchor(context, link.line, href, href.slice(1), runbook.path, ownOnce(), suggest);
        continue;
      }
      if (!isRelativeTarget(href)) {
        continue;
      }
      const hash = href.indexOf('#');
      const pathPart = (hash === -1 ? href : href.slice(0, hash)).replace(/\?.*$/, '');
      const fragment = hash === -1 ? undefined : href.slice(hash + 1);
      if (pathPart === '') {
        continue; // `?query` only
      }
      const target = resolveRelative(runbook.path, pathPart);
      if (!targetExists(context, target, pathPart.endsWith('/'))) {
        const whole = hrefSpan(lines, link.line, href);
        const written = whole ? (lines[whole.line] ?? '').slice(whole.character, whole.endCharacter) : '';
        const cut = written.search(/[?#]/);
        const span = whole ? (cut > 0 ? { ...whole, endCharacter: whole.character + cut } : whole) : lineSpan(lines, link.line);
        const suggestion = suggest.left-- > 0 ? closestRunbook(context, pathPart, suggest) : undefined;
        context.report({
          ...span,
          message: `link target ${code(pathPart)} does not exist${suggestion ? ` (did you mean ${code(suggestion)}?)` : ''}`,
        });
        continue;
      }
      if (fragment === undefined || fragment === '') {
        continue;
      }
      if (target === runbook.path) {
        checkAnchor(context, link.line, href, fragment, target, ownOnce(), suggest);
        continue;
      }
      const entry = context.runbooks.get(target);
      if (!entry || entry.problems.some((p) => /^code fence \S+ is never closed$/.test(p.message))) {
        continue; // not a runbook we know the headings of (or one whose headings an unclosed fence swallowed)
      }
      checkAnchor(context, link.line, href, fragment, target, new Set(entry.headings.map((h: Heading) => h.slug)), suggest);
    }
  },
};

function targetExists(context: LintContext, target: string, directory: boolean): boolean {
  const dir = target.replace(/\/+$/, '');
  if (context.exists(dir)) {
    return true;
  }
  return directory && (context.exists(`${dir}/README.md`) || context.exists(`${dir}/index.md`));
}

/** Slugs of this runbook's headings, heading-like lines an unclosed fence swallowed, and HTML / `{#id}` anchors. */
function ownAnchors(runbook: Runbook, lines: readonly string[]): Set<string> {
  const out = new Set(runbook.headings.map((h) => h.slug));
  for (const start of unclosedFenceLines(runbook)) {
    for (let i = start + 1; i < lines.length; i++) {
      const m = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(lines[i]);
      if (m) {
        out.add(slugify(m[1]));
      }
    }
  }
  for (const l of lines) {
    // Most lines have neither: a cheap test before the regular expressions (a large docs page has thousands).
    if (l.includes('<') && /<a\s/i.test(l)) {
      for (const m of l.matchAll(/<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) {
        out.add(m[1]);
      }
    }
    if (l.includes('{#')) {
      for (const m of l.matchAll(/\{#([\w-]+)[^}]*\}\s*$/g)) {
        out.add(m[1]);
      }
    }
  }
  return out;
}

/** Broken links of one file that get a "did you mean…" (each costs a comparison with every candidate). */
export const MAX_SUGGESTIONS = 100;

function checkAnchor(context: LintContext, line: number, href: string, fragment: string, target: string, anchors: Set<string>, suggest: { left: number }): void {
  const { runbook, lines } = context;
  const decoded = decodePercent(fragment);
  if (anchors.has(decoded) || anchors.has(decoded.toLowerCase()) || anchors.has(slugify(decoded))) {
    return;
  }
  const where = target === runbook.path ? 'in this runbook' : `in ${code(relativePath(runbook.path, target))}`;
  const best = anchors.size && suggest.left-- > 0 ? closest(decoded, anchors, Math.max(2, Math.floor(decoded.length / 3))) : undefined;
  const span = hrefSpan(lines, line, href);
  const message = `anchor ${code(`#${fragment}`)} matches no heading ${where}${best ? ` (did you mean ${code(`#${best}`)}?)` : ''}`;
  if (!span) {
    context.report({ ...lineSpan(lines, line), message });
    return;
  }
  const hash = (lines[span.line] ?? '').indexOf('#', span.character);
  const fragmentSpan = hash !== -1 && hash < span.endCharacter ? { ...span, character: hash + 1 } : span;
  const written = (lines[span.line] ?? '').slice(fragmentSpan.character, fragmentSpan.endCharacter);
  context.report({
    ...fragmentSpan,
    message,
    ...(best && fragmentSpan !== span && (written === fragment || decodePercent(written) === decoded)
      ? { fix: { title: `Link to ${code(`#${best}`)}`, suggestion: true, edits: [replaceRange(fragmentSpan.line, fragmentSpan.character, fragmentSpan.endCharacter, best)] } }
      : {}),
  });
}

/** A runbook whose path relative to this one is within a few edits of what the link says. */
function closestRunbook(context: LintContext, written: string, cache: { candidates: string[] | undefined }): string | undefined {
  const { runbook, runbooks } = context;
  const candidates = (cache.candidates ??= runbooks
    .all()
    .map((e) => e.path)
    .filter((p) => p !== runbook.path)
    .map((p) => relativePath(runbook.path, p)));
  return closest(decodePercent(written), candidates, Math.max(2, Math.floor(written.length / 5)));
}
