// Where the editor puts its run buttons: one per runnable step, one per section with several steps.
import type { Runbook } from '../model';
import { splitUnits } from './commands';

export interface StepButtons {
  readonly steps: readonly { readonly line: number; readonly id: string; readonly destructive: boolean }[];
  /** Sections (heading index, level 2 and deeper) with more than one step, and how many. */
  readonly sections: readonly { readonly line: number; readonly heading: number; readonly steps: number }[];
}

/**
 * Linear in headings + steps: both lists are in document order. A step with nothing to run (a transcript of
 * output only, or of REPL lines only) gets no button: lint (RB305) says why and how to fix it.
 */
export function stepButtons(runbook: Runbook): StepButtons {
  const steps = runbook.steps.filter((s) => splitUnits(s).length > 0).map((s) => ({ line: s.range.start.line, id: s.id, destructive: s.destructive }));
  const sections: { line: number; heading: number; steps: number }[] = [];
  let first = 0;
  runbook.headings.forEach((h, i) => {
    while (first < steps.length && steps[first].line <= h.line) {
      first++;
    }
    let n = 0;
    for (let k = first; k < steps.length && steps[k].line <= h.endLine; k++) {
      n++;
    }
    // Not the title: running a whole runbook, mitigations included, is never one click.
    if (n > 1 && h.level > 1) {
      sections.push({ line: h.line, heading: i, steps: n });
    }
  });
  return { steps, sections };
}
