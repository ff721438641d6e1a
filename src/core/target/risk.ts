// The risk class of a step — read, mutate or destructive — for the diagnose mode, the guard and the confirmation.
//
// ADAPTER: this reads `step.destructive`, the `{risk=…}` attribute and `needsConfirmation` (the dangerous-command
// patterns) today. When the verb/tool model lands (src/core/run/danger.ts `assessRisk(...) → { risk, reasons }`),
// `stepRisk` becomes a call to `assessRisk` and the MUTATING list below goes away.
import type { Step } from '../model';
import { DEFAULT_DANGEROUS_PATTERNS, needsConfirmation } from '../run/danger';
import type { Risk } from './guard';

export type { Risk };

/** Verbs that change something without destroying it, by tool (`kubectl scale`, `aws ec2 start-instances`, …). */
const MUTATING: readonly RegExp[] = [
  /\b(?:kubectl|oc)\b[^|;&\n]*?\s(?:apply|create|patch|edit|replace|scale|annotate|label|set|cordon|uncordon|taint|autoscale|expose|run|cp|rollout\s+(?:pause|resume)|exec|debug|port-forward)(?=\s|$)/i,
  /\bhelm\b[^|;&\n]*?\s(?:install|upgrade)(?=\s|$)/i,
  /\b(?:aws|gcloud|az)\b[^|;&\n]*?\s(?:create|update|put|modify|start|stop|reboot|set|attach|detach|enable|disable|add|scale|restart|deploy|invoke)[\w-]*(?=\s|$)/i,
  /\bsystemctl\b[^|;&\n]*?\s(?:start|reload|enable|unmask)(?=\s|$)/i,
  /\bgit\s+(?:push|commit|merge|rebase|tag)\b/i,
  /\bcurl\b[^|;&\n]*?(?:-X\s*|--request\s+)(?:POST|PUT|PATCH|DELETE)\b/i,
  /\b(?:insert\s+into|update\s+\w+\s+set|alter\s+table|create\s+(?:table|index))\b/i,
];

/**
 * A step's class: an explicit `{risk=read|mutate|destructive}` wins, except that a step marked `destructive` is never
 * less; otherwise destructive when the runner would ask (marked, or a dangerous command), mutate when a command
 * changes something, else read. `command`: the text that will run (default: the step's code).
 */
export function stepRisk(step: Pick<Step, 'destructive' | 'attributes' | 'code'>, command: string = step.code, patterns: readonly string[] = DEFAULT_DANGEROUS_PATTERNS): Risk {
  const declared = step.attributes.risk;
  if (step.destructive) {
    return 'destructive';
  }
  if (declared === 'read' || declared === 'mutate' || declared === 'destructive') {
    return declared;
  }
  if (needsConfirmation(step, command, patterns).confirm) {
    return 'destructive';
  }
  return MUTATING.some((re) => re.test(command)) ? 'mutate' : 'read';
}
