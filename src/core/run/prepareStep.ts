// Everything between "run this step" and the text a shell gets, in one pure function that the extension and the
// CLI share: which shell, which values (from where, validated), the self-contained text, what to show, and whether
// a person must say yes first. The callers keep only their prompts and their terminals.
import type { Runbook, Step, VariableSpec } from '../model';
import { splitUnits } from './commands';
import { DEFAULT_DANGEROUS_PATTERNS, needsConfirmation, type Confirmation } from './danger';
import { maxRisk } from './riskModel';
import { assertTerminalSafe, displaySafe, QuoteError, type ShellKind } from './quote';
import { compileUserPattern, type SafePattern } from '../safeRegex';
import { scanShell } from './shellSyntax';
import { envName, findPlaceholders, MASK, mask, placeholderNames, resolveValues, stripComments, substituteParts, type ValueSource } from './variables';

/** The shells a step runs in. */
export type RunShell = 'sh' | 'bash' | 'zsh' | 'pwsh';

export type ConfirmMode = 'withVariables' | 'always' | 'never';

/** A POSIX shell's program name (`/usr/bin/bash` → bash), if it is one we run steps in. */
export function posixShellName(program: string): 'sh' | 'bash' | 'zsh' | undefined {
  const base = program.trim().replace(/\\/g, '/').split('/').pop()?.replace(/\.exe$/i, '') ?? '';
  if (base === 'bash' || base === 'zsh') {
    return base;
  }
  return base === 'sh' || base === 'dash' || base === 'ash' || base === 'ksh' || base === 'mksh' ? 'sh' : undefined;
}

/**
 * The shell a step runs in: `sh` → sh, `bash` → bash, `zsh` → zsh, `powershell`/`pwsh` → pwsh. A `console` block,
 * or a block tagged `shell`, is "your shell": `defaultShell` (the user's, e.g. `$SHELL` or VS Code's default
 * profile) when it is a POSIX shell, else an Error saying so; a console transcript of `PS>` prompts is pwsh.
 * `override` (`runbook run --shell`) must speak the step's language.
 */
