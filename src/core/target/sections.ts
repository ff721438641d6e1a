// The sections the diagnose mode and the confirmations look for: the Diagnosis section (what "Run diagnosis" runs)
// and a destructive step's rollback.
import type { Heading, Runbook, Step } from '../model';

/** Headings that name a runbook's diagnosis: Diagnosis, Diagnose, Diagnostics, Investigation, Investigate, Triage. */
export const DIAGNOSIS_HEADING = /^(?:\d+[.)]?\s*)?(?:diagnosis|diagnose|diagnostics|investigation|investigate|triage)\s*:?$/i;

/** Headings of a rollback section: Rollback, Roll back, Revert, Undo (optionally "… steps"). */
export const ROLLBACK_HEADING = /^(?:\d+[.)]?\s*)?(?:rollback|roll\s+back|revert|undo)(?:\s+steps?)?\s*:?$/i;

/** Strip inline markup so `**Diagnosis**` and `` `Triage` `` count. */
function plain(text: string): string {
  return text.replace(/[*_`]/g, '').trim();
}

/** The index of the first Diagnosis heading (any level but the title), or -1. */
export function diagnosisHeading(runbook: Pick<Runbook, 'headings'>): number {
  return runbook.headings.findIndex((h) => h.level > 1 && DIAGNOSIS_HEADING.test(plain(h.text)));
}

/** Whether a heading is a Diagnosis heading (for the CodeLens). */
export function isDiagnosisHeading(h: Pick<Heading, 'text' | 'level'>): boolean {
  return h.level > 1 && DIAGNOSIS_HEADING.test(plain(h.text));
}

/** The steps under a heading, its subsections included, in order. */
export function stepsUnder(runbook: Pick<Runbook, 'headings' | 'steps'>, heading: number): Step[] {
  const h = runbook.headings[heading];
  return h ? runbook.steps.filter((s) => s.range.start.line > h.line && s.range.start.line <= h.endLine) : [];
}

/**
 * The rollback of `step`: a step marked `{rollback-of=<id>}`, else the first step under a Rollback heading (see
 * ROLLBACK_HEADING) that is not the step itself.
 */
export function rollbackFor(runbook: Pick<Runbook, 'headings' | 'steps'>, step: Pick<Step, 'id'>): Step | undefined {
  const marked = runbook.steps.find((s) => s.attributes['rollback-of'] === step.id);
  if (marked) {
    return marked;
  }
  for (let i = 0; i < runbook.headings.length; i++) {
    if (ROLLBACK_HEADING.test(plain(runbook.headings[i].text))) {
      const s = stepsUnder(runbook, i).find((x) => x.id !== step.id);
      if (s) {
        return s;
      }
    }
  }
  return undefined;
}

/** What "Run diagnosis" does with each step of the section: runs the `read` ones in order, skips the others. */
export interface DiagnosisPlan {
  readonly heading: number;
  readonly steps: readonly { readonly step: Step; readonly risk: 'read' | 'mutate' | 'destructive'; readonly run: boolean }[];
}

export function diagnosisPlan(runbook: Pick<Runbook, 'headings' | 'steps'>, heading: number, risk: (step: Step) => 'read' | 'mutate' | 'destructive'): DiagnosisPlan {
  return {
    heading,
    steps: stepsUnder(runbook, heading).map((step) => {
      const r = risk(step);
      return { step, risk: r, run: r === 'read' };
    }),
  };
}
