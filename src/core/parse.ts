// Markdown + front matter → Runbook. Never throws on any input: problems are collected on the model.
import MarkdownIt from 'markdown-it';
import { findFrontMatter, parseFrontMatter, type FrontMatterFields } from './frontMatter';
import type { CodeBlock, Heading, Link, ParseProblem, Runbook, Step } from './model';
import { Slugger } from './slug';
import { findVariables, parseInfoString, stepLanguage } from './steps';
import { basename } from './paths';
import { countLines, lineStarts, stripBom } from './text';

type Token = ReturnType<MarkdownIt['parse']>[number];

let md: MarkdownIt | undefined;

/**
 * The shared markdown-it instance, without the typographic rules a runbook model never needs, and without the core
 * rule that parses every paragraph inline: `parseRunbook` parses inline only what it reads (headings, and text that
 * can hold a link or an image, i.e. has a `[`), which is most of markdown-it's time on a large page otherwise.
 * Emphasis stays: a heading's text and GitHub slug leave its markers out (`## _Optional_ step` → `optional-step`).
 */
function markdown(): MarkdownIt {
  md ??= new MarkdownIt({ html: true, linkify: false, typographer: false }).disable(['replacements', 'smartquotes', 'inline']);
  return md;
}

/**
 * Parse one inline token's content into its children, as markdown-it's `inline` core rule does (with the document's
 * link reference definitions, from `env`). The `text_join` rule that follows it there is not run: `plainText` reads
 * `text_special` tokens as text instead.
 */
function parseInline(t: Token, env: object): void {
  const m = markdown();
  t.children = [];
  m.inline.parse(t.content, m, env, t.children);
}

export interface ParseOptions {
  /** Collect links and images (default true; the index does without, and skips parsing paragraphs for them). */
  readonly links?: boolean;
}

