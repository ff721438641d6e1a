// RB406 drill-freshness: a runbook that takes part in drills (it has `verify_every` or `last_verified`, or the
// option requireVerification is on) was verified by a drill (`runbook drill --stamp`), recently enough, and its last
// drill passed. Off for runbooks that never opted in, so existing repositories are not flooded.
import { lastVerifiedOf } from '../../drill';
import type { LintContext, LintRule } from '../types';
import { addInterval, formatDate, parseDate } from './staleReview';
import { frontMatterUsable, keyPosition, lineSpan } from './support';

const INTERVAL = /^[1-9][0-9]*[dwmy]$/;

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
    const every = typeof fm.data.verify_every === 'string' && INTERVAL.test(fm.data.verify_every.trim()) ? fm.data.verify_every.trim() : undefined;
    const has = Object.hasOwn(fm.data, 'last_verified');
    const last = lastVerifiedOf(fm.data);
    const required = context.options.requireVerification === true;
    if (!has && every === undefined && !required) {
      return; // not part of drills
    }
    const at = (key: string) => (Object.hasOwn(fm.keyLines, key) ? keyPosition(runbook, lines, key) : lineSpan(lines, 0));
    if (!has) {
      context.report({ ...at('verify_every'), message: `never verified by a drill${every ? ` (\`verify_every\` ${every})` : ''}: run \`runbook drill --stamp\`` });
      return;
    }
    if (!last) {
      return; // malformed: RB101 reports it
    }
    const commit = last.commit ? `, commit ${last.commit}` : '';
    if (last.result === 'fail') {
      context.report({ ...at('last_verified'), message: `the last drill failed (${last.date}${commit}): its diagnosis steps did not work as written` });
      return;
    }
    const date = parseDate(last.date);
    const today = parseDate(context.today);
    if (every === undefined || date === undefined || today === undefined) {
      return;
    }
    const due = addInterval(date, every)!;
    if (today > due) {
      context.report({ ...at('last_verified'), message: `drill overdue: last verified ${last.date}, due ${formatDate(due)} with \`verify_every\` ${every}` });
    }
  },
};
