// Which commands need a person to say yes before they run: the risk of a step, from a model of what its commands do
// (see riskModel.ts), the step's own `{risk=…}` / `destructive` marking, and the user's extra patterns.
import type { Step } from '../model';
import { compileUserPattern } from '../safeRegex';
import { splitUnits } from './commands';
import type { ShellKind } from './quote';
import { judgeCommands, maxRisk, riskRank, RISKS, type CommandRisk, type Risk } from './riskModel';

export { RISKS, judgeCommands, maxRisk, riskRank, type CommandRisk, type Risk } from './riskModel';

/**
 * Extra patterns (case-insensitive regular expression sources) that make a command ask, on top of the model: the
 * default of `runbooks.run.dangerousPatterns`. Empty: the model (riskModel.ts) knows the tools; a team adds its
 * own (`\bfailover\b`, `\bmy-cleanup-job\b`). Matched against the command as the runbook writes it.
 */
export const DEFAULT_DANGEROUS_PATTERNS: readonly string[] = [];

export interface Confirmation {
  readonly confirm: boolean;
  /** Why, for the question put to the person: one line each. */
  readonly reasons: string[];
  /** The step's risk class, after its `{risk=…}` marking. */
  readonly risk: Risk;
}

/** What a step's fence says of its risk: `{risk=read|mutate|destructive}`, `destructive` (= `risk=destructive`). */
export interface DeclaredRisk {
  readonly risk: Risk | undefined;
  /** `{risk=…}` with a value that is not a risk class, as written. */
  readonly invalid?: string;
}

type Marked = { readonly destructive?: boolean; readonly attributes?: Readonly<Record<string, string | true>> };

export function declaredRisk(step: Marked): DeclaredRisk {
  const raw = step.attributes?.risk;
  let risk: Risk | undefined;
  let invalid: string | undefined;
  if (typeof raw === 'string') {
    const r = raw.toLowerCase();
    if ((RISKS as readonly string[]).includes(r)) {
      risk = r as Risk;
    } else {
      invalid = raw;
    }
  } else if (raw === true) {
    invalid = '';
  }
  if (step.destructive) {
    risk = 'destructive';
  }
  return invalid === undefined ? { risk } : { risk, invalid };
}

export interface RiskAssessment {
  /** The risk the runner acts on: what the commands do, raised or lowered by the step's marking (see assessRisk). */
  readonly risk: Risk;
  /** Why, one line per command that changes something (`oc delete: deletes resources`); empty for `read`. */
  readonly reasons: string[];
  /** What the commands do, marking aside. */
  readonly detected: Risk;
  /** What the step's fence says, if anything. */
  readonly declared: Risk | undefined;
  /** Every simple command judged, with offsets in its unit's text (see `units`). */
  readonly commands: readonly (CommandRisk & { readonly unit: number })[];
  /** Commands the model knows to be riskier than the step's `{risk=…}` says: the marking does not hide them. */
  readonly contradicted: readonly (CommandRisk & { readonly unit: number })[];
  /** The texts judged: the step's units (see splitUnits), or the one command given. */
  readonly units: readonly { readonly text: string; readonly line: number; readonly shell: ShellKind }[];
}

type StepLike = Pick<Step, 'language' | 'code' | 'range'> & Marked;

/**
 * The risk of a step (its runnable units: a transcript's output and REPL lines are not judged), or of one command.
 *
 * A step's `{risk=…}` raises the risk as it likes. It lowers it only over guesses (verbs of tools the model does not
 * know, `--force` on an unknown tool): a command whose tool table says it changes or destroys something
 * (`kubectl delete`) keeps its risk and is listed in `contradicted`, which lint reports.
 */
export function assessRisk(input: string | StepLike, shell: ShellKind = 'posix'): RiskAssessment {
  const units = typeof input === 'string' ? [{ text: input, line: 0, shell }] : splitUnits(input);
  const declared = typeof input === 'string' ? undefined : declaredRisk(input).risk;
  const commands: (CommandRisk & { unit: number })[] = [];
  units.forEach((u, n) => {
    for (const c of judgeCommands(u.text, u.shell)) {
      commands.push({ ...c, unit: n });
    }
  });
  let detected: Risk = 'read';
  let risk: Risk = declared ?? 'read';
  const contradicted: (CommandRisk & { unit: number })[] = [];
  const counted: CommandRisk[] = [];
  for (const c of commands) {
    detected = maxRisk(detected, c.risk);
    if (c.risk === 'read') {
      continue;
    }
    if (declared === undefined || riskRank(c.risk) <= riskRank(declared)) {
      counted.push(c);
      if (declared === undefined) {
        risk = maxRisk(risk, c.risk);
      }
    } else if (c.certain) {
      contradicted.push(c);
      counted.push(c);
      risk = maxRisk(risk, c.risk);
    }
  }
  const reasons: string[] = [];
  for (const c of counted) {
    const line = `${c.what}: ${c.reason}`;
    if (!reasons.includes(line)) {
      reasons.push(line);
    }
  }
  return { risk, reasons, detected, declared, commands, contradicted, units };
}

/**
 * Whether running `command` (the text that will reach the shell) for `step` needs a confirmation:
 * - the step is marked `destructive` or `{risk=mutate|destructive}`;
 * - a command of it mutates or destroys (see assessRisk: `{risk=read}` quiets guesses, not known verbs);
 * - or it matches one of `patterns` (case-insensitively). A pattern that is not a valid regular expression (a typo
 *   in a setting) asks too, and says so: a broken safety net must not pass silently.
 * A `read` step asks only as the normal confirmation setting says (`runbooks.run.confirmCommands`).
 */
export function needsConfirmation(step: Marked, command: string, patterns: readonly string[] = DEFAULT_DANGEROUS_PATTERNS): Confirmation {
  const reasons: string[] = [];
  const declared = declaredRisk(step).risk;
  if (step.destructive) {
    reasons.push('the step is marked destructive');
  } else if (declared === 'mutate') {
    reasons.push('the step is marked risk=mutate');
  }
  const a = assessRisk(command);
  let risk: Risk = declared ?? 'read';
  const seen = new Set<string>();
  for (const c of a.commands) {
    if (c.risk === 'read') {
      continue;
    }
    const overruled = declared !== undefined && riskRank(c.risk) > riskRank(declared);
    if (overruled && !c.certain) {
      continue; // the step's marking says this guess is wrong
    }
    risk = maxRisk(risk, c.risk);
    const line = `it runs \`${c.what}\` (${c.reason})${overruled ? `, although the step says risk=${declared}` : ''}`;
    if (!seen.has(line)) {
      seen.add(line);
      reasons.push(line);
    }
  }
  // User patterns (settings: repository content) run on the linear-time engine; one it refuses asks, and says why.
  for (const source of patterns) {
    const re = compileUserPattern(source, 'im');
    if (!re.ok) {
      reasons.push(`the dangerous-command pattern /${source}/ cannot be used (${re.problem})`);
      continue;
    }
    const m = re.exec(command);
    if (m) {
      const text = m.text.trim().replace(/\s+/g, ' ');
      reasons.push(`it runs \`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``);
    }
  }
  return { confirm: reasons.length > 0, reasons, risk };
}