/** Parse a runbook. `path` is an opaque, `/`-separated key (absolute path or URI string). */
export function parseRunbook(path: string, text: string, options: ParseOptions = {}): Runbook {
  const withLinks = options.links !== false;
  text = stripBom(text); // a BOM is not content (editors and TextDecoder drop it too)
  const problems: ParseProblem[] = [];
  const block = findFrontMatter(text);
  let fields: FrontMatterFields | undefined;
  let bodyLine = 0;
  let body = text;
  if (block) {
    fields = parseFrontMatter(block, problems);
    if (block.endLine !== -1) {
      bodyLine = block.bodyLine;
      body = text.slice(block.bodyOffset);
    }
  }

  let tokens: Token[];
  const env = {};
  try {
    tokens = markdown().parse(body, env);
  } catch (e) {
    // markdown-it is total over strings; this only guards against the unexpected (e.g. stack exhaustion).
    problems.push({ line: bodyLine, character: 0, severity: 'error', message: `could not parse markdown: ${(e as Error).message}` });
    tokens = [];
  }

  const lineCount = countLines(text);
  const headings: { level: number; text: string; slug: string; line: number; endLine: number }[] = [];
  const steps: Step[] = [];
  const codeBlocks: CodeBlock[] = [];
  const links: Link[] = [];
  const slugger = new Slugger();
  let starts: number[] | undefined;
  /** Lines `from`…`from + count - 1` of the document as written (a step's code without list indentation or `>`). */
  const sourceLines = (from: number, count: number): string => {
    starts ??= lineStarts(text);
    return text.slice(starts[from] ?? text.length, starts[from + count] ?? text.length);
  };
  /** Line of the last block token with a source map: table cells' inline tokens have none of their own. */
  let blockLine = bodyLine;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.map) {
      blockLine = t.map[0] + bodyLine;
    }
    switch (t.type) {
      case 'heading_open': {
        const inline = tokens[i + 1];
        if (inline?.type === 'inline') {
          parseInline(inline, env); // its links, if any, are collected at the next token
        }
        const text = inline?.type === 'inline' ? plainText(inline) : '';
        const line = (t.map?.[0] ?? 0) + bodyLine;
        headings.push({ level: Number(t.tag.slice(1)), text, slug: slugger.slug(text), line, endLine: lineCount - 1 });
        break;
      }
      case 'inline':
        // Without a `[` there is no link nor image: most paragraphs are never parsed inline.
        if (withLinks && t.content.includes('[')) {
          if (tokens[i - 1]?.type !== 'heading_open') {
            parseInline(t, env);
          }
          collectLinks(t, blockLine, links);
        }
        break;
      case 'fence':
      case 'code_block': {
        const start = (t.map?.[0] ?? 0) + bodyLine;
        const end = (t.map?.[1] ?? 1) + bodyLine - 1;
        const fenced = t.type === 'fence';
        const info = fenced ? parseInfoString(t.info) : { language: '', attributes: {} };
        codeBlocks.push({ info: t.info, language: info.language, line: start, endLine: end, fenced });
        if (fenced) {
          // A fence left open at the end of a file without a final newline has a last content line without `\n`.
          const contentLines = countNewlines(t.content) + (t.content && !t.content.endsWith('\n') ? 1 : 0);
          if (end - start + 1 !== contentLines + 2) {
            // Plain text: the fence itself, not wrapped in backticks (which made "`````" of a ``` fence).
            problems.push({ line: start, character: 0, severity: 'warning', message: `code fence ${t.markup} is never closed` });
          }
          const language = stepLanguage(info.language);
          if (language) {
            const explicitId = typeof info.attributes.id === 'string';
            // `destructive`, or `{risk=destructive}` (see run/danger.ts for the other risk classes).
            const destructive = (info.attributes.destructive !== undefined && info.attributes.destructive !== 'false')
              || (typeof info.attributes.risk === 'string' && info.attributes.risk.toLowerCase() === 'destructive');
            steps.push({
              id: explicitId ? (info.attributes.id as string) : `step-${steps.length + 1}`,
              explicitId,
              language,
              info: t.info,
              attributes: info.attributes,
              destructive,
              range: { start: { line: start, character: 0 }, end: { line: end, character: 0 } },
              code: t.content,
              // Positions are in the document, so search the lines as written, not the dedented content.
              variables: t.content.includes('{{') ? findVariables(sourceLines(start + 1, contentLines), start + 1) : [],
              section: headings.length - 1,
            });
          }
        }
        break;
      }
    }
  }

  // A section runs to the line before the next heading of the same or a higher level.
  for (let i = 0; i < headings.length; i++) {
    for (let j = i + 1; j < headings.length; j++) {
      if (headings[j].level <= headings[i].level) {
        headings[i].endLine = headings[j].line - 1;
        break;
      }
    }
  }

  const h1 = headings.find((h) => h.level === 1 && h.text);
  const title = fields?.title?.trim() ? fields.title.trim() : h1 ? h1.text : fileTitle(path);
  return {
    path,
    title,
    titleSource: fields?.title?.trim() ? 'front-matter' : h1 ? 'h1' : 'file-name',
    frontMatter: fields?.frontMatter,
    alerts: fields?.alerts ?? [],
    service: fields?.service,
    owner: fields?.owner,
    severity: fields?.severity,
    tags: fields?.tags ?? [],
    lastReviewed: fields?.lastReviewed,
    reviewEvery: fields?.reviewEvery,
    cwd: fields?.cwd,
    variables: fields?.variables ?? {},
    headings: headings as Heading[],
    steps,
    codeBlocks,
    links,
    lineCount,
    problems,
  };
}

function fileTitle(path: string): string {
  return basename(path).replace(/(\.runbook)?\.(md|markdown)$/i, '');
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) {
    n++;
  }
  return n;
}

/** The text a reader sees in a heading: markup stripped, code spans kept. */
function plainText(inline: Token): string {
  if (!inline.children) {
    return inline.content.trim();
  }
  let s = '';
  for (const c of inline.children) {
    if (c.type === 'text' || c.type === 'text_special' || c.type === 'code_inline') {
      s += c.content;
    } else if (c.type === 'softbreak' || c.type === 'hardbreak') {
      s += ' ';
    } else if (c.type === 'image') {
      s += c.content;
    }
  }
  return s.trim();
}

function collectLinks(inline: Token, firstLine: number, out: Link[]): void {
  let line = firstLine;
  for (const c of inline.children ?? []) {
    if (c.type === 'softbreak' || c.type === 'hardbreak') {
      line++;
    } else if (c.type === 'link_open') {
      const href = c.attrGet('href');
      if (href != null && c.markup !== 'autolink' && c.markup !== 'linkify') {
        out.push({ href, image: false, line });
      }
    } else if (c.type === 'image') {
      const src = c.attrGet('src');
      if (src != null) {
        out.push({ href: src, image: true, line });
      }
    }
  }
}
