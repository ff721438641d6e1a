// Small rules for the engine's, the formats' and the CLI's tests, so these do not depend on the real rule set.
import type { LintRule } from '../../../../src/core/lint/types';

/** RB901 no-todo (warning): each line with TODO. No fix. */
export const NO_TODO: LintRule = {
  id: 'RB901',
  name: 'no-todo',
  description: 'Lines with TODO. A runbook read during an incident should not leave work to the reader.',
  tags: ['content'],
  defaultSeverity: 'warning',
  check(ctx) {
    ctx.lines.forEach((l, line) => {
      const at = l.indexOf('TODO');
      if (at !== -1) {
        ctx.report({ message: 'TODO left in the runbook', line, character: at, endCharacter: at + 4 });
      }
    });
  },
};

/** RB902 fence-language (error): a fenced block without a language; fix: add `options.language` (default sh). */
export const FENCE_LANGUAGE: LintRule = {
  id: 'RB902',
  name: 'fence-language',
  description: 'Fenced code blocks name their language. Steps are only runnable with a shell language.',
  tags: ['steps', 'fixable'],
  defaultSeverity: 'error',
  defaultOptions: { language: 'sh' },
  check(ctx) {
    for (const b of ctx.runbook.codeBlocks) {
      if (b.fenced && b.info.trim() === '') {
        const text = ctx.lines[b.line];
        const marker = /^\s*(`{3,}|~{3,})/.exec(text)!;
        const end = marker[0].length;
        ctx.report({
          message: 'code block without a language',
          line: b.line,
          character: end - marker[1].length,
          endCharacter: end,
          fix: { title: `Add language ${String(ctx.options.language)}`, edits: [{ range: { start: { line: b.line, character: end }, end: { line: b.line, character: end } }, newText: String(ctx.options.language) }] },
        });
      }
    }
  },
};

/** RB903 note (info): lines starting with `NOTE:`. */
export const NOTE: LintRule = {
  id: 'RB903',
  name: 'note',
  description: 'Notes, for information.',
  tags: ['content'],
  defaultSeverity: 'info',
  check(ctx) {
    ctx.lines.forEach((l, line) => {
      if (l.startsWith('NOTE:')) {
        ctx.report({ message: 'a note', line });
      }
    });
  },
};

/** RB904 alert-without-runbook (warning): workspace-level, at each rule-file alert no runbook serves. */
export const ALERT_WITHOUT_RUNBOOK: LintRule = {
  id: 'RB904',
  name: 'alert-without-runbook',
  description: 'Every alert of the rule files has a runbook.',
  tags: ['alerts'],
  defaultSeverity: 'warning',
  crossFile: true,
  check() {
    // workspace-level only
  },
  workspaceCheck(ctx) {
    for (const r of ctx.coverage().uncovered) {
      ctx.report({ path: r.path, message: `alert ${r.alert} has no runbook`, line: r.line, character: r.character, endCharacter: r.character + r.alert.length });
    }
  },
};

export const FAKE_RULES: readonly LintRule[] = [NO_TODO, FENCE_LANGUAGE, NOTE, ALERT_WITHOUT_RUNBOOK];
