// RB306 destructive-without-rollback: a `{rollback-of=<id>}` names a step that exists; and, with the option
// `require` (off by default: many destructive steps — deleting a crashed pod, pruning images — have no way back),
// every step marked destructive has a rollback — a step marked `{rollback-of=<id>}`, or a step under a Rollback
// heading — which the confirmation then shows.
import { ROLLBACK_HEADING, rollbackFor, stepsUnder } from '../../target/sections';
import type { LintContext, LintRule } from '../types';
import { code } from '../../text';

export const destructiveWithoutRollback: LintRule = {
  id: 'RB306',
  name: 'destructive-without-rollback',
  description: '`rollback-of` names a step; with `require`, every destructive step has a rollback',
  tags: ['steps', 'safety'],
  defaultSeverity: 'info',
  defaultOptions: { require: false },
  check(context: LintContext): void {
    const { runbook } = context;
    const ids = new Set(runbook.steps.map((s) => s.id));
    const rollbacks = new Set<string>();
    runbook.headings.forEach((h, i) => {
      if (ROLLBACK_HEADING.test(h.text.replace(/[*_`]/g, '').trim())) {
        stepsUnder(runbook, i).forEach((s) => rollbacks.add(s.id));
      }
    });
    for (const step of runbook.steps) {
      const of = step.attributes['rollback-of'];
      const line = step.range.start.line;
      const length = context.lines[line]?.length ?? 0;
      if (of !== undefined) {
        rollbacks.add(step.id);
        if (of === true || !ids.has(of)) {
          context.report({ line, character: 0, endLine: line, endCharacter: length, message: `step ${code(step.id)} is marked \`rollback-of\` ${of === true ? 'without a step id' : `${code(of)}, which is not a step of this runbook`}` });
        }
      }
    }
    if (context.options.require !== true) {
      return;
    }
    for (const step of runbook.steps) {
      const destructive = step.destructive || step.attributes.risk === 'destructive';
      if (!destructive || rollbacks.has(step.id) || rollbackFor(runbook, step)) {
        continue;
      }
      const line = step.range.start.line;
      context.report({
        line, character: 0, endLine: line, endCharacter: context.lines[line]?.length ?? 0,
        message: `destructive step ${code(step.id)} has no rollback: mark one \`{rollback-of=${step.id}}\` or add a Rollback section`,
      });
    }
  },
};
