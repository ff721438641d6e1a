// The risk class of a step — read, mutate or destructive — for the diagnose mode, the guard and the confirmation:
// the runner's own judgement (src/core/run/danger.ts: the tool/verb model, the step's marking, extra patterns).
import type { Step } from '../model';
import { DEFAULT_DANGEROUS_PATTERNS, needsConfirmation } from '../run/danger';
import type { Risk } from './guard';

export type { Risk };

/**
 * A step's class, as the runner judges it (`needsConfirmation(...).risk`): a step marked `destructive` is never
 * less, `{risk=…}` raises it and lowers it only over the model's guesses, and a command matching one of the extra
 * dangerous patterns counts as destructive (it asks like one). `command`: the text that will run (default: the
 * step's code).
 */
export function stepRisk(step: Pick<Step, 'destructive' | 'attributes' | 'code' | 'info'>, command: string = step.code, patterns: readonly string[] = DEFAULT_DANGEROUS_PATTERNS): Risk {
  const c = needsConfirmation(step, command, patterns);
  return c.confirm && c.risk === 'read' ? 'destructive' : c.risk;
}