export function shellForStep(step: Pick<Step, 'language' | 'info' | 'code' | 'range'>, defaultShell: string | undefined, override?: RunShell): RunShell {
  const tag = step.info.trim().split(/[\s{]/)[0].toLowerCase();
  let kind: ShellKind;
  let shell: RunShell | undefined;
  if (step.language === 'powershell') {
    kind = 'powershell';
    shell = 'pwsh';
  } else if (step.language === 'console') {
    const units = splitUnits(step);
    kind = units.length > 0 && units.every((u) => u.shell === 'powershell') ? 'powershell' : 'posix';
    if (units.some((u) => u.shell !== kind)) {
      throw new Error('this console block mixes `$ ` and `PS> ` prompts: split it into one block per shell');
    }
    shell = kind === 'powershell' ? 'pwsh' : undefined;
  } else {
    kind = 'posix';
    shell = tag === 'shell' ? undefined : step.language === 'sh' ? 'sh' : step.language;
  }
  if (override !== undefined) {
    if ((override === 'pwsh') !== (kind === 'powershell')) {
      throw new Error(`a ${kind === 'powershell' ? 'PowerShell' : 'POSIX shell'} step cannot run in ${override}`);
    }
    return override;
  }
  if (shell !== undefined) {
    return shell;
  }
  if (!defaultShell) {
    return 'sh';
  }
  const posix = posixShellName(defaultShell);
  if (!posix) {
    throw new Error(`a \`${tag}\` block runs in your default shell, and ${displaySafe(defaultShell)} is not a POSIX shell: tag the block sh, bash or zsh, or make a POSIX shell the default`);
  }
  return posix;
}

export function shellKind(shell: RunShell): ShellKind {
  return shell === 'pwsh' ? 'powershell' : 'posix';
}

/**
 * What a value from an alert (or `--label`) must look like to be used without asking, when its variable declares
 * neither `pattern` nor `enum`: label-like text, at most 256 characters.
 */
export const DEFAULT_VALUE = /^[A-Za-z0-9_.:/@+,=%~ -]{0,256}$/;
/** Values longer than this are never tested against a declared pattern (they are confirmed instead). */
const PATTERN_MAX_INPUT = 1024;

/**
 * A runbook's `pattern:` compiled to match whole values, or the reason it is refused. Patterns come from the
 * repository (hostile): they run on the linear-time engine of core/safeRegex, which refuses what it cannot run in
 * linear time (backreferences, lookaheads).
 */
export function compileValuePattern(pattern: string): SafePattern | string {
  const compiled = compileUserPattern(`^(?:${pattern})$`, 'u');
  return compiled.ok ? compiled : `the pattern is not usable: ${compiled.problem}`;
}

/** Why `value` does not fit `spec` (its pattern or enum, else DEFAULT_VALUE), or undefined when it does. */
export function valueProblem(value: string, spec: VariableSpec | undefined): string | undefined {
  if (spec?.enum !== undefined) {
    return spec.enum.includes(value) ? undefined : `it is not one of the values the runbook allows (${spec.enum.slice(0, 8).map((v) => JSON.stringify(v)).join(', ')}${spec.enum.length > 8 ? ', …' : ''})`;
  }
  if (spec?.pattern !== undefined) {
    const re = compileValuePattern(spec.pattern);
    if (typeof re === 'string') {
      return `the runbook's pattern for it cannot be used: ${re}`;
    }
    return value.length <= PATTERN_MAX_INPUT && re.test(value) ? undefined : `it does not match the runbook's pattern /${spec.pattern}/`;
  }
  return DEFAULT_VALUE.test(value) ? undefined : 'it is not label-like text (letters, digits, spaces and _ . : / @ + , = % ~ -, at most 256 characters); the runbook declares no pattern or enum for it';
}

/** An environment variable name a value may be exported under (besides not being reserved, see envName). */
const EXPORTABLE = /^[A-Z][A-Z0-9_]*$/;

export interface PrepareInput {
  readonly runbook: Pick<Runbook, 'variables'>;
  readonly step: Step;
  /** The shell that will run the text (see shellForStep). */
  readonly shell: RunShell;
  /** Values from outside: an alert's labels (alert link, payload, bound labels, `--label`). Validated. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Where `labels` came from, for messages ("the alert link", "--label"). */
  readonly labelOrigin?: string;
  /** Values the person gave (input boxes, earlier in the incident, `--var`): used as they are. */
  readonly typed?: Readonly<Record<string, string>>;
  /** Names whose unusual value (see toConfirm) the person has seen and accepted. */
  readonly confirmed?: Iterable<string>;
  /** `runbooks.run.dangerousPatterns` (default DEFAULT_DANGEROUS_PATTERNS). */
  readonly dangerousPatterns?: readonly string[];
  /** `runbooks.run.confirmCommands` (default withVariables). */
  readonly confirmMode?: ConfirmMode;
  /** The text will be typed into an interactive terminal: refuse characters the terminal would act on. */
  readonly forTerminal?: boolean;
}

export interface ValueToConfirm {
  readonly name: string;
  /** The value exactly as received. */
  readonly value: string;
  /** The value for showing: control and bidi characters escaped (see displaySafe), secrets masked. */
  readonly shown: string;
  readonly origin: string;
  /** Why it needs a yes. */
  readonly why: string;
}

export interface PreparedStep {
  readonly shell: RunShell;
  /** The text to give the shell, self-contained (the assignment line, then the command); '' when not ready. */
  readonly text: string;
  /** `text` as it may be shown or recorded: secrets masked, control and bidi characters escaped. */
  readonly display: string;
  /** The values of the step's `secret: true` variables (non-empty): masked wherever text is shown or recorded. */
  readonly secrets: string[];
  /** Names with no value: ask for them (then prepare again with them in `typed`). */
  readonly missing: string[];
  /** Values from outside that fit neither their declaration nor the default: show them raw, and ask. */
  readonly toConfirm: ValueToConfirm[];
  /** The step is destructive or runs a dangerous command (in the runbook's text or with the values in). */
  readonly danger: Confirmation;
  /** Whether to show the command and ask before running it, and why (one line each). */
  readonly confirm: { readonly needed: boolean; readonly reasons: string[] };
  /** The placeholders' and environment references' names, in order of use. */
  readonly names: string[];
  readonly values: Readonly<Record<string, string>>;
  readonly from: Readonly<Record<string, ValueSource>>;
  /** Environment variables the text exports (for `$NAME` references of the step). */
  readonly env: Readonly<Record<string, string>>;
  /** Why the step cannot run (a QuoteError's message, a shell mismatch…), for the person; undefined when it can. */
  readonly error?: string;
}

/** Prepare `input.step` to run (pure: no prompts, no I/O). */
export function prepareStep(input: PrepareInput): PreparedStep {
  const { runbook, step, shell } = input;
  const kind = shellKind(shell);
  const empty = { shell, text: '', display: '', secrets: [], missing: [], toConfirm: [], danger: { confirm: false, reasons: [], risk: 'read' as const }, confirm: { needed: false, reasons: [] }, names: [], values: {}, from: {}, env: {} };
  const units = splitUnits(step);
  if (units.some((u) => u.shell !== kind)) {
    return { ...empty, error: `step ${step.id} is ${kind === 'posix' ? 'PowerShell' : 'a POSIX shell command'} and cannot run in ${shell}` };
  }
  const command = units.map((u) => u.text).join('\n');
  if (!command.trim()) {
    return { ...empty, error: `step ${step.id} has no command to run${step.language === 'console' ? ' (a console block runs only its `$ ` lines)' : ''}` };
  }
  const labels = input.labels ?? {};
  const typed = input.typed ?? {};
  const known = new Set([...Object.keys(runbook.variables), ...Object.keys(labels), ...Object.keys(typed)]);
  const dialect = shell === 'pwsh' ? 'bash' : shell;
  const source = kind === 'posix' ? stripComments(command, known, dialect) : command;
  const placeholders = findPlaceholders(source, known, kind, dialect);
  const names = placeholderNames(placeholders);
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(runbook.variables)) {
    if (spec.default !== undefined) {
      defaults[name] = spec.default;
    }
  }
  const resolved = resolveValues(names, { labels, session: typed, defaults });
  if (resolved.missing.length > 0) {
    return { ...empty, missing: resolved.missing, names, values: resolved.values, from: resolved.from };
  }
  const secrets = names.filter((n) => runbook.variables[n]?.secret).map((n) => resolved.values[n]).filter((v) => v !== '');
  const shown = (text: string) => displaySafe(mask(text, secrets));

  const confirmed = new Set(input.confirmed ?? []);
  const toConfirm: ValueToConfirm[] = [];
  for (const name of names) {
    if (resolved.from[name] !== 'labels' || confirmed.has(name)) {
      continue;
    }
    const value = resolved.values[name];
    const why = valueProblem(value, runbook.variables[name]);
    if (why !== undefined) {
      const secret = runbook.variables[name]?.secret === true;
      toConfirm.push({ name, value, shown: secret ? `${MASK} (${value.length} characters)` : displaySafe(value), origin: input.labelOrigin ?? 'the alert', why });
    }
  }

  // `$NAME` references of the step are the only environment it gets, and only under a harmless name.
  const env: Record<string, string> = {};
  for (const p of placeholders) {
    const e = p.style === 'env' ? envName(p.name) : undefined;
    if (e !== undefined && EXPORTABLE.test(e) && !Object.hasOwn(env, e)) {
      env[e] = resolved.values[p.name];
    }
  }
  const valueNames = placeholderNames(placeholders.filter((p) => p.style !== 'env'));
  const values: Record<string, string> = {};
  for (const n of valueNames) {
    values[n] = resolved.values[n];
  }
  let text: string;
  try {
    const parts = substituteParts(command, values, kind, known, env, dialect);
    // Typed into a terminal, the assignments and the command go on one line (`A='…'; cmd`): VS Code 1.93's shell
    // integration reported a two-line command as interrupted (exit 130). The same text for a shell (`runbook run`).
    text = input.forTerminal && parts.assignments ? `${parts.assignments}; ${parts.body}` : parts.text;
    // An open quote or here-document would leave an interactive shell reading the next step as part of this one.
    if (!scanShell(text, kind, [], dialect).complete) {
      throw new QuoteError(`the command is not complete as ${shell} reads it (an open quote, bracket, here-document or trailing operator): fix the runbook's step`);
    }
    if (input.forTerminal) {
      assertTerminalSafe(text);
      if (text.includes('\t')) {
        const tabbed = [...valueNames, ...Object.keys(env)].find((n) => (values[n] ?? env[n] ?? '').includes('\t'));
        throw new QuoteError(`${tabbed === undefined ? 'the command' : `the value of '${tabbed}'`} holds a tab, which an interactive shell takes for completion: ${tabbed === undefined ? 'indent with spaces' : 'remove it'}, or run the step outside a terminal (runbook run)`, tabbed);
      }
    }
  } catch (e) {
    if (e instanceof QuoteError) {
      return { ...empty, names, values: resolved.values, from: resolved.from, toConfirm, error: `cannot run step ${step.id} safely: ${shown(e.message)}` };
    }
    throw e;
  }

  // Dangerous commands: as the runbook writes them, and with the values in (a value may be the verb).
  const patterns = input.dangerousPatterns ?? DEFAULT_DANGEROUS_PATTERNS;
  const written = needsConfirmation(step, command, patterns);
  let rendered = '';
  let pos = 0;
  for (const p of placeholders) {
    rendered += source.slice(pos, p.start) + (resolved.values[p.name] ?? '');
    pos = p.end;
  }
  rendered += source.slice(pos);
  // (A pattern that matched the written text already has its reason.)
  const filled = needsConfirmation({ destructive: false }, rendered, patterns.filter((p) => !needsConfirmation({ destructive: false }, command, [p]).confirm));
  const reasons = [...new Set([...written.reasons, ...filled.reasons])].map(shown);
  const danger: Confirmation = { confirm: reasons.length > 0, reasons, risk: maxRisk(written.risk, filled.risk) };

  const mode = input.confirmMode ?? 'withVariables';
  const confirmReasons = [...reasons];
  if (confirmReasons.length === 0 && mode === 'always') {
    confirmReasons.push('runbooks.run.confirmCommands is "always"');
  } else if (confirmReasons.length === 0 && mode === 'withVariables' && names.length > 0) {
    confirmReasons.push(`it fills in ${names.map((n) => `{{${n}}}`).join(', ')}`);
  }
  return {
    shell, text, display: shown(text), secrets, missing: [], toConfirm, danger, confirm: { needed: confirmReasons.length > 0, reasons: confirmReasons },
    names, values: resolved.values, from: resolved.from, env,
  };
}
