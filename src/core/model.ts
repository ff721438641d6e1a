// The runbook model: plain data shared by the extension, the CLI and the tests.
// Lines and columns are 0-based (like VS Code); user-facing output adds 1.

import type { Range } from './text';

/** Positions and ranges are core/text's (the document foundation). */
export type { Position, Range } from './text';

export type Severity = 'error' | 'warning' | 'info';

/** A problem found while reading a runbook. Never thrown: collected next to the model. */
export interface ParseProblem {
  readonly line: number;
  readonly character: number;
  readonly message: string;
  readonly severity: Severity;
}

export interface VariableSpec {
  readonly description?: string;
  readonly default?: string;
  readonly secret: boolean;
  /** A regular expression a value must match as a whole (front matter `pattern:`). */
  readonly pattern?: string;
  /** The values allowed (front matter `enum:`). */
  readonly enum?: readonly string[];
}

export interface FrontMatter {
  /** The parsed mapping (empty when absent or invalid). */
  readonly data: Readonly<Record<string, unknown>>;
  /** Lines of the opening and closing `---` (closing = -1 when unterminated). */
  readonly startLine: number;
  readonly endLine: number;
  /** 0-based line of each top-level key. */
  readonly keyLines: Readonly<Record<string, number>>;
}

export interface Heading {
  readonly level: number;
  readonly text: string;
  /** GitHub-style anchor, unique within the document. */
  readonly slug: string;
  readonly line: number;
  /** Last line of the section (up to the next heading of the same or a higher level). */
  readonly endLine: number;
}

export interface StepVariable {
  readonly name: string;
  /** As written, e.g. `{{ $labels.pod }}`. */
  readonly raw: string;
  readonly line: number;
  readonly character: number;
}

export interface Step {
  /** Explicit `{id=…}`/`{#…}`, else `step-N` (1-based over the document's steps). */
  readonly id: string;
  readonly explicitId: boolean;
  /** Normalised shell language: sh, bash, zsh, console, powershell. */
  readonly language: StepLanguage;
  /** The info string as written. */
  readonly info: string;
  readonly attributes: Readonly<Record<string, string | true>>;
  readonly destructive: boolean;
  /** Fence opening line and closing line (closing = last line of the document when unclosed). */
  readonly range: Range;
  /** The block's text, without fences. */
  readonly code: string;
  readonly variables: readonly StepVariable[];
  /** Index into `headings` of the section this step belongs to, or -1 before the first heading. */
  readonly section: number;
}

export type StepLanguage = 'sh' | 'bash' | 'zsh' | 'console' | 'powershell';

/** Any fenced or indented code block, runnable or not (lint needs them all). */
export interface CodeBlock {
  readonly info: string;
  readonly language: string;
  readonly line: number;
  readonly endLine: number;
  readonly fenced: boolean;
}

export interface Link {
  readonly href: string;
  readonly image: boolean;
  readonly line: number;
}

export interface Runbook {
  /** Opaque key of the file (absolute path or URI string, `/`-separated). */
  readonly path: string;
  readonly title: string;
  /** Where the title came from. */
  readonly titleSource: 'front-matter' | 'h1' | 'file-name';
  readonly frontMatter: FrontMatter | undefined;
  readonly alerts: readonly string[];
  readonly service: string | undefined;
  readonly owner: string | undefined;
  readonly severity: string | undefined;
  readonly tags: readonly string[];
  readonly lastReviewed: string | undefined;
  readonly reviewEvery: string | undefined;
  readonly cwd: string | undefined;
  readonly variables: Readonly<Record<string, VariableSpec>>;
  readonly headings: readonly Heading[];
  readonly steps: readonly Step[];
  readonly codeBlocks: readonly CodeBlock[];
  readonly links: readonly Link[];
  readonly lineCount: number;
  readonly problems: readonly ParseProblem[];
}
