// The target guard of `runbook run`: before running a step that talks to a cluster or cloud, compare the alert's
// target (--label, --payload) with what this shell's environment and config files point at. A mismatch exits 3
// and runs nothing, naming both sides; `--yes` never skips it, `--target-ok` does.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import type { Runbook, Step } from '../../core/model';
import { commandText } from '../../core/run/commands';
import { displaySafe } from '../../core/run/quote';
import { readTargetsConfig } from '../../core/target/alertTarget';
import { limitedReader, type TargetEnvironment } from '../../core/target/environment';
import { checkTarget, guardAction } from '../../core/target/guard';
import { stepRisk } from '../../core/target/risk';
import type { Io } from '../io';
import { readWorkspaceSettings } from '../settings';

export const EXIT_TARGET_MISMATCH = 3;

export function nodeTargetEnvironment(env: Readonly<Record<string, string | undefined>>): TargetEnvironment {
  return {
    env,
    home: env.HOME ?? env.USERPROFILE ?? os.homedir(),
    platform: process.platform,
    read: limitedReader(fs),
  };
}

export interface CliGuardInput {
  readonly runbook: Runbook;
  readonly step: Step;
  readonly rel: string;
  readonly alertName?: string;
  /** Labels given (--label, --payload); undefined when none were. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly targetOk: boolean;
  readonly dryRun: boolean;
}

/** Undefined: go on. A number: exit with it (nothing ran). */
export async function cliTargetGuard(input: CliGuardInput, io: Io): Promise<number | undefined> {
  const settings = await readWorkspaceSettings(io.cwd);
  const problems: string[] = [];
  const configs = [
    readTargetsConfig(input.runbook.frontMatter?.data.targets, input.rel, problems),
    readTargetsConfig(settings.targets, '.vscode/settings.json runbooks.targets', problems),
  ];
  for (const p of problems) {
    io.err(`runbook: ${p}\n`);
  }
  const check = await checkTarget({
    command: commandText(input.step),
    values: input.values,
    ...(input.alertName ? { alertName: input.alertName } : {}),
    ...(input.labels ? { labels: input.labels } : {}),
    configs,
    environment: nodeTargetEnvironment(input.env),
  });
  for (const p of check.problems) {
    io.err(`runbook: note: ${displaySafe(p)}\n`);
  }
  if (check.verdict === 'none' || check.verdict === 'match') {
    return undefined;
  }
  const risk = stepRisk(input.step, commandText(input.step));
  const action = guardAction(check, risk);
  const message = displaySafe(check.message);
  if (action.action !== 'block') {
    // Shown when it says something (one side is known) and matters: an alert was given, or the step changes things.
    const informative = check.comparisons.some((c) => c.expected || c.current);
    if (informative && (input.labels || action.action === 'confirm')) {
      io.err(`runbook: note: target ${check.verdict === 'unknown' ? 'not fully known' : 'checked'}: ${message}\n`);
    }
    return undefined;
  }
  if (input.targetOk) {
    io.err(`runbook: target mismatch, running anyway (--target-ok): ${message}\n`);
    return undefined;
  }
  if (input.dryRun) {
    io.err(`runbook: note: running step '${input.step.id}' would be refused: target mismatch: ${message}\n`);
    return undefined;
  }
  const fix = check.switchTo?.contexts.length
    ? `switch with: kubectl config use-context ${check.switchTo.contexts[0]}${check.switchTo.namespace ? ` && kubectl config set-context --current --namespace=${check.switchTo.namespace}` : ''}\n`
    : '';
  io.err(`runbook: not running step '${input.step.id}' of ${input.rel} (${risk}): target mismatch: ${message}\n${fix}Pass --target-ok to run it there anyway.\n`);
  return EXIT_TARGET_MISMATCH;
}
