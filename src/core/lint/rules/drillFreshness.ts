// RB406 drill-freshness: a runbook that takes part in drills (it has `verify_every` or `last_verified`, or the
// option requireVerification is on) was verified by a drill (`runbook drill --stamp`), recently enough, and its last
// drill passed. Off for runbooks that never opted in, so existing repositories are not flooded.
import { classifyFreshness, drillFrontOf } from '../../drill';
import type { LintContext, LintRule } from '../types';
import { frontMatterUsable, keyPosition } from '../../frontMatterSource';
import { lineSpan } from '../../text';

export const drillFreshness: LintRule = {
  id: 'RB406',
  name: 'drill-freshness',
  description: 'A drilled runbook was verified within its `verify_every`, and its last drill passed',
  tags: ['front-matter', 'review', 'drill'],
  defaultSeverity: 'info',
  defaultOptions: { requireVerification: false },
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const fm = runbook.frontMatter;
    if (!fm || !frontMatterUsable(runbook)) {
      return;
    }
    const front = drillFrontOf(fm.data);
    if (!front && context.options.requireVerification !== true) {
      return; // not part of drills
    }
    const at = (key: string) => (Object.hasOwn(fm.keyLines, key) ? keyPosition(runbook, lines, key) : lineSpan(lines, 0));
    const f = classifyFreshness(front, context.today);
    switch (f.state) {
      case 'never':
        context.report({ ...at('verify_every'), message: `never verified by a drill${f.every ? ` (\`verify_every\` ${f.every})` : ''}: run \`runbook drill --stamp\`` });
        return;
      case 'failing':
        context.report({ ...at('last_verified'), message: `the last drill failed (${f.last.date}${f.last.commit ? `, commit ${f.last.commit}` : ''}): its diagnosis steps did not work as written` });
        return;
      case 'stale':
        context.report({ ...at('last_verified'), message: `drill overdue: last verified ${f.last.date}, due ${f.due} with \`verify_every\` ${f.every}` });
        return;
      default:
        return; // verified, or malformed (RB101 reports it)
    }
  },
};
