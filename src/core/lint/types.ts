// The lint engine's contract: a rule is a module with metadata and a check function that reports findings, with
// optional fixes as text edits. One rule per file under ./rules, registered in ./rules/index.ts.
import type { AlertResolver, Coverage, ResolveContext } from '../alerts/resolver';
import type { RuleIndex } from '../alerts/rules';
import type { Runbook } from '../model';
import type { RunbookIndex } from '../runbookIndex';
import type { TextEdit } from '../text';

/** A text edit on the linted document (0-based lines and characters; end exclusive). */

export type LintSeverity = 'error' | 'warning' | 'info';

export interface Fix {
  /** Shown as the quick fix title, e.g. "Add language `sh` to the fence". */
  readonly title: string;
  /** Applying them once or twice must give the same text (the engine's tests check this). */
  readonly edits: readonly TextEdit[];
  /**
   * Needs a person's judgement (e.g. "set `last_reviewed` to today", "insert a skeleton to fill in"): offered as a
   * quick fix in the editor, never applied by `runbook lint --fix` nor counted as fixable.
   */
  readonly suggestion?: boolean;
}

export interface Finding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: LintSeverity;
  readonly message: string;
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly fix?: Fix;
}

/** What a rule reports; the engine adds ruleId, ruleName and severity. */
export interface Report {
  readonly message: string;
  readonly line: number;
  readonly character?: number;
  readonly endLine?: number;
  readonly endCharacter?: number;
  readonly fix?: Fix;
}

/** Everything a rule may look at: the document and the workspace (cross-file rules). */
export interface LintContext {
  readonly runbook: Runbook;
  /** The document's text split into lines (without line terminators). */
  readonly lines: readonly string[];
  readonly runbooks: RunbookIndex;
  readonly rules: RuleIndex;
  /** Resolved options of this rule (defaults merged with configuration). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Today as YYYY-MM-DD (injected, so tests are deterministic). */
  readonly today: string;
  /** Does a file exist? (relative links, images). Paths in the same form as runbook paths. */
  exists(path: string): boolean;
  report(report: Report): void;
}

export interface LintRule {
  /** `RB101` */
  readonly id: string;
  /** `front-matter-schema` */
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly defaultSeverity: LintSeverity;
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
  /** Needs the workspace (runbook or rule index) rather than the document alone. */
  readonly crossFile?: boolean;
  /**
   * Options that are lists of regular expressions. A pattern that is not one of the rule's defaults runs on the
   * linear-time engine (`compileUserPattern` in core/safeRegex), and one it refuses is a configuration error that
   * names the file and line (see `patternListOption` for the rule's side).
   */
  readonly patternOptions?: readonly string[];
  check(context: LintContext): void;
  /**
   * Optional workspace-level check, run once per lint of the workspace (not per document): findings on any file by
   * path, e.g. an alert of a rule file that no runbook serves, reported at the rule's line in the rule file.
   */
  workspaceCheck?(context: WorkspaceLintContext): void;
}

/** A finding of a workspace-level check: on any file (a rule file, a runbook), named by its path. */
export interface WorkspaceReport extends Report {
  /** The file, in the same form as runbook and rule file paths. */
  readonly path: string;
}

/** A finding with the file it is in (workspace-level findings; the CLI's output). */
export type WorkspaceFinding = Finding & { readonly path: string };

/**
 * What a workspace-level check may look at: the indexes, with the URL mappings and workspace folders (a
 * `ResolveContext`), the resolver over them, and the coverage of the rules by the runbooks, shared by the pass.
 */
export interface WorkspaceLintContext extends ResolveContext {
  /** Resolves alerts and runbook_urls over the same indexes, mappings and folders. */
  readonly resolver: AlertResolver;
  /** How the rule files and the runbooks cover each other: computed once per lint pass (on first use), shared by every rule. */
  coverage(): Coverage;
  /** Resolved options of this rule (defaults merged with configuration). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Today as YYYY-MM-DD. */
  readonly today: string;
  report(report: WorkspaceReport): void;
}
